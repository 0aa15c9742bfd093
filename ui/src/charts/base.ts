/**
 * Shared uPlot pieces: colours from CSS, a local-time x axis, a y axis,
 * drag-to-zoom, click-to-pick and the hover readout. Chart builders in this
 * folder combine them; only this folder imports uPlot.
 */
import uPlot from 'uplot';
import { formatNumber } from '../lib/format';
import { DAY, dateFormat, timeOfDay } from '../lib/time';

/** Chart colours, read from the CSS custom properties of the active theme. */
export interface Palette {
  text: string;
  muted: string;
  grid: string;
  surface: string;
  heart: string;
  heartBand: string;
  /** The band on long ranges (daily buckets), fainter so the mean stays readable. */
  heartBandWide: string;
  resting: string;
  deep: string;
  light: string;
  rem: string;
  awake: string;
  steps: string;
  goal: string;
  distance: string;
  energy: string;
  weight: string;
  weightPoint: string;
  fat: string;
  font: string;
}

export function readPalette(el: Element = document.documentElement): Palette {
  const css = getComputedStyle(el);
  const v = (name: string): string => css.getPropertyValue(name).trim();
  return {
    text: v('--text'),
    muted: v('--muted'),
    grid: v('--grid'),
    surface: v('--surface'),
    heart: v('--c-heart'),
    heartBand: v('--c-heart-band'),
    heartBandWide: v('--c-heart-band-wide'),
    resting: v('--c-resting'),
    deep: v('--c-deep'),
    light: v('--c-light'),
    rem: v('--c-rem'),
    awake: v('--c-awake'),
    steps: v('--c-steps'),
    goal: v('--c-goal'),
    distance: v('--c-distance'),
    energy: v('--c-energy'),
    weight: v('--c-weight'),
    weightPoint: v('--c-weight-point'),
    fat: v('--c-fat'),
    font: '12px system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif',
  };
}

// ---- axes -------------------------------------------------------------------

const LOCAL_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** uPlot hands the axis local-time instants: format them in the runtime's own zone. */
function dtf(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return dateFormat(LOCAL_ZONE, options);
}

/**
 * Tick labels in the viewer's local time, coarser as ticks spread out: times,
 * then days (a date at midnight), months, years. Month ticks name the year
 * on the first tick and wherever it changes (`prev`: the tick before).
 */
export function timeTickLabel(t: number, incr: number, prev?: number): string {
  const d = new Date(t * 1000);
  if (incr < 60) return dtf({ ...timeOfDay(), second: '2-digit' }).format(d);
  const midnight = d.getHours() === 0 && d.getMinutes() === 0;
  if (incr < DAY) {
    return midnight ? dtf({ day: 'numeric', month: 'short' }).format(d) : dtf(timeOfDay()).format(d);
  }
  if (incr < 28 * DAY) return dtf({ day: 'numeric', month: 'short' }).format(d);
  if (incr < 365 * DAY) {
    const newYear = prev === undefined || new Date(prev * 1000).getFullYear() !== d.getFullYear();
    return newYear ? dtf({ month: 'short', year: 'numeric' }).format(d) : dtf({ month: 'short' }).format(d);
  }
  return dtf({ year: 'numeric' }).format(d);
}

export function timeAxis(p: Palette): uPlot.Axis {
  return {
    stroke: p.muted,
    font: p.font,
    grid: { stroke: p.grid, width: 1 },
    ticks: { stroke: p.grid, width: 1, size: 4 },
    size: 30,
    space: 70,
    values: (_u, splits, _axisIdx, _space, incr) => splits.map((t, i) => timeTickLabel(t, incr, splits[i - 1])),
  };
}

export function valueAxis(p: Palette, options: Partial<uPlot.Axis> = {}): uPlot.Axis {
  return {
    stroke: p.muted,
    font: p.font,
    grid: { stroke: p.grid, width: 1 },
    ticks: { show: false },
    size: 52,
    gap: 6,
    ...options,
  };
}

/** Decimals that tell ticks `incr` apart: 0.5 → 1, 0.25 → 2, 10 → 0. */
export function tickDecimals(incr: number, max: number): number {
  for (let d = 0; d < max; d++) if (Math.abs(Math.round(incr * 10 ** d) - incr * 10 ** d) < 1e-9) return d;
  return max;
}

/**
 * Tick steps that print exactly with `decimals` decimals: 1, 2 and 5 times a
 * power of ten. uPlot's own list has 0.25, which at one decimal prints as the
 * uneven 76.3, 76.5, 76.8.
 */
export function printableIncrs(decimals: number): number[] {
  const out: number[] = [];
  for (let e = -decimals; e <= 9; e++) for (const m of [1, 2, 5]) out.push(Number((m * 10 ** e).toFixed(Math.max(0, -e))));
  return out;
}

/** Tick labels with grouping (12,000) and the same decimals on every tick (76.5, 77.0). */
export function numberTicks(maxDecimals: number): uPlot.Axis.Values {
  return (_u, splits, _axisIdx, _space, incr) => {
    const d = tickDecimals(incr, maxDecimals);
    return splits.map((v) => formatNumber(v, d));
  };
}

/** A readout as one line of speech: "Tue 12 Mar 2026: Mean 72 bpm, Range 60–90 bpm". */
export function readoutText(r: Readout): string {
  return `${r.title}: ${r.rows.map((row) => `${row.label} ${row.value}`).join(', ')}`;
}

// ---- plugins ---------------------------------------------------------------

