/**
 * The usual range behind a chart: the backend's trailing 28-day band of a
 * baseline metric (resting heart rate, HRV, weight, time asleep, steps,
 * active energy), drawn as two invisible series (lo, hi) with uPlot's native
 * `bands` fill between them. Everything lives in `model.data` and
 * `model.options`, so the band updates with the data like any other series.
 */
import type uPlot from 'uplot';
import type { Band, Point } from '../ipc';
import type { ChartModel } from './model';

/** The band's lower and upper edge, one per data index of the chart (display units; null = none there). */
export interface BandEdges {
  lo: (number | null)[];
  hi: (number | null)[];
  /** The hover readout's "Usual range" text at each index ("58–64 bpm"). */
  text: (string | null)[];
}

/** How a metric's values are shown: canonical → axis number, canonical → text with unit. */
export interface BandDisplay {
  convert: (v: number) => number;
  format: (v: number) => string;
}

function edgesOf(bands: readonly (Band | null | undefined)[], d: BandDisplay): BandEdges {
  return {
    lo: bands.map((b) => (b ? d.convert(b.lo) : null)),
    hi: bands.map((b) => (b ? d.convert(b.hi) : null)),
    text: bands.map((b) => (b ? rangeText(d.format(b.lo), d.format(b.hi)) : null)),
  };
}

/** The legend line every chart with a band shows. */
export const USUAL_RANGE_LEGEND = 'Shaded: your usual range (28 days)';


/** The band's fill for the active theme (a custom property of styles/insights.css). */
export function usualRangeColour(el: Element = document.documentElement): string {
  return getComputedStyle(el).getPropertyValue('--c-usual-range').trim() || 'rgb(120 130 145 / 18%)';
}

/** The band's edges for a series' own points (`band` aligned with `points`), converted for display. */
export function edgesForPoints(band: readonly (Band | null)[] | null | undefined, count: number, d: BandDisplay): BandEdges | null {
  if (!band?.some((b) => b !== null)) return null;
  return edgesOf(Array.from({ length: count }, (_, i) => band[i] ?? null), d);
}

/**
 * The edges at each x of a chart whose x values were joined from several
 * series (heart rate and resting heart rate): the band sits at the x of the
 * point it belongs to, null elsewhere.
 */
export function edgesAtX(xs: ArrayLike<number>, bandXs: readonly number[], band: readonly (Band | null)[] | null | undefined, d: BandDisplay): BandEdges | null {
  const at = new Map<number, Band>();
  bandXs.forEach((x, i) => {
    const b = band?.[i];
    if (b) at.set(x, b);
  });
  if (at.size === 0) return null;
  return edgesOf(Array.from({ length: xs.length }, (_, i) => at.get(xs[i] ?? NaN)), d);
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}

/** The median of each edge: how the backend summarises the daily bands of a bucket. */
export function medianBand(bands: readonly Band[]): Band | null {
  if (bands.length === 0) return null;
  return { lo: median(bands.map((b) => b.lo)), mid: median(bands.map((b) => b.mid)), hi: median(bands.map((b) => b.hi)) };
}

/**
 * One band per bar slot ([from, to) in Unix seconds) from a series of daily
 * points and their bands: the median of the days whose point's middle lies in
 * the slot (a night from 23:00 to 07:00 belongs to the day it ends on). Bars come from `daily_buckets`, which has no band; the page asks the
 * daily series for it.
 */
export function bandsForSlots(slots: readonly { from: number; to: number }[], points: readonly Point[], band: readonly (Band | null)[] | null | undefined): (Band | null)[] {
  if (!band) return slots.map(() => null);
  const order = points.map((p, i) => ({ t: (p.t + Math.max(p.t, p.end)) / 2, b: band[i] ?? null })).sort((a, b) => a.t - b.t);
  let k = 0;
  return slots.map((s) => {
    while (k < order.length && (order[k]?.t ?? Infinity) < s.from) k++;
    const inSlot: Band[] = [];
    for (let j = k; j < order.length && (order[j]?.t ?? Infinity) < s.to; j++) {
      const b = order[j]?.b;
      if (b) inSlot.push(b);
    }
    return medianBand(inSlot);
  });
}

