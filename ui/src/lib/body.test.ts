import { describe, expect, it } from 'vitest';
import { bmi, bmiBand } from './body';

describe('bmi', () => {
  it('is weight over height squared', () => {
    expect(bmi(77, 1.78)?.toFixed(1)).toBe('24.3');
    expect(bmi(77, 0)).toBeNull();
  });

  it('names the WHO band', () => {
    expect(bmiBand(24.3)).toBe('healthy range');
    expect(bmiBand(25)).toBe('overweight');
    expect(bmiBand(17)).toBe('underweight');
  });
});