export interface ReadoutRow {
  label: string;
  value: string;
  color?: string;
  /**
   * The table column this row belongs to when its label varies from point to
   * point ("Mean of 3" is a "Weight"); the label itself by default.
   */
  column?: string;
}

export interface Readout {
  title: string;
  rows: ReadoutRow[];
}

/**
 * Readout boxes by chart instance. The box belongs to the instance, the
 * readout function to the model: a chart updated in place (charts/live.ts)
 * calls the new model's hooks, which find the box the first one made.
 */
const readoutBoxes = new WeakMap<uPlot, HTMLDivElement>();

/**
 * A floating readout with exact values at the cursor. Built with DOM nodes
 * (no innerHTML), placed inside the plot and flipped away from its edges.
 */
export function readoutPlugin(readout: (idx: number) => Readout | null): uPlot.Plugin {
  return {
    hooks: {
      init: (u) => {
        const box = document.createElement('div');
        box.className = 'chart-readout';
        // Screen readers get the same text from the chart's own live region
        // (components/Chart.tsx), once per keyboard step instead of per mouse move.
        box.setAttribute('aria-hidden', 'true');
        box.hidden = true;
        u.over.appendChild(box);
        readoutBoxes.set(u, box);
        u.over.addEventListener('mouseleave', () => {
          box.hidden = true;
        });
      },
      setCursor: (u) => {
        const box = readoutBoxes.get(u);
        if (!box) return;
        const idx = u.cursor.idx;
        const left = u.cursor.left ?? -1;
        const r = idx === null || idx === undefined || left < 0 ? null : readout(idx);
        if (!r) {
          box.hidden = true;
          return;
        }
        box.replaceChildren();
        const title = document.createElement('div');
        title.className = 'chart-readout__title';
        title.textContent = r.title;
        box.appendChild(title);
        for (const row of r.rows) {
          const line = document.createElement('div');
          line.className = 'chart-readout__row';
          const sw = document.createElement('span');
          sw.className = 'chart-readout__swatch';
          if (row.color) sw.style.background = row.color;
          const label = document.createElement('span');
          label.textContent = row.label;
          const value = document.createElement('strong');
          value.textContent = row.value;
          line.append(sw, label, value);
          box.appendChild(line);
        }
        box.hidden = false;
        const w = box.offsetWidth;
        const h = box.offsetHeight;
        const overW = u.over.clientWidth;
        const top = Math.max(0, Math.min((u.cursor.top ?? 0) - h / 2, u.over.clientHeight - h));
        const x = left + 14 + w > overW ? left - 14 - w : left + 14;
        box.style.transform = `translate(${String(Math.max(0, x))}px, ${String(top)}px)`;
      },
    },
  };
}

/** Drag across the plot to zoom the shared range; the chart itself does not rescale. */
export function zoomPlugin(onZoom: (from: number, to: number) => void): uPlot.Plugin {
  return {
    hooks: {
      setSelect: (u) => {
        const { left, width } = u.select;
        if (width < 5) return;
        const from = u.posToVal(left, 'x');
        const to = u.posToVal(left + width, 'x');
        u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
        onZoom(from, to);
      },
    },
  };
}

/**
 * A click (not the end of a drag) on the plot picks the data index under it
 * (nothing when `onPick` is null: kept in the options so that a chart whose
 * points open something on one range and nothing on another is one layout).
 * The index comes from the click's own position: uPlot's cursor index is set
 * only by a mousemove, so a chart rebuilt under a still pointer (new data
 * arrived) would otherwise ignore the click.
 */
export function pickPlugin(onPick: ((idx: number) => void) | null): uPlot.Plugin {
  return {
    hooks: {
      init: (u) => {
        let downX = 0;
        u.over.addEventListener('mousedown', (e) => {
          downX = e.clientX;
        });
        u.over.addEventListener('click', (e) => {
          if (Math.abs(e.clientX - downX) > 4) return;
          const left = e.clientX - u.over.getBoundingClientRect().left;
          const idx = u.posToIdx(left);
          if (idx >= 0 && idx < u.data[0].length) picks.get(u)?.(idx);
        });
      },
      // Every model's data brings its own pick (a chart updated in place keeps
      // the listener above); null: this range's points open nothing.
      setData: (u) => {
        if (onPick) picks.set(u, onPick);
        else picks.delete(u);
        u.over.style.cursor = onPick ? 'pointer' : '';
      },
    },
  };
}

/** What a click picks, by chart instance: the model shown now decides. */
const picks = new WeakMap<uPlot, (idx: number) => void>();

/** Cursor settings for time charts: x-drag selects (then zoomPlugin takes over). */
export function timeCursor(p: Palette): uPlot.Cursor {
  return {
    drag: { x: true, y: false, setScale: false },
    points: { size: 7, fill: p.surface, width: 2 },
    y: false,
    x: true,
  };
}

/** Points chosen to sit in the middle of their bucket, like the bars they stand for. */
export function bucketCentre(t: number, end: number): number {
  return end > t ? (t + end) / 2 : t;
}

/** Bar paths (the builder is optional in uPlot's types, present in its build). */
export function barPaths(opts: uPlot.Series.BarsPathBuilderOpts): uPlot.Series.PathBuilder {
  const make = uPlot.paths.bars;
  if (!make) throw new Error('uPlot was built without bar paths');
  return make(opts);
}

export function steppedPaths(opts: uPlot.Series.SteppedPathBuilderOpts): uPlot.Series.PathBuilder {
  const make = uPlot.paths.stepped;
  if (!make) throw new Error('uPlot was built without stepped paths');
  return make(opts);
}

export { uPlot };
