/** Weight: each weigh-in (or bucket mean) as a point, and a 7-day trend line. */
import type { Series } from '../ipc';
import { movingAverage } from '../lib/aggregate';
import type { Display } from '../lib/units';
import { bucketCentre, numberTicks, printableIncrs, readoutPlugin, timeAxis, timeCursor, valueAxis, zoomPlugin, type Palette, type Readout, type ReadoutRow } from './base';
import { goalPlugin } from './bars';
import { edgesForPoints, usualRangeColour, withBand } from './band';
import { bucketTitle, type ChartModel } from './model';

export interface PointsInput {
  series: Series;
  window: { from: number; to: number };
  display: Display;
  palette: Palette;
  zone: string;
  color: string;
  pointColor: string;
  label: string;
  /** Draw the trailing 7-day moving average. */
  trend: boolean;
  /** A target (canonical units) drawn as a dashed line, kept in view. */
  goal?: { value: number; color: string } | undefined;
  onZoom: (from: number, to: number) => void;
}

export function pointsChart(input: PointsInput): ChartModel {
  const { series, display: d, palette: p, zone } = input;
  const pts = series.points;
  const xs = pts.map((q) => bucketCentre(q.t, q.end));
  const ys = pts.map((q) => d.convert(q.value));
  const ma = input.trend ? movingAverage(pts.map((q, i) => ({ t: xs[i] ?? q.t, value: q.value }))) : [];
  const trend = ma.map((v) => d.convert(v));
  const stone = d.unit === 'st';
  const goal = input.goal && { value: d.convert(input.goal.value), color: input.goal.color };
  const readout = (idx: number): Readout | null => {
    const q = pts[idx];
    if (!q) return null;
    const rows: ReadoutRow[] = [{ label: q.n > 1 ? `Mean of ${String(q.n)}` : input.label, column: input.label, value: d.format(q.value), color: input.pointColor }];
    const m = ma[idx];
    if (input.trend && m !== undefined) rows.push({ label: '7-day average', value: d.format(m), color: input.color });
    return { title: bucketTitle(q.t, q.end, zone), rows };
  };

  const model: ChartModel = {
    readout,
    data: [xs, ys, input.trend ? trend : ys.map(() => null)],
    options: {
      scales: {
        x: { time: true, range: () => [input.window.from, input.window.to] },
        y: {
          range: (_u, dataMin, dataMax) => {
            const min = goal ? Math.min(dataMin, goal.value) : dataMin;
            const max = goal ? Math.max(dataMax, goal.value) : dataMax;
            // Room above and below, and never a span too thin for three ticks.
            const pad = Math.max((max - min) * 0.2, stone ? 0.15 : 0.75);
            return [min - pad, max + pad];
          },
        },
      },
      series: [
        {},
        { label: input.label, stroke: input.pointColor, fill: input.pointColor, width: 0, paths: () => null, points: { show: true, size: 7, width: 0, fill: input.pointColor, stroke: input.pointColor } },
        { label: '7-day average', stroke: input.color, width: 2.5, spanGaps: true, points: { show: false } },
      ],
      axes: [
        timeAxis(p),
        valueAxis(p, {
          values: stone ? (_u, splits) => splits.map((v) => stoneTick(v)) : numberTicks(d.decimals),
          size: stone ? 64 : 52,
          space: 24,
          ...(stone ? {} : { incrs: printableIncrs(d.decimals) }),
        }),
      ],
      legend: { show: false },
      cursor: timeCursor(p),
      plugins: [
        ...(goal ? [goalPlugin(goal)] : []),
        zoomPlugin(input.onZoom),
        readoutPlugin(readout),
      ],
    },
  };
  // The usual range, where the backend sends one (baseline metrics).
  return withBand(model, edgesForPoints(series.band, pts.length, d), usualRangeColour());
}

/** Stone ticks as "11 st 9". */
function stoneTick(st: number): string {
  const totalLb = Math.round(st * 14);
  return `${String(Math.floor(totalLb / 14))} st ${String(totalLb % 14)}`;
}
