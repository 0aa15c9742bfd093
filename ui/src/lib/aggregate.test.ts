import { describe, expect, it } from 'vitest';
import { aggregateDaily, bucketLength, granularityFor, mean, movingAverage, standardDeviation } from './aggregate';
import { addDays } from './time';

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

describe('aggregateDaily', () => {
  // Mon 2026-03-02 … Sun 2026-03-15: two full ISO weeks, value = day number.
  const twoWeeks = Array.from({ length: 14 }, (_, i) => ({ date: addDays('2026-03-02', i), value: i + 1 }));

  it('sums and averages ISO weeks starting on Monday', () => {
    const weeks = aggregateDaily(twoWeeks, 'week');
    expect(weeks.map((w) => w.start)).toEqual(['2026-03-02', '2026-03-09']);
    expect(weeks[0]).toMatchObject({ end: '2026-03-09', sum: 28, mean: 4, days: 7 });
    expect(weeks[1]).toMatchObject({ sum: 77, mean: 11, days: 7 });
  });

  it('averages over days that have a value, not over calendar days', () => {
    const sparse = [
      { date: '2026-03-02', value: 10_000 },
      { date: '2026-03-04', value: 6_000 },
    ];
    const [w] = aggregateDaily(sparse, 'week');
    expect(w).toMatchObject({ sum: 16_000, mean: 8_000, days: 2 });
  });

  it('splits a week that straddles a month into the right months', () => {
    const days = Array.from({ length: 10 }, (_, i) => ({ date: addDays('2026-01-27', i), value: 1 }));
    const months = aggregateDaily(days, 'month');
    expect(months.map((m) => [m.start, m.end, m.sum])).toEqual([
      ['2026-01-01', '2026-02-01', 5],
      ['2026-02-01', '2026-03-01', 5],
    ]);
    expect(months.map(bucketLength)).toEqual([31, 28]);
  });

  it('puts the first days of January in the previous ISO year when needed', () => {
    const [w] = aggregateDaily([{ date: '2027-01-01', value: 3 }], 'week'); // a Friday
    expect(w?.start).toBe('2026-12-28');
  });

  it('sorts buckets and rolls December into the next year', () => {
    const months = aggregateDaily(
      [
        { date: '2026-12-31', value: 2 },
        { date: '2026-11-05', value: 1 },
      ],
      'month',
    );
    expect(months.map((m) => [m.start, m.end])).toEqual([
      ['2026-11-01', '2026-12-01'],
      ['2026-12-01', '2027-01-01'],
    ]);
  });

  it('keeps days as they are', () => {
    expect(aggregateDaily(twoWeeks.slice(0, 2), 'day').map((d) => [d.start, d.end, d.sum])).toEqual([
      ['2026-03-02', '2026-03-03', 1],
      ['2026-03-03', '2026-03-04', 2],
    ]);
  });
});

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
