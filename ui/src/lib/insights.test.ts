import { describe, expect, it } from 'vitest';
import type { Correlation, Flag } from '../ipc';
import { byStrength, chartRoute, correlationSentence, featureAxis, flagWindowDays, lagWords, lowerFirst, niceTicks, recentFlags, strengthWord } from './insights';
import { DEFAULT_UNITS } from './units';

const corr = (over: Partial<Correlation>): Correlation => ({
  a: { derived: 'last_workout_end_hour' },
  b: { metric: 'resting_heart_rate' },
  lag_days: 1,
  rho: 0.46,
  n: 96,
  p: 0.00001,
  q: 0.0004,
  a_label: "Last workout's end (hour of day)",
  b_label: 'Resting heart rate',
  ...over,
});

describe('correlations in words', () => {
  it('reads as what went with what, and when', () => {
    expect(correlationSentence(corr({}))).toBe('Late workouts → higher resting heart rate the next day');
    expect(correlationSentence(corr({ a: { metric: 'steps' }, a_label: 'Steps', b: { metric: 'sleep_duration' }, b_label: 'Time asleep', lag_days: 0, rho: 0.3 }))).toBe(
      'More steps → more time asleep the same day',
    );
    expect(correlationSentence(corr({ a: { metric: 'sleep_duration' }, a_label: 'Time asleep', rho: -0.28, lag_days: 2 }))).toBe(
      'More time asleep → lower resting heart rate two days later',
    );
  });

  it('names lags and strengths in words', () => {
    expect([0, 1, 2].map(lagWords)).toEqual(['same day', 'next day', 'two days later']);
    expect([0.6, -0.35, 0.1].map(strengthWord)).toEqual(['strong', 'moderate', 'weak']);
    expect(lowerFirst('HRV (SDNN)')).toBe('HRV (SDNN)');
    expect(lowerFirst('Resting heart rate')).toBe('resting heart rate');
  });

  it('sorts by strength, whatever the sign', () => {
    const list = [corr({ rho: 0.2 }), corr({ rho: -0.5 }), corr({ rho: 0.3 })];
    expect(byStrength(list).map((c) => c.rho)).toEqual([-0.5, 0.3, 0.2]);
  });
});

describe('flags', () => {
  const flag = (first: string, last: string): Flag => ({
    rule: 'resting_hr_high',
    metric: 'resting_heart_rate',
    title: 'Resting heart rate above your usual range',
    rule_text: '',
    first,
    last,
    days: [],
    unit: 'bpm',
  });

  it('open the chart two weeks around their days, never past today', () => {
    expect(flagWindowDays(flag('2026-02-12', '2026-02-18'), '2026-03-18')).toEqual({ first: '2026-01-29', last: '2026-03-04' });
    expect(flagWindowDays(flag('2026-03-13', '2026-03-15'), '2026-03-18')).toEqual({ first: '2026-02-27', last: '2026-03-18' });
  });

  it('count as recent when they reach into the last 14 days', () => {
    const list = [flag('2026-02-12', '2026-03-04'), flag('2026-02-12', '2026-03-05'), flag('2026-03-13', '2026-03-15')];
    expect(recentFlags(list, '2026-03-18').map((f) => f.last)).toEqual(['2026-03-05', '2026-03-15']);
  });

  it('link to the metric’s own chart', () => {
    expect(chartRoute('weight')).toBe('#/weight');
    expect(chartRoute('sleep_duration')).toBe('#/sleep');
    expect(chartRoute('steps')).toBe('#/activity');
    expect(chartRoute('resting_heart_rate')).toBe('#/metric/resting_heart_rate');
  });
});

describe('scatter axes', () => {
  it('show differences from the usual level, signed, in the user’s units', () => {
    const end = featureAxis({ derived: 'last_workout_end_hour' }, "Last workout's end (hour of day)", DEFAULT_UNITS, 'h');
    expect(end.label).toBe("Last workout's end vs usual");
    expect(end.unit).toBe('h');
    expect(end.format(1.5)).toBe('+1.5 h');
    expect(end.format(0)).toBe('0.0 h');
    const weight = featureAxis({ metric: 'weight' }, 'Weight', DEFAULT_UNITS, 'kg');
    expect(weight.label).toBe('Weight vs usual');
    expect(weight.format(-0.4)).toMatch(/^[-−]0\.4 kg$/);
    expect(weight.format(0.4)).toMatch(/^\+0\.4 kg$/);
  });

  it('tick at round steps', () => {
    expect(niceTicks(52.3, 63.9, 5)).toEqual([54, 56, 58, 60, 62]);
    expect(niceTicks(0, 1, 4)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(5, 5)).toEqual([5]);
  });
});
