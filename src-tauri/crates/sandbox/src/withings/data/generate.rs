//! Building the data set: one RNG per (seed, kind of record, date), so a date's
//! values do not depend on the range asked for; see the parent module for the
//! person and the consistency rules.

use super::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// RNG streams, one per kind of record.
const K_NIGHT: u64 = 1;
const K_ACTIVITY: u64 = 2;
const K_INTRADAY: u64 = 3;
const K_WORKOUT: u64 = 4;
const K_MEASURE: u64 = 5;
const K_IDS: u64 = 6;

fn rng_for(seed: u64, kind: u64, date: NaiveDate) -> ChaCha8Rng {
    let day = date.num_days_from_ce() as u64;
    ChaCha8Rng::seed_from_u64(mix(
        seed ^ mix(kind.wrapping_mul(0x1000_0000_01b3) ^ mix(day))
    ))
}

fn round_to(x: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (x * f).round() / f
}

/// Second Sunday of March: the US switch to summer time.
fn us_dst_start(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, 3, Weekday::Sun, 2)
}

fn hex_id(seed: u64, salt: u64) -> String {
    let mut s = String::with_capacity(40);
    let mut x = mix(seed ^ mix(salt));
    while s.len() < 40 {
        x = mix(x);
        s.push_str(&format!("{x:016x}"));
    }
    s.truncate(40);
    s
}

impl FakeData {
    /// Builds the data set for the `days` days before `until` (exclusive).
    pub fn generate(seed: u64, until: NaiveDate, days: u32) -> Self {
        let days = days.max(1);
        let first = until
            .checked_sub_days(Days::new(u64::from(days)))
            .unwrap_or(until);
        let last = prev_day(until);
        let trip = Self::place_trip(first, last);
        let ids = DeviceIds {
            scale: hex_id(seed, K_IDS * 10 + 1),
            watch: hex_id(seed, K_IDS * 10 + 2),
            sleep: hex_id(seed, K_IDS * 10 + 3),
            bpm: hex_id(seed, K_IDS * 10 + 4),
        };
        let end_ts = until.and_time(NaiveTime::MIN).and_utc().timestamp();
        let mut data = FakeData {
            seed,
            until,
            days,
            userid: 30_000_000 + mix(seed) % 9_000_000,
            trip,
            ids,
            groups: RwLock::new(GroupStore {
                groups: Vec::new(),
                next_grpid: 0,
            }),
            activity: Vec::new(),
            nights: Vec::new(),
            workouts: Vec::new(),
            deleted_workouts: RwLock::new(Vec::new()),
        };
        let dates: Vec<NaiveDate> = first.iter_days().take_while(|d| *d <= last).collect();
        data.nights = dates
            .iter()
            .enumerate()
            .map(|(i, d)| data.gen_night(i, *d))
            .collect();
        let windows: Vec<(i64, i64)> = (0..dates.len())
            .map(|i| data.waking_window(&dates, i))
            .collect();
        data.workouts = data.gen_workouts(&dates, &windows);
        data.activity = dates
            .iter()
            .zip(&windows)
            .map(|(d, w)| data.gen_activity(*d, *w, end_ts))
            .collect();
        let (groups, next) = data.gen_groups(&dates, end_ts);
        data.groups = RwLock::new(GroupStore {
            groups,
            next_grpid: next,
        });
        data
    }

    /// The trip: four days before to five days after the latest US DST start that
    /// fits inside the range with a margin, or none for short ranges.
    fn place_trip(first: NaiveDate, last: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        (first.year()..=last.year()).rev().find_map(|y| {
            let dst = us_dst_start(y)?;
            let start = dst.checked_sub_days(Days::new(4))?;
            let end = dst.checked_add_days(Days::new(5))?;
            (start > first && end < last).then_some((start, end))
        })
    }

    // ---- generation ------------------------------------------------------

