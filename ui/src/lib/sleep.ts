/**
 * Sleep statistics: stage durations per night and how regular bed and wake
 * times are. Clock times are averaged on the 24-hour circle, so 23:30 and
 * 00:30 average to 00:00, not noon.
 */
import type { NightSummary, Stage } from '../ipc';
import { mean, standardDeviation } from './aggregate';
import { formatDuration } from './format';
import { DAY, formatClock } from './time';

export const STAGES: readonly Stage[] = ['deep', 'light', 'rem', 'awake'];

/** Minutes since local midnight at `t`, in the night's own UTC offset. */
export function clockMinutes(t: number, utcOffset: number): number {
  const local = (((t + utcOffset) % DAY) + DAY) % DAY;
  return local / 60;
}

export interface ClockStats {
  /** Mean clock time, minutes since midnight in [0, 1440). */
  mean: number;
  /** Standard deviation in minutes. */
  sd: number;
}

/**
 * Mean ± SD of clock times. The circular mean picks the centre; each time is
 * then unwrapped to within 12 h of it, so the SD is in plain minutes.
 */
export function clockStats(minutes: readonly number[]): ClockStats | null {
  if (minutes.length === 0) return null;
  let x = 0;
  let y = 0;
  for (const m of minutes) {
    const a = (m / 1440) * 2 * Math.PI;
    x += Math.cos(a);
    y += Math.sin(a);
  }
  const centre = (((Math.atan2(y, x) / (2 * Math.PI)) * 1440) % 1440 + 1440) % 1440;
  const unwrapped = minutes.map((m) => {
    let d = m - centre;
    if (d > 720) d -= 1440;
    if (d <= -720) d += 1440;
    return centre + d;
  });
  const m = mean(unwrapped) ?? centre;
  const sd = standardDeviation(unwrapped) ?? 0;
  return { mean: ((m % 1440) + 1440) % 1440, sd };
}

/** Seconds in one stage of a night (0 when the source did not report it). */
export function stageSeconds(night: NightSummary, stage: Stage): number {
  return night.totals[stage] ?? 0;
}

/** Time asleep: the reported total, or light + deep + REM. */
export function asleepSeconds(night: NightSummary): number {
  return night.totals.asleep ?? stageSeconds(night, 'light') + stageSeconds(night, 'deep') + stageSeconds(night, 'rem');
}

export interface SleepSummary {
  nights: number;
  averageAsleep: number | null;
  bedtime: ClockStats | null;
  wake: ClockStats | null;
}

export function summarizeNights(nights: readonly NightSummary[]): SleepSummary {
  return {
    nights: nights.length,
    averageAsleep: mean(nights.map(asleepSeconds)),
    bedtime: clockStats(nights.map((n) => clockMinutes(n.start, n.utc_offset))),
    wake: clockStats(nights.map((n) => clockMinutes(n.end, n.utc_offset))),
  };
}

/** The night's own local date of waking up ("YYYY-MM-DD"): nights are named by it. */
export function wakeDate(night: NightSummary): string {
  return new Date((night.end + night.utc_offset) * 1000).toISOString().slice(0, 10);
}

/** "23:14 ± 32 min": mean clock time and its spread (`sd` is in minutes). */
export function formatClockStats(stats: ClockStats | null, locale?: string): { clock: string; spread: string } | null {
  if (!stats) return null;
  return { clock: formatClock(stats.mean, locale), spread: `± ${formatDuration(stats.sd * 60)}` };
}
