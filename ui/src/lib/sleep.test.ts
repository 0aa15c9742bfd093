import { describe, expect, it } from 'vitest';
import type { NightSummary } from '../ipc';
import { asleepSeconds, clockMinutes, clockStats, formatClockStats, summarizeNights, wakeDate } from './sleep';

const H = 3600;

function night(startIso: string, hours: number, offset = 3600, asleep: number | null = null): NightSummary {
  const start = Date.parse(startIso) / 1000;
  return {
    start,
    end: start + hours * H,
    utc_offset: offset,
    totals: { asleep, light: 4 * H, deep: 1.5 * H, rem: 1.5 * H, awake: 0.5 * H, latency: 600, wakeups: 2 },
    source: 'demo',
  };
}

describe('clockMinutes', () => {
  it('uses the night’s own UTC offset', () => {
    const t = Date.parse('2026-03-10T22:15:00Z') / 1000;
    expect(clockMinutes(t, 3600)).toBe(23 * 60 + 15);
    expect(clockMinutes(t, 7200)).toBe(15);
    expect(clockMinutes(t, -5 * 3600)).toBe(17 * 60 + 15);
  });
});

describe('clockStats', () => {
  it('averages bedtimes across midnight on the circle', () => {
    const s = clockStats([23 * 60 + 30, 30]);
    expect(s?.mean).toBeCloseTo(0, 6);
    expect(s?.sd).toBeCloseTo(30, 6);
  });

  it('gives plain mean and SD for times on one side of midnight', () => {
    const s = clockStats([6 * 60 + 30, 7 * 60, 7 * 60 + 30]);
    expect(s?.mean).toBeCloseTo(7 * 60, 6);
    expect(s?.sd).toBeCloseTo(Math.sqrt((30 ** 2 + 0 + 30 ** 2) / 3), 6);
  });

  it('keeps late bedtimes late (never averages 22:00 and 02:00 to noon)', () => {
    const s = clockStats([22 * 60, 2 * 60]);
    expect(s?.mean).toBeCloseTo(0, 6);
    expect(s?.sd).toBeCloseTo(120, 6);
  });

  it('is null without nights', () => {
    expect(clockStats([])).toBeNull();
  });
});

describe('summarizeNights', () => {
  it('averages time asleep and bed/wake times in local clock time', () => {
    const nights = [
      night('2026-03-09T22:00:00Z', 8), // 23:00 → 07:00 at UTC+1
      night('2026-03-10T23:00:00Z', 7), // 00:00 → 07:00
      night('2026-03-11T21:30:00Z', 9, 3600, 7.5 * H), // 22:30 → 07:30, reported asleep
    ];
    const s = summarizeNights(nights);
    expect(s.nights).toBe(3);
    expect(s.averageAsleep).toBeCloseTo((7 * H + 7 * H + 7.5 * H) / 3, 6);
    expect(s.bedtime?.mean).toBeCloseTo(23 * 60 + 10, 6);
    expect(s.wake?.mean).toBeCloseTo(7 * 60 + 10, 6);
    expect(s.wake?.sd).toBeCloseTo(Math.sqrt((100 + 100 + 400) / 3), 6);
  });

  it('falls back to light + deep + REM when asleep is not reported', () => {
    expect(asleepSeconds(night('2026-03-09T22:00:00Z', 8))).toBe(7 * H);
  });

  it('names a night by its local wake-up date', () => {
    expect(wakeDate(night('2026-03-09T22:00:00Z', 8))).toBe('2026-03-10');
    // Waking at 00:30 UTC+2 is the 11th locally, the 10th in UTC.
    expect(wakeDate(night('2026-03-10T16:30:00Z', 8, 7200))).toBe('2026-03-11');
  });
});

describe('formatClockStats', () => {
  it('shows the mean clock time and the SD in minutes', () => {
    expect(formatClockStats({ mean: 23 * 60 + 14, sd: 32.4 }, 'en-GB')).toEqual({ clock: '23:14', spread: '± 32 min' });
    expect(formatClockStats({ mean: 1439.8, sd: 75 }, 'en-GB')).toEqual({ clock: '00:00', spread: '± 1 h 15 min' });
    expect(formatClockStats(null)).toBeNull();
  });
});
