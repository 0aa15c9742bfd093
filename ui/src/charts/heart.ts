/** Heart rate: bucket means with the min–max band, resting heart rate on top. */
import type { Point, Series } from '../ipc';
import { formatNumber } from '../lib/format';
import { DAY, HOUR } from '../lib/time';
import { pickPlugin, readoutPlugin, timeAxis, timeCursor, uPlot, valueAxis, zoomPlugin, bucketCentre, numberTicks, type Palette, type Readout, type ReadoutRow } from './base';
import { edgesAtX, usualRangeColour, withBand } from './band';
import { NO_MARKS, workoutMarksPlugin, workoutRows, type WorkoutMarks } from './marks';
import { bucketTitle, gapBreaks, type ChartModel } from './model';

export interface HeartInput {
  heart: Series;
  resting: Series | null;
  window: { from: number; to: number };
  palette: Palette;
  zone: string;
  onZoom: (from: number, to: number) => void;
  /** A click on the chart: the start of the bucket under it (long ranges open its day). */
  onPick?: ((t: number) => void) | undefined;
  /** Workouts shaded behind the line and named in the readout. */
  marks?: WorkoutMarks | undefined;
}

/** The resting value covering `t` (its bucket), or the latest before it. */
function restingAt(points: readonly Point[], t: number): Point | null {
  let found: Point | null = null;
  for (const p of points) {
    if (p.t > t) break;
    found = p;
  }
  return found && t - found.end < 86_400 ? found : null;
}

export function heartChart(input: HeartInput): ChartModel {
  const { heart, resting, palette: p, zone } = input;
  const pts = heart.points;
  const xs: number[] = [];
  const mean: (number | null)[] = [];
  const lo: (number | null)[] = [];
  const hi: (number | null)[] = [];
  const byX = new Map<number, Point>();
  const breaks = gapBreaks(pts.map((q) => q.t));
  pts.forEach((q, i) => {
    xs.push(bucketCentre(q.t, q.end));
    mean.push(q.value);
    lo.push(q.min);
    hi.push(q.max);
    byX.set(xs[xs.length - 1] ?? q.t, q);
    if (breaks.has(i)) {
      // An explicit null breaks the line and the band (join artifacts don't).
      xs.push(q.end + 1);
      mean.push(null);
      lo.push(null);
      hi.push(null);
    }
  });
  const restPts = resting?.points ?? [];
  const main: uPlot.AlignedData = [xs, mean, lo, hi];
  const rest: uPlot.AlignedData = [restPts.map((q) => bucketCentre(q.t, q.end)), restPts.map((q) => q.value)];
  const data: uPlot.AlignedData = restPts.length > 0 ? uPlot.join([main, rest]) : [xs, mean, lo, hi, xs.map(() => null)];
  const x = data[0];
  // Daily (or coarser) buckets: the min–max band spans the whole day's range.
  const spans = pts.map((q) => q.end - q.t).sort((a, b) => a - b);
  const dailyBuckets = (spans[Math.floor(spans.length / 2)] ?? 0) >= DAY - HOUR;
  const readout = (idx: number): Readout | null => {
    const t = x[idx];
    if (t === undefined) return null;
    const q = byX.get(t) ?? null;
    const r = restingAt(restPts, t);
    if (!q && !r) return null;
    const rows: ReadoutRow[] = [];
    if (q) {
      rows.push({ label: q.n > 1 ? 'Mean' : 'Heart rate', column: 'Heart rate', value: `${formatNumber(q.value)} bpm`, color: p.heart });
      if (q.max > q.min) rows.push({ label: 'Range', value: `${formatNumber(q.min)}–${formatNumber(q.max)} bpm`, color: p.heartBand });
    }
    if (r) rows.push({ label: 'Resting', value: `${formatNumber(r.value)} bpm`, color: p.resting });
    // A single reading stands for its minute.
    const from = q ? q.t : t;
    rows.push(...workoutRows(input.marks, from, Math.max(q ? q.end : t, from + 60)));
    return { title: q ? bucketTitle(q.t, q.end, zone) : bucketTitle(r?.t ?? t, r?.end ?? t, zone), rows };
  };

  const model: ChartModel = {
    readout,
    data,
    options: {
      scales: {
        x: { time: true, range: () => [input.window.from, input.window.to] },
        y: { range: (_u, min, max) => [Math.max(0, Math.floor((min - 5) / 10) * 10), Math.ceil((max + 5) / 10) * 10] },
      },
      series: [
        {},
        { label: 'Heart rate', stroke: p.heart, width: dailyBuckets ? 2 : 1.5, points: { show: false } },
        { label: 'Min', stroke: 'transparent', width: 0, points: { show: false } },
        { label: 'Max', stroke: 'transparent', width: 0, points: { show: false } },
        { label: 'Resting', stroke: p.resting, width: 2, dash: [6, 4], spanGaps: true, points: { show: false } },
      ],
      bands: [{ series: [3, 2], fill: dailyBuckets ? p.heartBandWide : p.heartBand }],
      axes: [timeAxis(p), valueAxis(p, { values: numberTicks(0) })],
      legend: { show: false },
      cursor: timeCursor(p),
      plugins: [
        // Both always there, maybe idle: 1D and All stay one chart layout (charts/live.ts).
        pickBucket(input.onPick ?? null, x, byX),
        workoutMarksPlugin(input.marks ?? NO_MARKS),
        zoomPlugin(input.onZoom),
        readoutPlugin(readout),
      ],
    },
  };
  // Resting heart rate's usual range, at the resting points.
  const bpm = { convert: (v: number) => v, format: (v: number) => `${formatNumber(v)} bpm` };
  return withBand(model, edgesAtX(x, rest[0] as number[], resting?.band, bpm), usualRangeColour());
}

/** A click picks the bucket under the pointer (not the gap markers between runs). */
function pickBucket(onPick: ((t: number) => void) | null, x: ArrayLike<number>, byX: ReadonlyMap<number, Point>): uPlot.Plugin {
  return pickPlugin(
    onPick &&
      ((idx) => {
        const q = byX.get(x[idx] ?? NaN);
        if (q) onPick(q.t);
      }),
  );
}