    /// A night ending on the morning of `date`, in the timezone of the evening
    /// before (the person goes to bed where they were the day before).
    fn gen_night(&self, index: usize, date: NaiveDate) -> Night {
        let mut rng = rng_for(self.seed, K_NIGHT, date);
        let tz = self.timezone_on(prev_day(date));
        let bed_min = 22 * 60 + 30 + rng.random_range(0..70u32);
        let start = local_ts(tz, prev_day(date), bed_min / 60, bed_min % 60);
        let total_min: i64 = rng.random_range(390..=515);
        let n: usize = rng.random_range(20..=40);
        let weights: Vec<i64> = (0..n).map(|_| rng.random_range(4..=20)).collect();
        let wsum: i64 = weights.iter().sum();
        let mut mins: Vec<i64> = weights
            .iter()
            .map(|w| (total_min * w / wsum).max(1))
            .collect();
        let diff = total_min - mins.iter().sum::<i64>();
        if let Some(longest) = mins.iter_mut().max() {
            *longest += diff;
        }
        let cycle = [1u8, 2, 1, 3];
        let mut states = Vec::with_capacity(n);
        let mut j = 0;
        for i in 0..n {
            let awake = i == 0
                || i == n - 1
                || (i >= 2 && i < n - 2 && states.last() != Some(&0) && rng.random_bool(0.12));
            let state = if awake {
                0
            } else {
                j += 1;
                cycle[(j - 1) % 4]
            };
            states.push(state);
        }
        let mut t = start;
        let stages: Vec<SleepStage> = mins
            .iter()
            .zip(&states)
            .map(|(m, s)| {
                let stage = SleepStage {
                    startdate: t,
                    enddate: t + m * 60,
                    state: *s,
                };
                t += m * 60;
                stage
            })
            .collect();
        let end = t;
        let dur = |state: u8| -> i64 {
            stages
                .iter()
                .filter(|s| s.state == state)
                .map(|s| s.enddate - s.startdate)
                .sum()
        };
        let (awake, light, deep, rem) = (dur(0), dur(1), dur(2), dur(3));
        let to_sleep = stages.first().map_or(0, |s| s.enddate - s.startdate);
        let to_wake = stages.last().map_or(0, |s| s.enddate - s.startdate);
        let wakeups = states[1..n - 1].iter().filter(|s| **s == 0).count() as i64;
        let rem_episodes = states.iter().filter(|s| **s == 3).count() as i64;
        let asleep = light + deep + rem;
        let in_bed = end - start;
        let hr_avg = rng.random_range(52..=62);
        let rr_avg = rng.random_range(13..=16);
        let mut summary = SleepSummary {
            wakeupduration: awake,
            lightsleepduration: light,
            deepsleepduration: deep,
            remsleepduration: rem,
            durationtosleep: to_sleep,
            durationtowakeup: to_wake,
            wakeupcount: wakeups,
            total_timeinbed: in_bed,
            total_sleep_time: asleep,
            asleepduration: asleep,
            sleep_efficiency: round_to(asleep as f64 / in_bed as f64, 2),
            sleep_latency: to_sleep,
            wakeup_latency: to_wake,
            waso: awake - to_sleep - to_wake,
            nb_rem_episodes: rem_episodes,
            out_of_bed_count: i64::from(rng.random_bool(0.2)),
            hr_average: hr_avg,
            hr_min: hr_avg - rng.random_range(5..=10),
            hr_max: hr_avg + rng.random_range(12..=25),
            rr_average: rr_avg,
            rr_min: rr_avg - rng.random_range(2..=4),
            rr_max: rr_avg + rng.random_range(2..=6),
            snoring: rng.random_range(0..=1800),
            snoringepisodecount: rng.random_range(0..=6),
            breathing_disturbances_intensity: rng.random_range(0..=30),
            apnea_hypopnea_index: rng.random_range(0..=8),
            sleep_score: rng.random_range(58..=93),
        };
        // A few nights where Withings did not compute some values: sent as -1.
        if index % 29 == 3 {
            summary.sleep_score = -1;
            summary.apnea_hypopnea_index = -1;
            summary.breathing_disturbances_intensity = -1;
        }
        if index % 41 == 11 {
            summary.hr_average = -1;
            summary.hr_min = -1;
            summary.hr_max = -1;
            summary.rr_average = -1;
            summary.rr_min = -1;
            summary.rr_max = -1;
        }
        let created = end + rng.random_range(300..1800);
        Night {
            id: 2_900_000_000 + index as u64 * 17 + mix(self.seed ^ index as u64) % 17,
            date,
            timezone: tz,
            startdate: start,
            enddate: end,
            created,
            modified: created,
            stages,
            summary,
        }
    }

    /// Waking window of day `i`: from this morning's wake-up to tonight's bedtime,
    /// clipped to the local day so every intraday minute belongs to that day.
    fn waking_window(&self, dates: &[NaiveDate], i: usize) -> (i64, i64) {
        let date = dates[i];
        let tz = self.timezone_on(date);
        let day_start = midnight(tz, date);
        let day_end = midnight(tz, next_day(date));
        let wake = self.nights[i].enddate;
        let bed = self
            .nights
            .get(i + 1)
            .map_or_else(|| local_ts(tz, date, 23, 0), |n| n.startdate);
        (
            wake.clamp(day_start, day_end),
            bed.clamp(day_start, day_end),
        )
    }

