//! Daily activity and the minute-level intraday detail that adds up to it.

use super::*;

impl FakeData {
    /// Waking window of day `i`: from this morning's wake-up to tonight's bedtime,
    /// clipped to the local day so every intraday minute belongs to that day.
    pub(super) fn waking_window(&self, dates: &[NaiveDate], i: usize) -> (i64, i64) {
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

    pub(super) fn gen_activity(
        &self,
        date: NaiveDate,
        (wake, bed): (i64, i64),
        end_ts: i64,
    ) -> ActivityDay {
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
}
