/**
 * Client-side aggregation. The backend buckets series itself (max_points);
 * daily values and nights come per day, so long ranges are rolled up here into
 * ISO weeks or calendar months to keep bars readable.
 */
import { DAY, addDays, daysBetween, isoWeek, monthOf } from './time';

export type Granularity = 'day' | 'week' | 'month';

/** Days in a range above which bars become weekly, then monthly. */
export const WEEKLY_AFTER_DAYS = 90;
export const MONTHLY_AFTER_DAYS = 548; // ~1.5 years

export function granularityFor(days: number): Granularity {
  if (days > MONTHLY_AFTER_DAYS) return 'month';
  if (days > WEEKLY_AFTER_DAYS) return 'week';
  return 'day';
}

export interface Dated {
  date: string;
  value: number;
}

export interface Bucket {
  /** First day of the bucket ("YYYY-MM-DD": a Monday, the 1st, or the day). */
  start: string;
  /** First day after the bucket. */
  end: string;
  /** Sum of the values. */
  sum: number;
  /** Mean over the days that have a value (missing days are not zeros). */
  mean: number;
  /** Number of days with a value. */
  days: number;
}

function bucketStart(date: string, g: Granularity): string {
  if (g === 'week') return isoWeek(date).monday;
  if (g === 'month') return `${monthOf(date)}-01`;
  return date;
}

function bucketEnd(start: string, g: Granularity): string {
  if (g === 'week') return addDays(start, 7);
  if (g === 'month') {
    const y = Number(start.slice(0, 4));
    const m = Number(start.slice(5, 7));
    return m === 12 ? `${String(y + 1)}-01-01` : `${String(y)}-${String(m + 1).padStart(2, '0')}-01`;
  }
  return addDays(start, 1);
}

/** Rolls daily values up into buckets, in date order. */
export function aggregateDaily(values: readonly Dated[], g: Granularity): Bucket[] {
  const byStart = new Map<string, { sum: number; days: number }>();
  for (const v of values) {
    if (!Number.isFinite(v.value)) continue;
    const key = bucketStart(v.date, g);
    const acc = byStart.get(key) ?? { sum: 0, days: 0 };
    acc.sum += v.value;
    acc.days += 1;
    byStart.set(key, acc);
  }
  return [...byStart.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([start, { sum, days }]) => ({ start, end: bucketEnd(start, g), sum, mean: sum / days, days }));
}

/** Number of calendar days the bucket spans (7 for weeks, 28–31 for months). */
export function bucketLength(b: Bucket): number {
  return daysBetween(b.start, b.end);
}

export interface Timed {
  t: number;
  value: number;
}

/**
 * Trailing time-window moving average: for each point, the mean of the points
 * in (t − window, t]. Irregular sampling (weigh-ins every 1–3 days) is why the
 * window is in seconds, not in points.
 */
export function movingAverage(points: readonly Timed[], windowSeconds = 7 * DAY): number[] {
  const out: number[] = [];
  let lo = 0;
  let sum = 0;
  for (let hi = 0; hi < points.length; hi++) {
    const p = points[hi];
    if (!p) break;
    sum += p.value;
    for (let q = points[lo]; q && q.t <= p.t - windowSeconds; q = points[lo]) {
      sum -= q.value;
      lo++;
    }
    out.push(sum / (hi - lo + 1));
  }
  return out;
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/** Population standard deviation (the spread of these nights, not an estimate). */
export function standardDeviation(values: readonly number[]): number | null {
  const m = mean(values);
  if (m === null) return null;
  let s = 0;
  for (const v of values) s += (v - m) ** 2;
  return Math.sqrt(s / values.length);
}