    fn gen_workouts(&self, dates: &[NaiveDate], windows: &[(i64, i64)]) -> Vec<Workout> {
        /// (category, minutes range, kcal per minute, metres per minute, steps per minute)
        type Kind = (u32, (u32, u32), f64, f64, f64);
        const KINDS: [Kind; 7] = [
            (1, (30, 70), 4.5, 85.0, 110.0),
            (2, (25, 55), 11.0, 180.0, 165.0),
            (6, (40, 100), 8.0, 380.0, 0.0),
            (7, (30, 50), 9.0, 40.0, 0.0),
            (16, (35, 60), 6.0, 0.0, 0.0),
            (28, (45, 75), 3.5, 0.0, 0.0),
            (187, (25, 45), 9.5, 150.0, 0.0),
        ];
        let mut out = Vec::new();
        let mut next = 0usize;
        for (i, date) in dates.iter().enumerate() {
            if i < next {
                continue;
            }
            let mut rng = rng_for(self.seed, K_WORKOUT, *date);
            next = i + rng.random_range(2..=3usize);
            let (category, (lo, hi), kcal, mpm, spm) = KINDS[rng.random_range(0..KINDS.len())];
            let tz = self.timezone_on(*date);
            let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
            let (h, m) = if weekend {
                (9, rng.random_range(0..50))
            } else {
                (18, rng.random_range(0..50))
            };
            let minutes = rng.random_range(lo..=hi);
            let (wake, bed) = windows[i];
            let start = local_ts(tz, *date, h, m).clamp(wake + 1800, (bed - 3600).max(wake + 1800));
            let end = start + i64::from(minutes) * 60;
            let hr_avg = rng.random_range(105..=150);
            let secs = minutes * 60;
            let z3 = secs / 10;
            let z2 = secs * 3 / 10;
            let z1 = secs * 4 / 10;
            out.push(Workout {
                id: 3_661_000_000 + out.len() as u64 * 31 + mix(self.seed ^ i as u64) % 31,
                category,
                date: *date,
                timezone: tz,
                startdate: start,
                enddate: end,
                modified: end + rng.random_range(120..900),
                calories: (f64::from(minutes) * kcal).round() as u32,
                distance: (f64::from(minutes) * mpm).round() as u32,
                steps: (f64::from(minutes) * spm).round() as u32,
                elevation: if mpm > 0.0 {
                    rng.random_range(0..60)
                } else {
                    0
                },
                intensity: [30, 50, 70][rng.random_range(0..3usize)],
                hr_average: hr_avg,
                hr_min: hr_avg - rng.random_range(25..=40),
                hr_max: hr_avg + rng.random_range(15..=30),
                hr_zones: [secs - z1 - z2 - z3, z1, z2, z3],
            });
        }
        out
    }

    fn gen_activity(&self, date: NaiveDate, (wake, bed): (i64, i64), end_ts: i64) -> ActivityDay {
        let mut rng = rng_for(self.seed, K_ACTIVITY, date);
        let tz = self.timezone_on(date);
        let day_hours = ((midnight(tz, next_day(date)) - midnight(tz, date)) / 3600) as u32;
        let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        let mut steps: u32 = if weekend {
            rng.random_range(3500..14500)
        } else {
            rng.random_range(5500..12500)
        };
        if tz == TRIP_TZ {
            steps = steps * 13 / 10; // sightseeing
        }
        if date.num_days_from_ce() % 97 == 13 {
            steps = rng.random_range(120..400); // watch mostly off
        }
        let workout_kcal: f64 = self
            .workouts
            .iter()
            .filter(|w| w.date == date)
            .map(|w| f64::from(w.calories))
            .sum();
        let stride = 0.74 + rng.random_range(-0.02..0.02);
        let calories = round_to(f64::from(steps) * 0.042 + workout_kcal, 3);
        let bmr = 1680.0 + rng.random_range(-30.0..30.0);
        let totalcalories = round_to(bmr * f64::from(day_hours) / 24.0 + calories, 3);
        let moving = f64::from(steps) / 100.0 * 60.0;
        let soft = (moving * rng.random_range(0.55..0.75)) as u32;
        let moderate = (moving * rng.random_range(0.15..0.3)) as u32;
        let intense = (moving * rng.random_range(0.0..0.12)) as u32;
        let awake_secs = u32::try_from((bed - wake).max(0)).unwrap_or(0);
        let z1 = awake_secs / 5;
        let z2 = awake_secs / 20;
        let z3 = awake_secs / 60;
        ActivityDay {
            date,
            timezone: tz,
            day_hours,
            steps,
            distance: round_to(f64::from(steps) * stride, 2),
            elevation: round_to(rng.random_range(0.0..45.0), 2),
            soft,
            moderate,
            intense,
            calories,
            totalcalories,
            hr_average: rng.random_range(66..=82),
            hr_min: rng.random_range(46..=56),
            hr_max: rng.random_range(118..=168),
            hr_zones: [awake_secs - z1 - z2 - z3, z1, z2, z3],
            modified: (bed + rng.random_range(600..1800)).min(end_ts - 1),
            wake,
            bed,
        }
    }

