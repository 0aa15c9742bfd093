//! What a push reads and keeps (CONTRACT §9): the cached rows it may send,
//! and the push record of what the provider accepted.

use rusqlite::{OptionalExtension, params};

use super::{Store, now_unix};
use crate::error::Result;
use crate::metric::Metric;
use crate::source::SourceId;

/// One cached value of a metric, as the push's day rules read it.
#[derive(Clone, Debug, PartialEq)]
pub struct PushCandidate {
    pub source: SourceId,
    pub start: i64,
    /// `None` for point samples.
    pub end: Option<i64>,
    pub value: f64,
    /// The record's own offset at `start` (seconds east of UTC).
    pub utc_offset: i32,
    /// Finer detail beside the source's own totals.
    pub intraday: bool,
}

/// One value the provider accepted for an (attribute, date).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PushedValue {
    pub attribute: String,
    /// `YYYY-MM-DD`, the provider's local date.
    pub date: String,
    /// The JSON number as sent (`424`, `70.25`).
    pub value: String,
}

/// The app's automatic push after each sync (off by default).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PushSettings {
    pub auto: bool,
    /// Metric ids; empty = every pushed metric.
    pub metrics: Vec<String>,
    /// Unix seconds of the last automatic push.
    pub last_auto_push: Option<i64>,
}

