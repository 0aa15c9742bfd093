import { describe, expect, it } from 'vitest';
import type { Band, Point } from '../ipc';
import { bandsForSlots, edgesAtX, edgesForPoints, medianBand, rangeText, withBand } from './band';
import type { ChartModel } from './model';

const bpm = { convert: (v: number) => v, format: (v: number) => `${String(Math.round(v))} bpm` };
const DAY = 86_400;
const point = (t: number, end = t): Point => ({ t, end, value: 1, min: 1, max: 1, n: 1, source: 0 });
const band = (lo: number, hi: number): Band => ({ lo, mid: (lo + hi) / 2, hi });

describe('band edges', () => {
  it('follow the points, converted, with the readout text', () => {
    const kg = { convert: (v: number) => v * 2.2, format: (v: number) => `${(v * 2.2).toFixed(1)} lb` };
    const e = edgesForPoints([band(70, 72), null], 2, kg);
    expect(e?.lo[0]).toBeCloseTo(154);
    expect(e?.hi[1]).toBeNull();
    expect(e?.text).toEqual(['154.0–158.4 lb', null]);
  });

  it('are null without any band', () => {
    expect(edgesForPoints(null, 3, bpm)).toBeNull();
    expect(edgesForPoints([null, null], 2, bpm)).toBeNull();
  });

  it('sit at the x of their own points in joined data', () => {
    const e = edgesAtX([10, 20, 30, 40], [20, 40], [band(55, 60), band(56, 61)], bpm);
    expect(e?.lo).toEqual([null, 55, null, 56]);
    expect(e?.text[3]).toBe('56–61 bpm');
  });
});

describe('bands of bars', () => {
  it('take the median of the days in each slot, by the middle of each point', () => {
    const slots = [
      { from: 0, to: 7 * DAY },
      { from: 7 * DAY, to: 14 * DAY },
    ];
    // A night from 23:00 to 07:00 belongs to the day it ends on.
    const points = [point(0, DAY), point(DAY, 2 * DAY), point(2 * DAY, 3 * DAY), point(7 * DAY - 3600, 7 * DAY + 7 * 3600)];
    const bands = bandsForSlots(slots, points, [band(1, 3), band(2, 4), band(10, 12), band(5, 9)]);
    expect(bands[0]).toEqual({ lo: 2, mid: 3, hi: 4 });
    expect(bands[1]).toEqual({ lo: 5, mid: 7, hi: 9 });
  });

  it('leave slots without days empty', () => {
    expect(bandsForSlots([{ from: 0, to: DAY }], [point(5 * DAY)], [band(1, 2)])).toEqual([null]);
    expect(medianBand([])).toBeNull();
  });
});

describe('rangeText', () => {
  it('names a shared unit once', () => {
    expect(rangeText('58 bpm', '64 bpm')).toBe('58–64 bpm');
    expect(rangeText('6,200', '11,400')).toBe('6,200–11,400');
    expect(rangeText('6 h 50 min', '8 h 5 min')).toBe('6 h 50 min–8 h 5 min');
    expect(rangeText('11 st 9 lb', '12 st 1 lb')).toBe('11 st 9 lb–12 st 1 lb');
  });
});

describe('withBand', () => {
  const model: ChartModel = {
    data: [
      [1, 2, 3],
      [60, 61, 62],
      [50, 51, 52],
      [70, 71, 72],
    ],
    readout: (i) => ({ title: `t${String(i)}`, rows: [{ label: 'Heart rate', value: '60 bpm' }] }),
    options: {
      series: [{}, { label: 'Heart rate' }, { label: 'Min' }, { label: 'Max' }],
      bands: [{ series: [3, 2], fill: 'red' }],
      scales: { y: { range: () => [0, 10] } },
    },
  };
  const e = { lo: [55, null, 57], hi: [65, null, 80], text: ['55–65 bpm', null, '57–80 bpm'] };
  const banded = withBand(model, e, 'teal');

  it('puts lo and hi first, filled between, and moves the other series and bands up', () => {
    expect(banded.data.length).toBe(6);
    expect(banded.data[1]).toEqual([55, null, 57]);
    expect(banded.data[2]).toEqual([65, null, 80]);
    expect(banded.data[3]).toEqual([60, 61, 62]);
    expect(banded.options.series.map((s) => s.label)).toEqual([undefined, 'Usual low', 'Usual high', 'Heart rate', 'Min', 'Max']);
    expect(banded.options.bands).toEqual([
      { series: [2, 1], fill: 'teal' },
      { series: [5, 4], fill: 'red' },
    ]);
  });

  it('adds the usual range to the readout where there is one', () => {
    expect(banded.readout(0)?.rows.map((r) => `${r.label} ${r.value}`)).toEqual(['Heart rate 60 bpm', 'Usual range 55–65 bpm']);
    expect(banded.readout(1)?.rows).toHaveLength(1);
  });

  it('widens a fixed y range to keep the band in view', () => {
    const range = banded.options.scales?.y?.range;
    expect(typeof range).toBe('function');
    if (typeof range !== 'function') return;
    const [lo, hi] = range(undefined as never, 0, 10, 'y');
    expect(lo).toBe(0);
    expect(hi).toBeGreaterThanOrEqual(80);
  });

  it('leaves a model without a band as it was', () => {
    expect(withBand(model, null, 'teal')).toBe(model);
  });
});