    /// The minutes of `date` that had movement, splitting the day's totals exactly
    /// (steps) or to rounding (distance, calories, elevation).
    pub fn intraday(&self, date: NaiveDate) -> Vec<IntradayEntry> {
        let Some(day) = self.activity_day(date) else {
            return Vec::new();
        };
        let mut rng = rng_for(self.seed, K_INTRADAY, date);
        let minutes = ((day.bed - day.wake) / 60).max(0);
        let mut active: Vec<i64> = Vec::new();
        let mut bout = 0u32;
        for minute in 0..minutes {
            if bout == 0 && rng.random_bool(0.035) {
                bout = rng.random_range(3..=20);
            }
            if bout > 0 {
                bout -= 1;
                active.push(day.wake + minute * 60);
            }
        }
        if active.is_empty() && minutes > 0 && day.steps > 0 {
            active.push(day.wake);
        }
        if active.is_empty() {
            return Vec::new();
        }
        let weights: Vec<u64> = active.iter().map(|_| rng.random_range(20..=120)).collect();
        let wsum: u64 = weights.iter().sum();
        let total = u64::from(day.steps);
        let mut steps: Vec<u64> = weights.iter().map(|w| total * w / wsum).collect();
        let mut remainder = total - steps.iter().sum::<u64>();
        for s in steps.iter_mut() {
            if remainder == 0 {
                break;
            }
            *s += 1;
            remainder -= 1;
        }
        let stride = if day.steps > 0 {
            day.distance / f64::from(day.steps)
        } else {
            0.0
        };
        let climbing = rng.random_range(0..active.len());
        active
            .iter()
            .zip(weights.iter().zip(&steps))
            .enumerate()
            .map(|(i, (ts, (w, s)))| IntradayEntry {
                timestamp: *ts,
                steps: *s as u32,
                distance: round_to(*s as f64 * stride, 2),
                elevation: if i == climbing { day.elevation } else { 0.0 },
                calories: round_to(day.calories * *w as f64 / wsum as f64, 3),
                duration: 60,
                heart_rate: (i % 3 == 0).then(|| 82 + (*w as u32 % 40)),
            })
            .collect()
    }

    /// Intraday minutes with `start <= timestamp <= end`, oldest first.
    pub fn intraday_between(&self, start: i64, end: i64) -> Vec<IntradayEntry> {
        // A day is keyed by its date where the person was: New York is behind Paris.
        let first = local_date(TRIP_TZ, start);
        let last = local_date(HOME_TZ, end);
        first
            .iter_days()
            .take_while(|d| *d <= last)
            .flat_map(|d| self.intraday(d))
            .filter(|e| e.timestamp >= start && e.timestamp <= end)
            .collect()
    }

