//! Workouts, placed inside the day's waking hours.

use super::*;

impl FakeData {
    pub(super) fn gen_workouts(&self, dates: &[NaiveDate], windows: &[(i64, i64)]) -> Vec<Workout> {
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
}
