//! Assembles days into batches: each day's night, heart rate, workout,
//! activity totals and body readings, from its timetable and the person.

use chrono::{Datelike, Days, Months, NaiveDate};

use super::activity::{self, WorkoutLoad};
use super::heart::{self, DayHeart};
use super::person::Person;
use super::plan::{DayPlan, day_plan};
use super::plants::{ILLNESS_STEPS, Planted, ends_late};
use super::rng::{Stream, normal_within, rng, round_to};
use super::{body, sleep, workouts};
use crate::metric::Metric;
use crate::model::{Batch, Measurement, SleepNight};
use crate::source::SourceId;
use crate::time::{Zone, date_to_day_number};

/// Heart rate samples in a typical day (about 16.5 h awake each minute, 7.5 h
/// asleep every 5 minutes) plus the other rows, to size a batch up front.
const ROWS_PER_DAY: usize = 1_120;

/// Days in the first batch of a load: two weeks, so the overview's "vs the
/// 7 days before" and the last week's charts are right once it is stored,
/// and small enough to be stored in a fraction of a second.
pub(super) const FIRST_DAYS: u64 = 14;

/// The demo data set for the days `first..=last`.
pub(super) struct Generator {
    seed: u64,
    zone: Zone,
    first: NaiveDate,
    last: NaiveDate,
    /// Nothing after this instant: the data set ends at the current moment.
    until: i64,
    person: Person,
    planted: Planted,
}

impl Generator {
    pub(super) fn new(seed: u64, zone: Zone, first: NaiveDate, last: NaiveDate) -> Self {
        Generator {
            seed,
            zone,
            first,
            last,
            until: i64::MAX,
            person: Person::new(seed, first, last),
            planted: Planted::for_days(first, last),
        }
    }

    /// The same data set, without anything that has not happened by `now`.
    pub(super) fn until(mut self, now: Option<i64>) -> Self {
        self.until = now.unwrap_or(i64::MAX);
        self
    }

    /// Calendar months as `(first day, last day)`, clipped to the data set,
    /// oldest first.
    #[cfg(test)]
    pub(super) fn months(&self) -> impl Iterator<Item = (NaiveDate, NaiveDate)> + use<> {
        months_between(self.first, self.last)
    }

    /// The data set in loading order, newest first: the last [`FIRST_DAYS`]
    /// days (today, and enough before it for "vs the 7 days before"), then
    /// the rest of their month, then month by month back to the first day.
    pub(super) fn newest_first(&self) -> Vec<(NaiveDate, NaiveDate)> {
        if self.first > self.last {
            return Vec::new();
        }
        let recent_from = self
            .last
            .checked_sub_days(Days::new(FIRST_DAYS - 1))
            .map_or(self.first, |d| d.max(self.first));
        let mut out = vec![(recent_from, self.last)];
        if let Some(older_to) = recent_from.pred_opt().filter(|d| *d >= self.first) {
            let mut older: Vec<_> = months_between(self.first, older_to).collect();
            older.reverse();
            out.extend(older);
        }
        out
    }

    /// Where the planted events are.
    pub(super) fn planted(&self) -> Planted {
        self.planted
    }

    fn plan(&self, date: NaiveDate) -> DayPlan {
        day_plan(self.seed, self.zone, date, self.first, &self.planted)
    }

    /// One batch holding the days `from..=to`.
    pub(super) fn batch(&self, from: NaiveDate, to: NaiveDate) -> Batch {
        let mut batch = Batch::new(SourceId::demo());
        let days = usize::try_from((to - from).num_days() + 1).unwrap_or(0);
        batch.measurements.reserve(days * ROWS_PER_DAY);
        // The day before the data set has no workout in it to look back on.
        let mut previous = from
            .pred_opt()
            .filter(|d| *d >= self.first)
            .map(|d| self.plan(d));
        let mut plan = self.plan(from);
        let mut date = from;
        while date <= to {
            let Some(next_date) = date.checked_add_days(Days::new(1)) else {
                break;
            };
            let next = self.plan(next_date);
            self.day(previous.as_ref(), &plan, &next, &mut batch);
            previous = Some(plan);
            plan = next;
            date = next_date;
        }
        batch
    }

    /// The day's resting heart rate before its noise: the person's trend, the
    /// planted events, and yesterday's workout if it ended late.
    fn resting_mean(&self, previous: Option<&DayPlan>, date: NaiveDate) -> f64 {
        let late = previous
            .and_then(|p| p.workout)
            .is_some_and(|w| ends_late(w.end, self.zone));
        self.person.resting_hr(date)
            + self.planted.resting_offset(date)
            + if late {
                self.planted.late_workout_bpm
            } else {
                0.0
            }
    }

