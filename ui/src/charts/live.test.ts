import { describe, expect, it } from 'vitest';
import { layoutSignature, liveOptions } from './live';
import type { ChartModel } from './model';

/** A line chart over `xs` with a y range that says which model it came from. */
function line(xs: number[], opts: { color?: string; width?: number; band?: boolean; tag?: string } = {}): ChartModel {
  const ys = xs.map((x) => x * 2);
  const series = [{}, { label: 'Heart rate', stroke: opts.color ?? 'red', width: opts.width ?? 1.5 }];
  const extra = opts.band ? [{ label: 'Baseline low' }, { label: 'Baseline high' }] : [];
  return {
    data: opts.band ? [xs, ys, ys, ys] : [xs, ys],
    readout: () => ({ title: opts.tag ?? '', rows: [] }),
    options: {
      scales: { x: { time: true, range: (): [number, number] => [xs[0] ?? 0, xs[xs.length - 1] ?? 1] } },
      series: [...series, ...extra],
      ...(opts.band ? { bands: [{ series: [3, 2] as [number, number], fill: 'pink' }] } : {}),
      axes: [{ values: (_u: unknown, splits: number[]) => splits.map((v) => `${opts.tag ?? ''}${String(v)}`) }],
    },
  };
}

describe('layoutSignature', () => {
  it('is the same for new data and a new range of the same chart', () => {
    expect(layoutSignature(line([1, 2, 3]))).toBe(layoutSignature(line([100, 200, 300, 400])));
  });

  it('ignores a line width that changes with the range (patched in place)', () => {
    expect(layoutSignature(line([1], { width: 2 }))).toBe(layoutSignature(line([1], { width: 1.5 })));
  });

  it('changes with the colours (a theme switch rebuilds)', () => {
    expect(layoutSignature(line([1], { color: 'red' }))).not.toBe(layoutSignature(line([1], { color: 'salmon' })));
  });

  it('changes when a baseline band brings two more series', () => {
    expect(layoutSignature(line([1, 2]))).not.toBe(layoutSignature(line([1, 2], { band: true })));
  });
});

describe('liveOptions', () => {
  it('calls the functions of the model shown now, not of the one it was built from', () => {
    let shown = line([1, 2, 3], { tag: 'old ' });
    const live = liveOptions(() => shown);
    const range = live.scales?.x?.range as () => [number, number];
    const values = live.axes?.[0]?.values as (u: unknown, splits: number[]) => string[];
    expect(range()).toEqual([1, 3]);
    shown = line([10, 20, 30, 40], { tag: 'new ' });
    expect(range()).toEqual([10, 40]);
    expect(values(null, [5])).toEqual(['new 5']);
  });

  it('copies plain values, leaving the model untouched', () => {
    const model = line([1, 2]);
    const live = liveOptions(() => model);
    expect(live.series[1]).not.toBe(model.options.series[1]);
    expect(live.series[1]?.stroke).toBe('red');
  });
});
