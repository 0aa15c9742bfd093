import { describe, expect, test } from 'vitest';
import { describeArrived } from './arrived';

describe('describeArrived', () => {
  test('names what people count, in a fixed order, with separators', () => {
    expect(
      describeArrived([
        { metric: 'heart_rate', count: 11520 },
        { metric: 'weight', count: 303 },
        { metric: 'sleep_duration', count: 365 },
        { metric: 'workout', count: 1 },
      ]),
    ).toBe('303 weigh-ins, 365 nights, 1 workout and 11,520 heart-rate readings');
  });

  test('sums the rest into other values', () => {
    expect(
      describeArrived([
        { metric: 'weight', count: 2 },
        { metric: 'fat_mass', count: 2 },
        { metric: 'bone_mass', count: 2 },
      ]),
    ).toBe('2 weigh-ins and 4 other values');
    expect(describeArrived([{ metric: 'fat_mass', count: 1 }])).toBe('1 value');
  });

  test('nothing arrived: null, for "up to date"', () => {
    expect(describeArrived([])).toBeNull();
  });
});