    /// Everything that happened on `plan.date`; `previous` is the day before
    /// (its late workout shows in tonight's heart rate) and `next` says when it ended.
    fn day(&self, previous: Option<&DayPlan>, plan: &DayPlan, next: &DayPlan, batch: &mut Batch) {
        let (date, zone) = (plan.date, self.zone);
        let mut r = rng(self.seed, Stream::Values, date_to_day_number(date));
        let first_row = batch.measurements.len();
        let first_workout = batch.workouts.len();
        let out = &mut batch.measurements;

        let stages = sleep::hypnogram(plan.bed, plan.wake, &mut r);
        // The last day ends at midnight: its next night is not in the data set.
        let awake_until = if date == self.last {
            next.bed.min(zone.day_bounds(date).1)
        } else {
            next.bed
        };
        let resting =
            normal_within(&mut r, self.resting_mean(previous, date), 1.0, 45.0, 75.0).round();
        let day_heart = DayHeart {
            resting,
            bed: plan.bed,
            wake: plan.wake,
            stages: &stages,
            awake_until,
            workout: plan.workout,
        };
        heart::samples(&day_heart, zone, &mut r, out);
        out.push(Measurement::sample(
            Metric::RestingHeartRate,
            plan.wake,
            resting,
            zone,
        ));

        let mut night = SleepNight::from_stages(plan.bed, plan.wake, zone, stages);
        night.record_id = Some(format!("demo-night-{date}"));
        batch.nights.push(night);

        let load = plan.workout.map(|planned| {
            let workout = workouts::record(&planned, date, self.person.weight(date), zone, &mut r);
            let load = WorkoutLoad {
                kind: planned.kind,
                minutes: (planned.end - planned.start) as f64 / 60.0,
                kcal: workout.energy_kcal.unwrap_or(0.0),
            };
            batch.workouts.push(workout);
            load
        });
        let everyday_share = if self.planted.ill_on(date) {
            ILLNESS_STEPS
        } else {
            1.0
        };
        activity::daily(date, zone, &self.person, load, everyday_share, &mut r, out);

        if let Some(at) = plan.weigh_in {
            body::weigh_in(at, date, zone, &self.person, &mut r, out);
            if date == self.first {
                out.push(body::height(at, zone));
            }
        }
        if let Some(at) = plan.blood_pressure {
            body::blood_pressure(at, zone, &mut r, out);
        }

        // The random draws above happen whatever the time, so a day reads the
        // same before and after `until` cuts it.
        let (_, midnight) = zone.day_bounds(date);
        if midnight > self.until {
            let so_far = share_between(plan.wake, awake_until, self.until);
            self.cut(batch, first_row, first_workout, so_far);
        }
    }

    /// Leaves out of the day's rows (from `first_row` and `first_workout`)
    /// what has not happened by `until`: later samples, a night or workout
    /// still going on. The day's totals become "so far today": `so_far` of
    /// them, the share of the waking day that has passed.
    fn cut(&self, batch: &mut Batch, first_row: usize, first_workout: usize, so_far: f64) {
        let now = self.until;
        let day = batch.measurements.split_off(first_row);
        batch
            .measurements
            .extend(day.into_iter().filter_map(|mut m| match m.end {
                None => (m.start < now).then_some(m),
                Some(end) if end <= now => Some(m),
                Some(_) if m.start >= now || so_far <= 0.0 => None,
                Some(_) => {
                    m.value = if m.metric == Metric::Steps {
                        (m.value * so_far).round()
                    } else {
                        round_to(m.value * so_far, 0.1)
                    };
                    Some(m)
                }
            }));
        batch.nights.retain(|night| night.end <= now);
        let workouts = batch.workouts.split_off(first_workout);
        batch
            .workouts
            .extend(workouts.into_iter().filter(|w| w.end <= now));
    }
}

/// How much of `[from, to)` has passed at `now`, from 0 to 1.
fn share_between(from: i64, to: i64, now: i64) -> f64 {
    if to <= from {
        return f64::from(u8::from(now >= to));
    }
    ((now - from) as f64 / (to - from) as f64).clamp(0.0, 1.0)
}

/// Calendar months as `(first day, last day)` clipped to `first..=last`, oldest first.
fn months_between(
    first: NaiveDate,
    last: NaiveDate,
) -> impl Iterator<Item = (NaiveDate, NaiveDate)> + use<> {
    let start = (first <= last).then_some(first);
    std::iter::successors(
        start.map(|d| (d, month_end(d).min(last))),
        move |&(_, end)| {
            end.succ_opt()
                .filter(|next| *next <= last)
                .map(|next| (next, month_end(next).min(last)))
        },
    )
}

/// The last day of `date`'s month.
fn month_end(date: NaiveDate) -> NaiveDate {
    date.with_day(1)
        .and_then(|first| first.checked_add_months(Months::new(1)))
        .and_then(|next| next.pred_opt())
        .unwrap_or(date)
}
