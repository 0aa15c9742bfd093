import { describe, expect, it } from 'vitest';
import type { CoverageRun, Provenance } from '../ipc';
import { daysPerState, mapStart, pointSpan, runsFrom, sourceRows, stripRects } from './provenance';
import type { Display } from './units';

const kg: Display = {
  unit: 'kg',
  convert: (v) => v,
  format: (v) => `${v.toFixed(1)} kg`,
  formatChange: (v) => `${v > 0 ? '+' : ''}${v.toFixed(1)} kg`,
  decimals: 1,
  parts: (v) => [v.toFixed(1), 'kg'],
};

const run = (first: string, last: string, state: CoverageRun['state']): CoverageRun => ({ first, last, state, days_with_data: 0 });

describe('sources panel rows', () => {
  it('formats each source in the display unit, with its range only when values differ', () => {
    const p: Provenance = {
      metric: 'weight',
      unit: 'kg',
      from: 0,
      to: 86_400,
      chosen: 'withings',
      sources: [
        { source: 'withings', value: 72.2, n: 2, min: 72.0, max: 72.4, chosen: true },
        { source: 'apple_health', value: 73, n: 1, min: 73, max: 73, chosen: false },
      ],
    };
    expect(sourceRows(p, kg)).toEqual([
      { source: 'withings', name: 'withings', value: '72.2 kg', range: '72.0 kg – 72.4 kg', chosen: true },
      { source: 'apple_health', name: 'apple_health', value: '73.0 kg', range: null, chosen: false },
    ]);
  });

  it('gives a single reading a one-second bucket', () => {
    expect(pointSpan({ t: 100, end: 100 })).toEqual({ from: 100, to: 101 });
    expect(pointSpan({ t: 100, end: 3700 })).toEqual({ from: 100, to: 3700 });
    expect(pointSpan(undefined)).toBeNull();
  });
});

describe('coverage map layout', () => {
  const runs = [run('2016-01-01', '2025-12-31', 'not_synced'), run('2026-01-01', '2026-01-10', 'data'), run('2026-01-11', '2026-01-12', 'error')];

  it('starts at the first day anything was synced, or a month back when nothing was', () => {
    expect(mapStart([{ runs }], '2026-01-12')).toBe('2025-12-14');
    expect(mapStart([{ runs: [run('2020-01-01', '2026-01-12', 'data')] }], '2026-01-12')).toBe('2020-01-01');
    expect(mapStart([{ runs: [run('2016-01-01', '2026-01-12', 'not_synced')] }], '2026-01-12')).toBe('2025-12-14');
  });

  it('cuts runs at the start and lays them out a unit a day', () => {
    const visible = runsFrom(runs, '2025-12-30');
    expect(visible.map((r) => r.first)).toEqual(['2025-12-30', '2026-01-01', '2026-01-11']);
    expect(stripRects(visible, '2025-12-30').map((r) => [r.x, r.width, r.state])).toEqual([
      [0, 2, 'not_synced'],
      [2, 10, 'data'],
      [12, 2, 'error'],
    ]);
    expect(daysPerState(visible)).toEqual({ data: 10, gap: 0, not_synced: 2, error: 2 });
  });
});
