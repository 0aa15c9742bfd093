/**
 * Client-side statistics over values the backend sent. The backend buckets
 * series (max_points) and rolls daily values up into ISO weeks and months
 * (`daily_buckets`); this module only chooses the granularity for a range.
 */
import type { Granularity } from '../ipc';
import { DAY } from './time';

export type { Granularity };

/** Days in a range above which bars become weekly, then monthly. */
export const WEEKLY_AFTER_DAYS = 90;
export const MONTHLY_AFTER_DAYS = 548; // ~1.5 years

export function granularityFor(days: number): Granularity {
  if (days > MONTHLY_AFTER_DAYS) return 'month';
  if (days > WEEKLY_AFTER_DAYS) return 'week';
  return 'day';
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
