import { describe, expect, it } from 'vitest';
import type { DailyBucket, DailyValue, Point } from '../ipc';
import { activeBuckets, activeDays, perDay, total } from './activity';
import { summarizeHeart } from './heart';
import { summarizeWeight } from './weight';

const DAY = 86_400;
const point = (t: number, value: number, extra: Partial<Point> = {}): Point => ({ t, end: t, value, min: value, max: value, n: 1, source: 0, ...extra });
const day = (date: string, value: number): DailyValue => ({ date, value, min: value, max: value, n: 1, source: 'demo' });
const bucket = (start: string, sum: number, days: number): DailyBucket => ({ start, end: start, from: 0, to: DAY, sum, mean: sum / days, min: 0, max: 0, days });

describe('summarizeHeart', () => {
  it('weights bucket means by their readings and keeps the extremes', () => {
    const s = summarizeHeart([point(0, 60, { n: 3, min: 50, max: 70 }), point(60, 80, { n: 1, min: 75, max: 120 })]);
    expect(s).toEqual({ mean: 65, min: 50, max: 120 });
  });

  it('is null without points', () => {
    expect(summarizeHeart([])).toBeNull();
  });
});

describe('summarizeWeight', () => {
  it('gives latest, trend change and extremes', () => {
    const s = summarizeWeight([point(0, 80), point(DAY, 79), point(10 * DAY, 78)]);
    expect(s?.latest).toBe(78);
    expect(s?.lowest).toBe(78);
    expect(s?.highest).toBe(80);
    // Trend: 80 at first, the mean of the last 7 days (78 alone) at the end.
    expect(s?.change).toBeCloseTo(-2, 6);
  });

  it('has no change with one weigh-in, and nothing without any', () => {
    expect(summarizeWeight([point(0, 80)])?.change).toBeNull();
    expect(summarizeWeight([])).toBeNull();
  });
});

describe('activity', () => {
  it('totals and per-day means over the days with data', () => {
    const buckets = [bucket('2026-11-02', 7000, 7), bucket('2026-11-09', 3000, 3)];
    expect(total(buckets)).toBe(10_000);
    expect(perDay(buckets)).toBe(1000);
    expect(perDay([])).toBeNull();
  });

  it('adds moderate and intense per day, a day with one kind included', () => {
    expect(activeDays([day('2026-12-01', 1200), day('2026-12-02', 600)], [day('2026-12-01', 900), day('2026-12-03', 300)])).toEqual([
      { date: '2026-12-01', value: 2100 },
      { date: '2026-12-02', value: 600 },
      { date: '2026-12-03', value: 300 },
    ]);
  });

  it('stacks weekly buckets as per-day means over the days either kind was logged', () => {
    const [b] = activeBuckets([bucket('2026-11-02', 7 * 1800, 7)], [bucket('2026-11-02', 3 * 1200, 3)]);
    expect(b?.moderate).toBe(1800);
    expect(b?.intense).toBeCloseTo(3600 / 7, 6);
    expect(b?.bucket.mean).toBeCloseTo((12_600 + 3600) / 7, 6);
    expect(b?.bucket.days).toBe(7);
  });
});
