import { describe, expect, it } from 'vitest';
import { granularityFor, mean, movingAverage, standardDeviation } from './aggregate';

const DAY = 86_400;

describe('granularityFor', () => {
  it('switches to weeks after 90 days and to months after ~1.5 years', () => {
    expect(granularityFor(30)).toBe('day');
    expect(granularityFor(90)).toBe('day');
    expect(granularityFor(91)).toBe('week');
    expect(granularityFor(365)).toBe('week');
    expect(granularityFor(548)).toBe('week');
    expect(granularityFor(549)).toBe('month');
  });
});

// ISO-week and calendar-month buckets are computed by the backend now; their
// assertions (same numbers) are in src-tauri/crates/core/src/query/calendar.rs.

describe('movingAverage', () => {
  it('averages the trailing 7 days by time, not by count', () => {
    const pts = [
      { t: 0, value: 80 },
      { t: 1 * DAY, value: 82 },
      { t: 3 * DAY, value: 84 },
      { t: 7 * DAY, value: 90 }, // day 0 leaves the (t − 7 d, t] window
      { t: 20 * DAY, value: 70 }, // alone in its window
    ];
    expect(movingAverage(pts)).toEqual([80, 81, 82, (82 + 84 + 90) / 3, 70]);
  });

  it('honours a custom window and handles empty input', () => {
    expect(movingAverage([], DAY)).toEqual([]);
    expect(movingAverage([{ t: 0, value: 1 }, { t: 10, value: 3 }], 10)).toEqual([1, 3]);
    expect(movingAverage([{ t: 0, value: 1 }, { t: 10, value: 3 }], 11)).toEqual([1, 2]);
  });
});

describe('mean and standard deviation', () => {
  it('are null for no values and exact otherwise', () => {
    expect(mean([])).toBeNull();
    expect(standardDeviation([])).toBeNull();
    expect(mean([2, 4, 4, 4, 5, 5, 7, 9])).toBe(5);
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBe(2);
  });
});
