//! Measure groups: the height and weight goals set up with the account, then
//! per day weigh-ins (the person's and a guest's), weights typed in by hand,
//! blood pressure, temperatures and SpO2.

use super::*;

/// `deviceid`, `modelid` and `model` of a group (all `None` for manual entries).
type DeviceFields = (Option<String>, Option<u32>, Option<String>);

/// A group before it gets its grpid and its creation and modification times.
struct Draft {
    attrib: u8,
    date: i64,
    category: u8,
    dev: DeviceFields,
    comment: Option<String>,
    measures: Vec<Measure>,
    edited_days: i64,
}

fn device(id: &str, (model, modelid): (&str, u32)) -> DeviceFields {
    (Some(id.to_string()), Some(modelid), Some(model.to_string()))
}

const NO_DEVICE: DeviceFields = (None, None, None);

/// Now and then the user edits a group days after it was made.
fn edited_days(rng: &mut ChaCha8Rng) -> i64 {
    if rng.random_bool(0.02) {
        rng.random_range(1..10)
    } else {
        0
    }
}

impl FakeData {
    pub(super) fn gen_groups(&self, dates: &[NaiveDate], end_ts: i64) -> (Vec<MeasureGroup>, u64) {
        let mut drafts = self.account_drafts(dates);
        let mut weigh_ins = 0u32;
        for (i, date) in dates.iter().enumerate() {
            self.day_drafts(i, *date, &mut weigh_ins, &mut drafts);
        }
        drafts.sort_by_key(|d| d.date);
        self.number_groups(drafts, end_ts)
    }

    /// Entered when the account was made: the height and three weight goals.
    fn account_drafts(&self, dates: &[NaiveDate]) -> Vec<Draft> {
        let mut drafts: Vec<Draft> = Vec::new();
        let first = dates.first().copied().unwrap_or(self.until);
        let creation = local_ts(HOME_TZ, first, 10, 0);
        drafts.push(Draft {
            attrib: 4,
            date: creation,
            category: 1,
            dev: NO_DEVICE,
            comment: None,
            measures: vec![Measure::new(meastype::HEIGHT, 178, -2)],
            edited_days: 0,
        });
        for (k, (days_in, target)) in [
            (0usize, 78_000i64),
            (dates.len() / 3, 77_000),
            (dates.len() * 3 / 4, 76_500),
        ]
        .into_iter()
        .enumerate()
        {
            if let Some(d) = dates.get(days_in) {
                drafts.push(Draft {
                    attrib: 2,
                    date: local_ts(HOME_TZ, *d, 10, 5 + k as u32),
                    category: 2,
                    dev: NO_DEVICE,
                    comment: None,
                    measures: vec![Measure::new(meastype::WEIGHT, target, -3)],
                    edited_days: 0,
                });
            }
        }
        drafts
    }

    /// The day's groups, all drawn from the day's own RNG in this fixed order
    /// (changing the order changes every later value of the day).
    fn day_drafts(&self, i: usize, date: NaiveDate, weigh_ins: &mut u32, drafts: &mut Vec<Draft>) {
        let mut rng = rng_for(self.seed, K_MEASURE, date);
        let tz = self.timezone_on(date);
        let at_home = tz == HOME_TZ;
        if at_home && rng.random_bool(0.86) {
            *weigh_ins += 1;
            drafts.push(self.weigh_in(&mut rng, i, date, tz, *weigh_ins));
        }
        // Someone else stepped on the scale: the device could not tell who.
        if at_home && rng.random_bool(0.03) {
            drafts.push(self.guest_weigh_in(&mut rng, date, tz));
        }
        // A weight typed in by hand, in another unit exponent than the scale's.
        if rng.random_bool(0.012) {
            drafts.push(manual_weight(&mut rng, date, tz));
        }
        if at_home && date.weekday() == Weekday::Sun {
            drafts.push(self.blood_pressure(&mut rng, date, tz));
        }
        if rng.random_bool(0.022) {
            drafts.push(temperature(&mut rng, i, date, tz));
        }
        if i % 9 == 4 {
            drafts.push(self.spo2(&mut rng, date, tz));
        }
    }

    /// The person on the scale a few minutes after waking: weight and body
    /// composition that add up, and every 14th time the pulse wave velocity.
    fn weigh_in(
        &self,
        rng: &mut ChaCha8Rng,
        i: usize,
        date: NaiveDate,
        tz: Tz,
        weigh_ins: u32,
    ) -> Draft {
        let dayno = f64::from(date.num_days_from_ce());
        let tau = std::f64::consts::TAU;
        let kg = 79.5
            + 1.2 * (dayno * tau / 365.0).sin()
            + 0.6 * (dayno * tau / 47.0).sin()
            + rng.random_range(-0.35..0.35);
        let weight = (kg * 100.0).round() as i64 * 10;
        let kg = weight as f64 / 1000.0;
        let fat_pct = 18.5 + 0.8 * (dayno * tau / 200.0).sin() + rng.random_range(-0.6..0.6);
        let fat_ratio = (fat_pct * 1000.0).round() as i64;
        let fat_kg = kg * fat_ratio as f64 / 100_000.0;
        let ffm = kg - fat_kg;
        let bone = 3.3 + rng.random_range(-0.05..0.05);
        let scale_meas = |t, v, u| Measure {
            algo: Some(0),
            fm: Some(131),
            ..Measure::new(t, v, u)
        };
        let mut measures = vec![
            scale_meas(meastype::WEIGHT, weight, -3),
            Measure::new(meastype::FAT_FREE_MASS, (ffm * 1000.0).round() as i64, -3),
            Measure::new(meastype::FAT_RATIO, fat_ratio, -3),
            scale_meas(meastype::FAT_MASS, (fat_kg * 100.0).round() as i64, -2),
            Measure::new(
                meastype::MUSCLE_MASS,
                ((ffm * 0.945 - bone) * 100.0).round() as i64,
                -2,
            ),
            Measure::new(
                meastype::HYDRATION,
                (ffm * 0.728 * 100.0).round() as i64,
                -2,
            ),
            Measure::new(meastype::BONE_MASS, (bone * 100.0).round() as i64, -2),
        ];
        if weigh_ins.is_multiple_of(14) {
            measures.push(Measure::new(
                meastype::PULSE_WAVE_VELOCITY,
                rng.random_range(6800..8200),
                -3,
            ));
        }
        let wake = self
            .nights
            .get(i)
            .map_or_else(|| local_ts(tz, date, 7, 0), |n| n.enddate);
        Draft {
            attrib: 0,
            date: wake + rng.random_range(240..1500),
            category: 1,
            dev: device(&self.ids.scale, SCALE),
            comment: None,
            measures,
            edited_days: edited_days(rng),
        }
    }

