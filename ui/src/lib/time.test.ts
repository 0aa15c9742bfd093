import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  formatClock,
  formatDateTime,
  formatTime,
  isoWeek,
  localDate,
  localTimeToUnix,
  startOfDate,
  startOfLocalDay,
  zoneOffset,
} from './time';

const PARIS = 'Europe/Paris';
const iso = (s: string): number => Date.parse(s) / 1000;

describe('local time across DST (Europe/Paris)', () => {
  // Spring forward: 2025-03-30 02:00 CET → 03:00 CEST, at 01:00 UTC.
  const springUtc = iso('2025-03-30T01:00:00Z');
  // Fall back: 2025-10-26 03:00 CEST → 02:00 CET, at 01:00 UTC.
  const fallUtc = iso('2025-10-26T01:00:00Z');

  it('knows the offset on each side of the change', () => {
    expect(zoneOffset(springUtc - 1, PARIS)).toBe(3600);
    expect(zoneOffset(springUtc, PARIS)).toBe(7200);
    expect(zoneOffset(fallUtc - 1, PARIS)).toBe(7200);
    expect(zoneOffset(fallUtc, PARIS)).toBe(3600);
  });

  it('formats the instants around spring-forward in local time', () => {
    expect(formatTime(springUtc - 60, PARIS, 'en-GB')).toBe('01:59');
    expect(formatTime(springUtc, PARIS, 'en-GB')).toBe('03:00');
    // ICU versions differ on commas; the fields and the local hour are what matter.
    expect(formatDateTime(springUtc, PARIS, 'en-GB')).toMatch(/^Sun,? 30 Mar 2025,? 03:00$/);
    expect(formatDateTime(springUtc - 60, PARIS, 'en-GB')).toMatch(/^Sun,? 30 Mar 2025,? 01:59$/);
  });

  it('formats the repeated hour at fall-back twice', () => {
    expect(formatTime(fallUtc - 1800, PARIS, 'en-GB')).toBe('02:30');
    expect(formatTime(fallUtc + 1800, PARIS, 'en-GB')).toBe('02:30');
    expect(formatTime(fallUtc + 3600, PARIS, 'en-GB')).toBe('03:00');
  });

  it('makes DST days 23 and 25 hours long', () => {
    expect(startOfDate('2025-03-31', PARIS) - startOfDate('2025-03-30', PARIS)).toBe(23 * 3600);
    expect(startOfDate('2025-10-27', PARIS) - startOfDate('2025-10-26', PARIS)).toBe(25 * 3600);
    expect(startOfDate('2025-03-30', PARIS)).toBe(iso('2025-03-29T23:00:00Z'));
    expect(startOfDate('2025-03-31', PARIS)).toBe(iso('2025-03-30T22:00:00Z'));
  });

  it('finds local midnight and the local date of an instant', () => {
    // 00:30 local on 30 March is still 29 March in UTC.
    const t = iso('2025-03-29T23:30:00Z');
    expect(localDate(t, PARIS)).toBe('2025-03-30');
    expect(localDate(t, 'UTC')).toBe('2025-03-29');
    expect(startOfLocalDay(t, PARIS)).toBe(iso('2025-03-29T23:00:00Z'));
  });

  it('moves a time inside the spring-forward gap past it', () => {
    expect(localTimeToUnix('2025-03-30', PARIS, 2, 30)).toBe(iso('2025-03-30T01:30:00Z'));
    expect(localTimeToUnix('2025-03-30', PARIS, 4, 0)).toBe(iso('2025-03-30T02:00:00Z'));
  });
});

describe('calendar dates', () => {
  it('adds days across months, years and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(daysBetween('2025-03-01', '2025-03-31')).toBe(30);
  });

  it('computes ISO weeks (Monday start, week 1 holds a Thursday)', () => {
    expect(isoWeek('2025-01-01')).toEqual({ year: 2025, week: 1, monday: '2024-12-30' });
    expect(isoWeek('2024-12-29')).toEqual({ year: 2024, week: 52, monday: '2024-12-23' });
    expect(isoWeek('2021-01-03')).toEqual({ year: 2020, week: 53, monday: '2020-12-28' });
    expect(isoWeek('2026-03-16').monday).toBe('2026-03-16');
    expect(isoWeek('2026-03-22').monday).toBe('2026-03-16');
  });

  it('formats clock minutes and wraps past midnight', () => {
    expect(formatClock(23 * 60 + 40, 'en-GB')).toBe('23:40');
    expect(formatClock(1440 + 5, 'en-GB')).toBe('00:05');
    expect(formatClock(-10, 'en-GB')).toBe('23:50');
  });

  it('writes every time of day in the locale\'s hour cycle, a 12-hour clock unpadded', () => {
    expect(formatClock(23 * 60 + 13, 'en-US')).toMatch(/^11:13\sPM$/);
    expect(formatClock(60, 'en-US')).toMatch(/^1:00\sAM$/);
    expect(formatClock(60, 'de-DE')).toBe('01:00');
    // A clock average and an instant at the same time read the same.
    const t = Date.UTC(2026, 2, 18, 23, 13) / 1000;
    expect(formatTime(t, 'UTC', 'en-US')).toBe(formatClock(23 * 60 + 13, 'en-US'));
    expect(formatTime(t, 'UTC', 'en-GB')).toBe('23:13');
  });

  it('rejects malformed dates', () => {
    expect(() => addDays('2025-3-1', 1)).toThrow(RangeError);
  });
});
