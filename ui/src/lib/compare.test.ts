import { describe, expect, it } from 'vitest';
import { clockDifference, compare, periodName, previousWindow } from './compare';
import { formatDuration, formatNumber } from './format';

const DAY = 86_400;
const bpm = { format: (v: number) => `${formatNumber(v)} bpm`, period: '30 days' };

describe('previousWindow', () => {
  it('is as long as the window and ends where it starts', () => {
    expect(previousWindow({ from: 1000, to: 1600 })).toEqual({ from: 400, to: 1000 });
  });
});

describe('periodName', () => {
  it('names a preset from a midnight to now by its days', () => {
    expect(periodName({ from: 0, to: 29 * DAY + 5 * 3600 })).toBe('30 days');
    expect(periodName({ from: 0, to: 7 * DAY })).toBe('7 days');
    expect(periodName({ from: 0, to: DAY })).toBe('day');
  });

  it('names a short zoom in hours', () => {
    expect(periodName({ from: 0, to: 6 * 3600 })).toBe('6 h');
    expect(periodName({ from: 0, to: 3600 })).toBe('hour');
  });
});

describe('compare', () => {
  it('says which way and how much', () => {
    expect(compare(62, 58, bpm)).toEqual({ direction: 'up', text: '▲ 4 bpm vs previous 30 days' });
    expect(compare(55.4, 58, bpm)).toEqual({ direction: 'down', text: '▼ 3 bpm vs previous 30 days' });
  });

  it('is "No change" when the difference rounds away', () => {
    expect(compare(60.2, 60, bpm)).toEqual({ direction: 'same', text: 'No change vs previous 30 days' });
    expect(compare(60, 60, bpm)?.direction).toBe('same');
  });

  it('shows nothing when either period has no data', () => {
    expect(compare(60, null, bpm)).toBeNull();
    expect(compare(undefined, 60, bpm)).toBeNull();
  });

  it('adds words where an arrow is unclear', () => {
    const later = { format: formatDuration, period: '7 days', words: { up: 'later', down: 'earlier' } };
    expect(compare(900, 0, later)?.text).toBe('▲ 15 min later vs previous 7 days');
    expect(compare(-1500, 0, later)?.text).toBe('▼ 25 min earlier vs previous 7 days');
  });
});

describe('clockDifference', () => {
  it('goes the short way round midnight', () => {
    expect(clockDifference(23 * 60 + 50, 10)).toBe(20);
    expect(clockDifference(10, 23 * 60 + 50)).toBe(-20);
    expect(clockDifference(22 * 60, 23 * 60)).toBe(60);
  });
});
