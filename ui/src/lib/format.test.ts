import { describe, expect, it } from 'vitest';
import { formatDuration, formatNumber, formatSignedDuration, percent } from './format';

describe('formatDuration', () => {
  it('formats hours and minutes', () => {
    expect(formatDuration(7 * 3600 + 32 * 60)).toBe('7 h 32 min');
  });

  it('leaves out a zero part', () => {
    expect(formatDuration(3600)).toBe('1 h');
    expect(formatDuration(45 * 60)).toBe('45 min');
    expect(formatDuration(0)).toBe('0 min');
  });

  it('rounds to the nearest minute, carrying into hours', () => {
    expect(formatDuration(29)).toBe('0 min');
    expect(formatDuration(30)).toBe('1 min');
    expect(formatDuration(3599)).toBe('1 h');
    expect(formatDuration(2 * 3600 + 59 * 60 + 45)).toBe('3 h');
  });

  it('does not roll hours over into days', () => {
    expect(formatDuration(26 * 3600 + 5 * 60)).toBe('26 h 5 min');
  });

  it('rejects negative and non-finite input', () => {
    expect(() => formatDuration(-1)).toThrow(RangeError);
    expect(() => formatDuration(Number.NaN)).toThrow(RangeError);
    expect(() => formatDuration(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('formatSignedDuration', () => {
  it('signs non-zero durations', () => {
    expect(formatSignedDuration(25 * 60)).toBe('+25 min');
    expect(formatSignedDuration(-65 * 60)).toBe('−1 h 5 min');
    expect(formatSignedDuration(10)).toBe('0 min');
  });
});

describe('formatNumber and percent', () => {
  it('groups thousands', () => {
    expect(formatNumber(12408, 0, 'en-US')).toBe('12,408');
    expect(formatNumber(1234.567, 1, 'en-US')).toBe('1,234.6');
  });

  it('clamps percentages', () => {
    expect(percent(1, 3)).toBe(33);
    expect(percent(5, 0)).toBe(0);
    expect(percent(12, 10)).toBe(100);
  });
});