impl Store {
    pub fn push_settings(&self, provider: &str) -> Result<PushSettings> {
        let row: Option<(bool, String, Option<i64>)> = self
            .conn
            .prepare_cached(
                "SELECT auto, metrics, last_auto_push FROM push_settings WHERE provider = ?1",
            )?
            .query_row([provider], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })
            .optional()?;
        Ok(
            row.map_or_else(PushSettings::default, |(auto, metrics, last)| {
                PushSettings {
                    auto,
                    metrics: metrics
                        .split(',')
                        .filter(|m| !m.is_empty())
                        .map(str::to_owned)
                        .collect(),
                    last_auto_push: last,
                }
            }),
        )
    }

    pub fn set_push_settings(&self, provider: &str, settings: &PushSettings) -> Result<()> {
        self.conn.execute(
            "INSERT INTO push_settings (provider, auto, metrics, last_auto_push) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (provider) DO UPDATE SET auto = excluded.auto, metrics = excluded.metrics,
                 last_auto_push = excluded.last_auto_push",
            params![provider, settings.auto, settings.metrics.join(","), settings.last_auto_push],
        )?;
        Ok(())
    }

    /// Every stored row of `metric` (both tiers, every source) that starts
    /// in `[from, to)`, by start.
    pub fn push_candidates(
        &self,
        metric: Metric,
        (from, to): (i64, i64),
    ) -> Result<Vec<PushCandidate>> {
        let names = self.source_names()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT source_id, start_utc, end_utc, value, utc_offset, intraday FROM measurements
             WHERE metric_id = ?1 AND start_utc >= ?2 AND start_utc < ?3
             ORDER BY start_utc, source_id",
        )?;
        let rows = stmt.query_map(params![self.metric_id(metric), from, to], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, Option<i64>>(2)?,
                row.get::<_, f64>(3)?,
                row.get::<_, i64>(4)?,
                row.get::<_, bool>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (source_id, start, end, value, offset, intraday) = row?;
            // A source this build does not know (a newer version wrote it) is skipped.
            let Some(source) = names.get(&source_id) else {
                continue;
            };
            out.push(PushCandidate {
                source: source.clone(),
                start,
                end,
                value,
                utc_offset: i32::try_from(offset).unwrap_or(0),
                intraday,
            });
        }
        Ok(out)
    }

    /// The push record of `provider` for dates in `[from, to]` (`YYYY-MM-DD`).
    pub fn pushed_values(
        &self,
        provider: &str,
        (from, to): (&str, &str),
    ) -> Result<Vec<PushedValue>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT attribute, date, value FROM push_record
             WHERE provider = ?1 AND date BETWEEN ?2 AND ?3 ORDER BY attribute, date",
        )?;
        let rows = stmt.query_map(params![provider, from, to], |row| {
            Ok(PushedValue {
                attribute: row.get(0)?,
                date: row.get(1)?,
                value: row.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records values the provider accepted, in one transaction.
    pub fn record_pushed(&mut self, provider: &str, accepted: &[PushedValue]) -> Result<()> {
        let now = now_unix();
        let tx = self.conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO push_record (provider, attribute, date, value, sent_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (provider, attribute, date)
                 DO UPDATE SET value = excluded.value, sent_at = excluded.sent_at",
            )?;
            for item in accepted {
                stmt.execute(params![
                    provider,
                    item.attribute,
                    item.date,
                    item.value,
                    now
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The attributes this data directory has acquired at `provider`.
    pub fn acquired_attributes(&self, provider: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT attribute FROM push_acquired WHERE provider = ?1 ORDER BY attribute",
        )?;
        let rows = stmt.query_map([provider], |row| row.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn record_acquired(&mut self, provider: &str, attributes: &[&str]) -> Result<()> {
        let now = now_unix();
        let tx = self.conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO push_acquired (provider, attribute, acquired_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (provider, attribute) DO UPDATE SET acquired_at = excluded.acquired_at",
            )?;
            for attribute in attributes {
                stmt.execute(params![provider, attribute, now])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Forgets the push record and the acquisitions (`disconnect --purge`).
    pub fn forget_pushes(&mut self, provider: &str) -> Result<u64> {
        let tx = self.conn.transaction()?;
        let removed = tx.execute("DELETE FROM push_record WHERE provider = ?1", [provider])?;
        tx.execute("DELETE FROM push_acquired WHERE provider = ?1", [provider])?;
        tx.execute("DELETE FROM push_settings WHERE provider = ?1", [provider])?;
        tx.commit()?;
        Ok(removed as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Batch, Measurement, Zone};

    fn pushed(attribute: &str, date: &str, value: &str) -> PushedValue {
        PushedValue {
            attribute: attribute.into(),
            date: date.into(),
            value: value.into(),
        }
    }

    #[test]
    fn the_record_keeps_the_last_accepted_value_per_attribute_and_date() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .record_pushed(
                "exist",
                &[
                    pushed("steps", "2026-11-20", "424"),
                    pushed("weight", "2026-11-20", "70.5"),
                ],
            )
            .unwrap();
        store
            .record_pushed("exist", &[pushed("steps", "2026-11-20", "425")])
            .unwrap();
        let record = store
            .pushed_values("exist", ("2026-11-20", "2026-11-20"))
            .unwrap();
        assert_eq!(
            record,
            [
                pushed("steps", "2026-11-20", "425"),
                pushed("weight", "2026-11-20", "70.5")
            ]
        );
        assert!(
            store
                .pushed_values("exist", ("2026-11-21", "2026-12-01"))
                .unwrap()
                .is_empty()
        );
        store.record_acquired("exist", &["steps"]).unwrap();
        assert_eq!(store.acquired_attributes("exist").unwrap(), ["steps"]);
        let settings = PushSettings {
            auto: true,
            metrics: vec!["steps".into(), "weight".into()],
            last_auto_push: Some(5),
        };
        assert_eq!(
            store.push_settings("exist").unwrap(),
            PushSettings::default()
        );
        store.set_push_settings("exist", &settings).unwrap();
        assert_eq!(store.push_settings("exist").unwrap(), settings);
        assert_eq!(store.forget_pushes("exist").unwrap(), 2);
        assert!(store.acquired_attributes("exist").unwrap().is_empty());
    }

    #[test]
    fn candidates_carry_source_offset_and_tier() {
        let mut store = Store::open_in_memory().unwrap();
        let paris = Zone::Fixed(3600);
        let mut batch = Batch::new("withings".parse().unwrap());
        batch.measurements.push(Measurement::interval(
            Metric::Steps,
            82_800,
            169_200,
            9000.0,
            paris,
        ));
        batch
            .measurements
            .push(Measurement::interval(Metric::Steps, 90_000, 93_600, 500.0, paris).as_intraday());
        store.ingest(&batch).unwrap();
        let rows = store.push_candidates(Metric::Steps, (0, 200_000)).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].source.as_str(), "withings");
        assert_eq!(
            (rows[0].value, rows[0].utc_offset, rows[0].intraday),
            (9000.0, 3600, false)
        );
        assert_eq!((rows[1].value, rows[1].intraday), (500.0, true));
        assert!(
            store
                .push_candidates(Metric::Weight, (0, 200_000))
                .unwrap()
                .is_empty()
        );
    }
}
