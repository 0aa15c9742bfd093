import { beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../../e2e/fixtures/catalog';
import type { Units } from '../ipc';
import { catalogStore } from '../state/catalog';
import { DEFAULT_GOALS, countAtGoal, goalsFrom, parseActiveGoal, parseDuration, parseSleepGoal, parseSteps, parseWeight } from './goals';
import { DEFAULT_UNITS, displayFor } from './units';

beforeAll(() => {
  catalogStore.set(CATALOG);
});

const weightIn = (weight: Units['weight']) => displayFor('weight', 'kg', { ...DEFAULT_UNITS, weight });

describe('goalsFrom (what localStorage held)', () => {
  it('keeps valid goals', () => {
    expect(goalsFrom({ stepsGoal: 8000, sleepGoal: 8 * 3600, weightGoal: 72.5, activeGoal: 45 * 60 })).toEqual({
      stepsGoal: 8000,
      sleepGoal: 28_800,
      weightGoal: 72.5,
      activeGoal: 2700,
    });
  });

  it('falls back to each default for a missing, mistyped or absurd value', () => {
    expect(goalsFrom({})).toEqual(DEFAULT_GOALS);
    expect(goalsFrom({ stepsGoal: '9000', sleepGoal: -1, weightGoal: 5, activeGoal: Number.NaN })).toEqual(DEFAULT_GOALS);
    expect(goalsFrom({ sleepGoal: 30 * 3600, weightGoal: 'heavy', activeGoal: null })).toEqual(DEFAULT_GOALS);
  });

  it('has no target weight unless one was set', () => {
    expect(DEFAULT_GOALS.weightGoal).toBeNull();
    expect(goalsFrom({ weightGoal: null }).weightGoal).toBeNull();
  });
});

describe('parseDuration', () => {
  it('reads hours and minutes the way people write them', () => {
    expect(parseDuration('7 h 30 min', 'hours')).toBe(27_000);
    expect(parseDuration('7h30', 'hours')).toBe(27_000);
    expect(parseDuration('7:30', 'hours')).toBe(27_000);
    expect(parseDuration('7.5', 'hours')).toBe(27_000);
    expect(parseDuration('7,5', 'hours')).toBe(27_000);
    expect(parseDuration('8 hours', 'hours')).toBe(28_800);
    expect(parseDuration('45 min', 'hours')).toBe(2700);
    expect(parseDuration('45', 'minutes')).toBe(2700);
    expect(parseDuration('1 h', 'minutes')).toBe(3600);
  });

  it('refuses text that is not a duration', () => {
    expect(parseDuration('', 'hours')).toBeNull();
    expect(parseDuration('soon', 'hours')).toBeNull();
    expect(parseDuration('7 h 75 min', 'hours')).toBeNull();
    expect(parseDuration('7:75', 'hours')).toBeNull();
    expect(parseDuration('-3', 'hours')).toBeNull();
  });
});

describe('goal parsers keep goals plausible', () => {
  it('sleep: 1 to 14 hours', () => {
    expect(parseSleepGoal('8')).toBe(28_800);
    expect(parseSleepGoal('20')).toBeNull();
    expect(parseSleepGoal('30 min')).toBeNull();
  });

  it('active minutes: a bare number is minutes', () => {
    expect(parseActiveGoal('30')).toBe(1800);
    expect(parseActiveGoal('1 h 15 min')).toBe(4500);
    expect(parseActiveGoal('0')).toBeNull();
  });

  it('steps: with or without grouping', () => {
    expect(parseSteps('10,000')).toBe(10_000);
    expect(parseSteps('12 500')).toBe(12_500);
    expect(parseSteps('8000')).toBe(8000);
    expect(parseSteps('500')).toBeNull();
    expect(parseSteps('lots')).toBeNull();
  });
});

describe('parseWeight (typed in the user unit, stored in kg)', () => {
  it('kg as typed, with or without the unit', () => {
    expect(parseWeight('72.5', weightIn('kg'))).toBeCloseTo(72.5, 6);
    expect(parseWeight('72.5 kg', weightIn('kg'))).toBeCloseTo(72.5, 6);
  });

  it('lb to kg', () => {
    expect(parseWeight('165 lb', weightIn('lb'))).toBeCloseTo(74.843, 3);
  });

  it('stones and pounds, or decimal stones', () => {
    const st = weightIn('st');
    // 11 st 11 lb = 165 lb.
    expect(parseWeight('11 st 11 lb', st)).toBeCloseTo(74.843, 3);
    expect(parseWeight('11st 11', st)).toBeCloseTo(74.843, 3);
    expect(parseWeight('12 st', st)).toBeCloseTo(76.204, 3);
    expect(parseWeight('11.5', st)).toBeCloseTo(73.028, 3);
    // And it reads back as typed.
    expect(st.format(parseWeight('11 st 11 lb', st) ?? 0)).toBe('11 st 11 lb');
  });

  it('refuses 14 lb or more beside stones, and nonsense', () => {
    expect(parseWeight('11 st 14 lb', weightIn('st'))).toBeNull();
    expect(parseWeight('heavy', weightIn('kg'))).toBeNull();
    expect(parseWeight('5', weightIn('kg'))).toBeNull();
  });
});

describe('countAtGoal', () => {
  it('counts values that reach the goal, the goal itself included', () => {
    expect(countAtGoal([9000, 10_000, 12_000], 10_000)).toBe(2);
    expect(countAtGoal([], 10_000)).toBe(0);
  });
});