    fn gen_groups(&self, dates: &[NaiveDate], end_ts: i64) -> (Vec<MeasureGroup>, u64) {
        let ids = &self.ids;
        let device = |id: &str, (model, modelid): (&str, u32)| {
            (Some(id.to_string()), Some(modelid), Some(model.to_string()))
        };
        struct Draft {
            attrib: u8,
            date: i64,
            category: u8,
            dev: (Option<String>, Option<u32>, Option<String>),
            comment: Option<String>,
            measures: Vec<Measure>,
            edited_days: i64,
        }
        let mut drafts: Vec<Draft> = Vec::new();
        let first = dates.first().copied().unwrap_or(self.until);
        let creation = local_ts(HOME_TZ, first, 10, 0);
        drafts.push(Draft {
            attrib: 4,
            date: creation,
            category: 1,
            dev: (None, None, None),
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
                    dev: (None, None, None),
                    comment: None,
                    measures: vec![Measure::new(meastype::WEIGHT, target, -3)],
                    edited_days: 0,
                });
            }
        }
        let mut weigh_ins = 0u32;
        for (i, date) in dates.iter().enumerate() {
            let mut rng = rng_for(self.seed, K_MEASURE, *date);
            let tz = self.timezone_on(*date);
            let at_home = tz == HOME_TZ;
            let dayno = f64::from(date.num_days_from_ce());
            let tau = std::f64::consts::TAU;
            let edited = |rng: &mut ChaCha8Rng| {
                if rng.random_bool(0.02) {
                    rng.random_range(1..10)
                } else {
                    0
                }
            };
            if at_home && rng.random_bool(0.86) {
                weigh_ins += 1;
                let kg = 79.5
                    + 1.2 * (dayno * tau / 365.0).sin()
                    + 0.6 * (dayno * tau / 47.0).sin()
                    + rng.random_range(-0.35..0.35);
                let weight = (kg * 100.0).round() as i64 * 10;
                let kg = weight as f64 / 1000.0;
                let fat_pct =
                    18.5 + 0.8 * (dayno * tau / 200.0).sin() + rng.random_range(-0.6..0.6);
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
                    .map_or_else(|| local_ts(tz, *date, 7, 0), |n| n.enddate);
                drafts.push(Draft {
                    attrib: 0,
                    date: wake + rng.random_range(240..1500),
                    category: 1,
                    dev: device(&ids.scale, SCALE),
                    comment: None,
                    measures,
                    edited_days: edited(&mut rng),
                });
            }
            // Someone else stepped on the scale: the device could not tell who.
            if at_home && rng.random_bool(0.03) {
                let kg = rng.random_range(60.0..64.5);
                let weight = (kg * 100.0_f64).round() as i64 * 10;
                drafts.push(Draft {
                    attrib: 1,
                    date: local_ts(tz, *date, 20, rng.random_range(0..59)),
                    category: 1,
                    dev: device(&ids.scale, SCALE),
                    comment: None,
                    measures: vec![
                        Measure::new(meastype::WEIGHT, weight, -3),
                        Measure::new(meastype::FAT_RATIO, rng.random_range(24_000..30_000), -3),
                    ],
                    edited_days: 0,
                });
            }
            // A weight typed in by hand, in another unit exponent than the scale's.
            if rng.random_bool(0.012) {
                drafts.push(Draft {
                    attrib: 2,
                    date: local_ts(tz, *date, 21, rng.random_range(0..59)),
                    category: 1,
                    dev: (None, None, None),
                    comment: Some("entered by hand".into()),
                    measures: vec![Measure::new(
                        meastype::WEIGHT,
                        rng.random_range(7850..8150),
                        -2,
                    )],
                    edited_days: 0,
                });
            }
            if at_home && date.weekday() == Weekday::Sun {
                drafts.push(Draft {
                    attrib: 0,
                    date: local_ts(tz, *date, 9, 30 + rng.random_range(0..20)),
                    category: 1,
                    dev: device(&ids.bpm, BPM),
                    comment: None,
                    measures: vec![
                        Measure::new(meastype::DIASTOLIC, rng.random_range(72..=85), 0),
                        Measure::new(meastype::SYSTOLIC, rng.random_range(114..=132), 0),
                        Measure::new(meastype::HEART_PULSE, rng.random_range(58..=72), 0),
                    ],
                    edited_days: edited(&mut rng),
                });
            }
            if rng.random_bool(0.022) {
                let t = if i % 2 == 0 {
                    meastype::BODY_TEMPERATURE
                } else {
                    meastype::TEMPERATURE
                };
                drafts.push(Draft {
                    attrib: 2,
                    date: local_ts(tz, *date, 8, rng.random_range(0..59)),
                    category: 1,
                    dev: (None, None, None),
                    comment: None,
                    measures: vec![Measure::new(t, rng.random_range(3640..3760), -2)],
                    edited_days: 0,
                });
            }
            if i % 9 == 4 {
                drafts.push(Draft {
                    attrib: 0,
                    date: local_ts(tz, *date, 12, rng.random_range(0..59)),
                    category: 1,
                    dev: device(&ids.watch, WATCH),
                    comment: None,
                    measures: vec![
                        Measure::new(meastype::SPO2, rng.random_range(95..=99), 0),
                        Measure::new(meastype::HEART_PULSE, rng.random_range(60..=78), 0),
                    ],
                    edited_days: 0,
                });
            }
        }
        drafts.sort_by_key(|d| d.date);
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
