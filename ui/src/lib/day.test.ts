import { describe, expect, it } from 'vitest';
import type { NightSummary, Point } from '../ipc';
import { hourSlots, hourlyValues, nightEndingOn } from './day';

const PARIS = 'Europe/Paris';
const iso = (s: string): number => Date.parse(s) / 1000;
const point = (t: number, end: number, value: number): Point => ({ t, end, value, min: value, max: value, n: 1, source: 0 });

describe('hourSlots', () => {
  it('has 24 hours on a plain day, 23 and 25 on DST days', () => {
    expect(hourSlots('2026-03-18', PARIS)).toHaveLength(24);
    expect(hourSlots('2026-03-29', PARIS)).toHaveLength(23);
    expect(hourSlots('2026-10-25', PARIS)).toHaveLength(25);
    expect(hourSlots('2026-03-18', PARIS)[0]).toEqual({ from: iso('2026-03-17T23:00:00Z'), to: iso('2026-03-18T00:00:00Z') });
  });
});

describe('hourlyValues', () => {
  const slots = hourSlots('2026-03-18', PARIS);

  it('puts hour buckets into their local hour and leaves empty hours null', () => {
    const nine = iso('2026-03-18T08:00:00Z'); // 09:00 in Paris
    const values = hourlyValues(slots, [point(nine, nine + 3600, 812), point(nine + 3600, nine + 7200, 95)]);
    expect(values?.[9]).toBe(812);
    expect(values?.[10]).toBe(95);
    expect(values?.[8]).toBeNull();
    expect(values?.filter((v) => v !== null)).toHaveLength(2);
  });

  it('refuses a daily total: it is not an hour', () => {
    const day = slots[0]?.from ?? 0;
    expect(hourlyValues(slots, [point(day, day + 86_400, 9000)])).toBeNull();
  });
});

describe('nightEndingOn', () => {
  const night = (start: string, end: string): NightSummary => ({
    start: iso(start),
    end: iso(end),
    utc_offset: 3600,
    totals: { asleep: null, light: null, deep: null, rem: null, awake: null, latency: null, wakeups: null },
    source: 'demo',
  });

  it('takes the longest night that ended on that local day', () => {
    const nap = night('2026-03-18T12:00:00Z', '2026-03-18T12:40:00Z');
    const main = night('2026-03-17T22:10:00Z', '2026-03-18T05:50:00Z');
    const before = night('2026-03-16T22:10:00Z', '2026-03-17T05:50:00Z');
    expect(nightEndingOn([before, nap, main], '2026-03-18')).toBe(main);
    expect(nightEndingOn([before], '2026-03-18')).toBeNull();
  });
});
