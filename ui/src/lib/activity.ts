/**
 * Activity statistics over daily values and the backend's day/week/month
 * buckets, and active minutes: moderate + intense activity added up per day.
 */
import type { DailyBucket, DailyValue } from '../ipc';

/** The sum of every day's value in the buckets. */
export function total(buckets: readonly DailyBucket[]): number {
  return buckets.reduce((s, b) => s + b.sum, 0);
}

/** The mean over the days that have a value, or null without any. */
export function perDay(buckets: readonly DailyBucket[]): number | null {
  const days = buckets.reduce((n, b) => n + b.days, 0);
  return days === 0 ? null : total(buckets) / days;
}

/** Moderate + intense seconds per date; a day with only one of them counts what it has. */
export function activeDays(moderate: readonly DailyValue[], intense: readonly DailyValue[]): { date: string; value: number }[] {
  const byDate = new Map<string, number>();
  for (const v of [...moderate, ...intense]) byDate.set(v.date, (byDate.get(v.date) ?? 0) + v.value);
  return [...byDate.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, value]) => ({ date, value }));
}

/** One bar of active time: its bucket and the mean seconds per day of each kind. */
export interface ActiveBucket {
  bucket: DailyBucket;
  moderate: number;
  intense: number;
}

/**
 * Moderate and intense buckets side by side, per day with data: a week
 * where one kind was logged on fewer days still divides by the days either was.
 */
export function activeBuckets(moderate: readonly DailyBucket[], intense: readonly DailyBucket[]): ActiveBucket[] {
  const starts = [...new Set([...moderate, ...intense].map((b) => b.start))].sort();
  const out: ActiveBucket[] = [];
  for (const start of starts) {
    const m = moderate.find((b) => b.start === start);
    const i = intense.find((b) => b.start === start);
    const base = m ?? i;
    if (!base) continue;
    const days = Math.max(m?.days ?? 0, i?.days ?? 0);
    if (days === 0) continue;
    const mSum = m?.sum ?? 0;
    const iSum = i?.sum ?? 0;
    out.push({
      // min and max of a sum of two kinds are unknown: the mean stands in.
      bucket: { ...base, days, sum: mSum + iSum, mean: (mSum + iSum) / days, min: (mSum + iSum) / days, max: (mSum + iSum) / days },
      moderate: mSum / days,
      intense: iSum / days,
    });
  }
  return out;
}