    fn guest_weigh_in(&self, rng: &mut ChaCha8Rng, date: NaiveDate, tz: Tz) -> Draft {
        let kg = rng.random_range(60.0..64.5);
        let weight = (kg * 100.0_f64).round() as i64 * 10;
        Draft {
            attrib: 1,
            date: local_ts(tz, date, 20, rng.random_range(0..59)),
            category: 1,
            dev: device(&self.ids.scale, SCALE),
            comment: None,
            measures: vec![
                Measure::new(meastype::WEIGHT, weight, -3),
                Measure::new(meastype::FAT_RATIO, rng.random_range(24_000..30_000), -3),
            ],
            edited_days: 0,
        }
    }

    /// Sunday mornings at home, with the blood-pressure monitor.
    fn blood_pressure(&self, rng: &mut ChaCha8Rng, date: NaiveDate, tz: Tz) -> Draft {
        Draft {
            attrib: 0,
            date: local_ts(tz, date, 9, 30 + rng.random_range(0..20)),
            category: 1,
            dev: device(&self.ids.bpm, BPM),
            comment: None,
            measures: vec![
                Measure::new(meastype::DIASTOLIC, rng.random_range(72..=85), 0),
                Measure::new(meastype::SYSTOLIC, rng.random_range(114..=132), 0),
                Measure::new(meastype::HEART_PULSE, rng.random_range(58..=72), 0),
            ],
            edited_days: edited_days(rng),
        }
    }

    /// A spot check on the watch every ninth day.
    fn spo2(&self, rng: &mut ChaCha8Rng, date: NaiveDate, tz: Tz) -> Draft {
        Draft {
            attrib: 0,
            date: local_ts(tz, date, 12, rng.random_range(0..59)),
            category: 1,
            dev: device(&self.ids.watch, WATCH),
            comment: None,
            measures: vec![
                Measure::new(meastype::SPO2, rng.random_range(95..=99), 0),
                Measure::new(meastype::HEART_PULSE, rng.random_range(60..=78), 0),
            ],
            edited_days: 0,
        }
    }

    /// Grpids rise with the date in uneven steps; device groups reach the
    /// server a little after they were measured, manual ones at once.
    fn number_groups(&self, drafts: Vec<Draft>, end_ts: i64) -> (Vec<MeasureGroup>, u64) {
        let mut grpid: u64 = 4_280_000_000;
        let mut id_rng = ChaCha8Rng::seed_from_u64(mix(self.seed ^ 0x0067_7270_6964));
        let groups = drafts
            .into_iter()
            .map(|d| {
                grpid += id_rng.random_range(5_000..60_000);
                let created = if d.attrib == 0 || d.attrib == 1 {
                    d.date + id_rng.random_range(30..600)
                } else {
                    d.date + 5
                };
                let created = created.min(end_ts - 2);
                let modified = (created + d.edited_days * 86_400).min(end_ts - 1);
                MeasureGroup {
                    grpid,
                    attrib: d.attrib,
                    date: d.date,
                    created,
                    modified,
                    category: d.category,
                    deviceid: d.dev.0.clone(),
                    hash_deviceid: d.dev.0,
                    modelid: d.dev.1,
                    model: d.dev.2,
                    comment: d.comment,
                    measures: d.measures,
                }
            })
            .collect();
        (groups, grpid + 10_000)
    }
}

fn manual_weight(rng: &mut ChaCha8Rng, date: NaiveDate, tz: Tz) -> Draft {
    Draft {
        attrib: 2,
        date: local_ts(tz, date, 21, rng.random_range(0..59)),
        category: 1,
        dev: NO_DEVICE,
        comment: Some("entered by hand".into()),
        measures: vec![Measure::new(
            meastype::WEIGHT,
            rng.random_range(7850..8150),
            -2,
        )],
        edited_days: 0,
    }
}

/// Body or skin temperature, taken by hand, alternating by day.
fn temperature(rng: &mut ChaCha8Rng, i: usize, date: NaiveDate, tz: Tz) -> Draft {
    let t = if i.is_multiple_of(2) {
        meastype::BODY_TEMPERATURE
    } else {
        meastype::TEMPERATURE
    };
    Draft {
        attrib: 2,
        date: local_ts(tz, date, 8, rng.random_range(0..59)),
        category: 1,
        dev: NO_DEVICE,
        comment: None,
        measures: vec![Measure::new(t, rng.random_range(3640..3760), -2)],
        edited_days: 0,
    }
}
