//! `insights`: the flags of the enabled rules and the significant
//! correlations over a range of days, as text or JSON.

use std::io::Write;

use anyhow::{Result, bail};
use chrono::{Days, NaiveDate};
use healthdash_core::config::DataDir;
use healthdash_core::insights::{
    Correlation, Flag, FlagDay, InsightOptions, Insights, Q_SIGNIFICANT, compute,
};
use healthdash_core::{SourceId, Zone};

use crate::args::InsightsArgs;
use crate::output::Stdout;

/// The default range: a year of days ending on `--to`.
const DEFAULT_DAYS: u64 = 365;

pub fn run(dir: &DataDir, args: &InsightsArgs) -> Result<()> {
    let (first, last) = days(args.from.as_deref(), args.to.as_deref(), Zone::local())?;
    let store = dir.open_store()?;
    let config = dir.load_config()?;
    // As in the app: once the user's own data is in, the demo person is hidden.
    let priority = if store.has_own_data()? {
        config.priority.hiding(SourceId::demo())
    } else {
        config.priority
    };
    let options = InsightOptions {
        first,
        last,
        priority,
        disabled: config.insights.disabled,
    };
    let insights = compute(&store, &options)?;
    let mut out = Stdout::new();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &insights)?;
        writeln!(out)?;
    } else {
        write_text(&mut out, &insights)?;
    }
    out.flush()?;
    Ok(())
}

fn parse_day(s: &str, flag: &str) -> Result<NaiveDate> {
    match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Ok(date) => Ok(date),
        Err(_) => bail!("invalid date '{s}' for {flag} (expected YYYY-MM-DD, e.g. 2026-03-01)"),
    }
}

/// First and last day: `--to` or today, and `--from` or a year before.
fn days(from: Option<&str>, to: Option<&str>, zone: Zone) -> Result<(NaiveDate, NaiveDate)> {
    let last = match to {
        Some(s) => parse_day(s, "--to")?,
        None => zone.local_date(chrono::Utc::now().timestamp()),
    };
    let first = match from {
        Some(s) => parse_day(s, "--from")?,
        None => last
            .checked_sub_days(Days::new(DEFAULT_DAYS - 1))
            .unwrap_or(last),
    };
    if first > last {
        bail!("--from {first} is after --to {last}");
    }
    Ok((first, last))
}

fn write_text(out: &mut impl Write, insights: &Insights) -> Result<()> {
    writeln!(out, "Insights from {} to {}", insights.first, insights.last)?;
    writeln!(out)?;
    if insights.flags.is_empty() {
        writeln!(out, "Flags: none")?;
    } else {
        writeln!(out, "Flags ({})", insights.flags.len())?;
        for flag in &insights.flags {
            write_flag(out, flag)?;
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "Correlations (q <= {Q_SIGNIFICANT}; {} pairs tested): {}",
        insights.pairs_tested,
        if insights.correlations.is_empty() {
            "none significant"
        } else {
            "a, then b lag days later"
        }
    )?;
    for c in &insights.correlations {
        write_correlation(out, c)?;
    }
    Ok(())
}

fn write_flag(out: &mut impl Write, flag: &Flag) -> Result<()> {
    writeln!(
        out,
        "  {} to {}  {}  {} ({} days)",
        flag.first,
        flag.last,
        flag.rule,
        flag.title,
        flag.days.len()
    )?;
    writeln!(out, "    rule: {}", flag.rule_text)?;
    for day in &flag.days {
        if flag.rule.is_trend() {
            write_trend_day(out, day, &flag.unit)?;
        } else {
            write_day(out, day, &flag.unit)?;
        }
    }
    Ok(())
}

fn write_day(out: &mut impl Write, day: &FlagDay, unit: &str) -> Result<()> {
    let v = |x: f64| number(x, unit);
    writeln!(
        out,
        "    {}  {} {unit}  (usual {} to {} {unit}, median {})",
        day.date,
        v(day.value),
        v(day.lo),
        v(day.hi),
        v(day.mid)
    )?;
    Ok(())
}

/// A trend day: the median of its 28 days against the 28 before.
fn write_trend_day(out: &mut impl Write, day: &FlagDay, unit: &str) -> Result<()> {
    let v = |x: f64| number(x, unit);
    writeln!(
        out,
        "    {}  28-day median {} {unit}  (28 days before: {} {unit})",
        day.date,
        v(day.value),
        v(day.mid)
    )?;
    Ok(())
}

fn write_correlation(out: &mut impl Write, c: &Correlation) -> Result<()> {
    writeln!(
        out,
        "  {} -> {}  lag {} d  rho {:+.2}  {} days  q {}",
        c.a.id(),
        c.b.id(),
        c.lag_days,
        c.rho,
        c.n,
        q_text(c.q)
    )?;
    Ok(())
}

fn q_text(q: f64) -> String {
    if q < 0.0001 {
        "< 0.0001".to_owned()
    } else {
        format!("{q:.4}")
    }
}

/// A value in its stored unit: whole numbers for counts, seconds and
/// energy; one decimal for the rest (72.4 kg, 61.5 bpm).
fn number(value: f64, unit: &str) -> String {
    match unit {
        "count" | "s" | "kcal" | "m" => format!("{value:.0}"),
        _ => format!("{value:.1}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_default_to_a_year_ending_today_and_bad_ones_are_named() {
        let zone = Zone::UTC;
        let (first, last) = days(None, Some("2026-12-31"), zone).unwrap();
        assert_eq!(
            (first.to_string(), last.to_string()),
            ("2026-01-01".into(), "2026-12-31".into())
        );
        let err = days(Some("2026-13-01"), None, zone)
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "invalid date '2026-13-01' for --from (expected YYYY-MM-DD, e.g. 2026-03-01)"
        );
        let err = days(Some("2026-03-02"), Some("2026-03-01"), zone)
            .unwrap_err()
            .to_string();
        assert_eq!(err, "--from 2026-03-02 is after --to 2026-03-01");
    }

    #[test]
    fn numbers_keep_the_precision_of_their_unit() {
        assert_eq!(number(8123.4, "count"), "8123");
        assert_eq!(number(61.46, "bpm"), "61.5");
        assert_eq!(number(27_000.2, "s"), "27000");
    }
}