/** The edges for bars (one per slot) from the daily series of the same metric. */
export function edgesForSlots(slots: readonly { from: number; to: number }[], daily: { points: readonly Point[]; band: readonly (Band | null)[] | null } | undefined, d: BandDisplay): BandEdges | null {
  if (!daily?.band) return null;
  const bands = bandsForSlots(slots, daily.points, daily.band);
  return bands.some((b) => b !== null) ? edgesOf(bands, d) : null;
}

/** "58–64 bpm" rather than "58 bpm–64 bpm" when both ends carry the same unit suffix. */
export function rangeText(lo: string, hi: string): string {
  // Only a number and one unit word ("58 bpm"), not "6 h 50 min" or "11 st 9 lb".
  const simple = /^[^\p{L}]*\d( [^\d\s]+)$/u;
  const unit = simple.exec(hi)?.[1];
  if (unit && simple.exec(lo)?.[1] === unit) return `${lo.slice(0, -unit.length)}–${hi}`;
  return `${lo}–${hi}`;
}

/** Puts the usual range behind a model: series 1 and 2 (lo, hi), filled between; other series move up by two. */
export function withBand(model: ChartModel, edges: BandEdges | null, fill: string): ChartModel {
  if (!edges) return model;
  const [x, ...rest] = model.data;
  const { lo, hi } = edges;
  const shown = lo.reduce<number>((n, v, i) => (v !== null && hi[i] !== null && hi[i] !== undefined ? n + 1 : n), 0);
  const series = model.options.series;
  // spanGaps: a band at resting-HR points only (joined with heart rate's x) must still join up.
  const hidden = (label: string): uPlot.Series => ({ label, stroke: 'transparent', width: 0, points: { show: false }, spanGaps: true });
  const bands: uPlot.Band[] = (model.options.bands ?? []).map((b) => ({ ...b, series: [b.series[0] + 2, b.series[1] + 2] }));
  const highest = Math.max(...hi.map((v) => v ?? -Infinity));
  const lowest = Math.min(...lo.map((v) => v ?? Infinity));
  const y = model.options.scales?.y;
  const range = y?.range;
  const scales =
    typeof range === 'function'
      ? {
          ...model.options.scales,
          // Fixed ranges (bars from 0) grow to keep the whole band in view.
          y: {
            ...y,
            range: (u: uPlot, min: number, max: number, key: string): uPlot.Range.MinMax => {
              const [a, b] = range(u, min, max, key);
              return [a === null ? a : Math.min(a, lowest), b === null ? b : Math.max(b, highest > b ? highest * 1.04 : b)];
            },
          },
        }
      : model.options.scales;
  const readout = (idx: number) => {
    const r = model.readout(idx);
    const text = edges.text[idx];
    if (!r || text === null || text === undefined) return r;
    return { ...r, rows: [...r.rows, { label: 'Usual range', value: text, color: fill }] };
  };
  const marker: uPlot.Plugin = {
    hooks: {
      init: (u) => {
        // For tests and debugging: how many data points carry a band.
        u.root.dataset.bandPoints = String(shown);
      },
      // The hover readout is the builder's own plugin (it runs before this one):
      // the usual range joins it as its last row.
      setCursor: (u) => {
        const box = u.over.querySelector<HTMLElement>('.chart-readout');
        const idx = u.cursor.idx;
        if (!box || box.hidden || idx === null || idx === undefined) return;
        const row = readout(idx)?.rows.find((r) => r.label === 'Usual range');
        if (!row) return;
        const line = document.createElement('div');
        line.className = 'chart-readout__row chart-readout__row--usual';
        const sw = document.createElement('span');
        sw.className = 'chart-readout__swatch';
        sw.style.background = fill;
        const label = document.createElement('span');
        label.textContent = row.label;
        const value = document.createElement('strong');
        value.textContent = row.value;
        line.append(sw, label, value);
        box.appendChild(line);
      },
    },
  };
  return {
    ...model,
    readout,
    data: [x, lo, hi, ...rest] as uPlot.AlignedData,
    options: {
      ...model.options,
      ...(scales ? { scales } : {}),
      series: [series[0] ?? {}, hidden('Usual low'), hidden('Usual high'), ...series.slice(1)],
      bands: [{ series: [2, 1], fill }, ...bands],
      plugins: [...(model.options.plugins ?? []), marker],
    },
  };
}
