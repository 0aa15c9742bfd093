//! Nights: stages and their summary, in the time zone the person went to bed in.

use super::*;

impl FakeData {
    /// A night ending on the morning of `date`, in the timezone of the evening
    /// before (the person goes to bed where they were the day before).
    pub(super) fn gen_night(&self, index: usize, date: NaiveDate) -> Night {
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
}
