/** Pure helpers of the day view: the day's hours, its hourly values, its night. */
import type { NightSummary, Point } from '../ipc';
import { wakeDate } from './sleep';
import { HOUR, addDays, startOfDate } from './time';
import type { TimeWindow } from './range';

/** Local midnight to local midnight: 23, 24 or 25 hours. */
export function dayWindow(date: string, zone: string): TimeWindow {
  return { from: startOfDate(date, zone), to: startOfDate(addDays(date, 1), zone) };
}

/** One slot per hour of the day (23 or 25 on DST days), in time order. */
export function hourSlots(date: string, zone: string): TimeWindow[] {
  const { from, to } = dayWindow(date, zone);
  const out: TimeWindow[] = [];
  for (let t = from; t < to; t += HOUR) out.push({ from: t, to: Math.min(t + HOUR, to) });
  return out;
}

/**
 * The value of each hour slot from hour buckets, or null for an hour with
 * none; null as a whole when the points are not hourly (a source with daily
 * totals only answers with one day bucket).
 */
export function hourlyValues(slots: readonly TimeWindow[], points: readonly Point[]): (number | null)[] | null {
  if (points.some((p) => p.end - p.t > HOUR)) return null;
  const bySlot = new Map<number, number>();
  for (const p of points) {
    const slot = slots.find((s) => p.t >= s.from && p.t < s.to);
    if (slot) bySlot.set(slot.from, (bySlot.get(slot.from) ?? 0) + p.value);
  }
  return slots.map((s) => bySlot.get(s.from) ?? null);
}

/** The night that ended on the morning of `date` (the longest, if a nap also ended that day). */
export function nightEndingOn(nights: readonly NightSummary[], date: string): NightSummary | null {
  let best: NightSummary | null = null;
  for (const n of nights) {
    if (wakeDate(n) !== date) continue;
    if (!best || n.end - n.start > best.end - best.start) best = n;
  }
  return best;
}
