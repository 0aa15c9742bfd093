import { describe, expect, it } from 'vitest';
import { printableIncrs, tickDecimals, timeTickLabel } from './base';
import { gapBreaks } from './model';

describe('tickDecimals', () => {
  it('shows as many decimals as the tick step needs', () => {
    expect(tickDecimals(10, 2)).toBe(0);
    expect(tickDecimals(0.5, 2)).toBe(1);
    expect(tickDecimals(0.25, 2)).toBe(2);
    expect(tickDecimals(0.125, 2)).toBe(2);
  });
});

describe('gapBreaks', () => {
  it('breaks the line where a gap is much wider than the usual step', () => {
    const xs = [0, 60, 120, 180, 3000, 3060];
    expect([...gapBreaks(xs)]).toEqual([3]);
  });

  it('does not break regular or slightly irregular data', () => {
    expect([...gapBreaks([0, 300, 600, 960, 1260])]).toEqual([]);
  });
});

describe('timeTickLabel', () => {
  const t = (iso: string): number => Date.parse(iso) / 1000;
  const DAY = 86_400;

  it('names the year on the first month tick and where it changes', () => {
    expect(timeTickLabel(t('2025-12-01T12:00:00Z'), 90 * DAY)).toMatch(/2025/);
    expect(timeTickLabel(t('2025-09-01T12:00:00Z'), 90 * DAY, t('2025-06-01T12:00:00Z'))).not.toMatch(/\d{4}/);
    expect(timeTickLabel(t('2026-03-01T12:00:00Z'), 90 * DAY, t('2025-12-01T12:00:00Z'))).toMatch(/2026/);
  });

  it('uses years for multi-year steps and times within a day', () => {
    expect(timeTickLabel(t('2024-06-01T12:00:00Z'), 365 * DAY)).toBe('2024');
    // Ticks are in the viewer's local time (uPlot's default): 12:00 local here.
    expect(timeTickLabel(new Date(2024, 5, 1, 12, 0).getTime() / 1000, 3600)).toMatch(/12:00|12:00\sPM/);
  });
});

describe('printableIncrs', () => {
  it('offers only steps that print exactly with the axis decimals', () => {
    const one = printableIncrs(1);
    expect(one.slice(0, 4)).toEqual([0.1, 0.2, 0.5, 1]);
    expect(one).not.toContain(0.25);
    for (const step of one) expect(tickDecimals(step, 1)).toBeLessThanOrEqual(1);
    expect(printableIncrs(0)[0]).toBe(1);
  });
});
