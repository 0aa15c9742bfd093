/**
 * Bars over time: one bar per day, ISO week or month, optionally stacked
 * (sleep stages) and with a goal line (steps).
 */
import { barPaths, numberTicks, printableIncrs, pickPlugin, readoutPlugin, timeAxis, timeCursor, uPlot, valueAxis, zoomPlugin, type Palette, type Readout } from './base';
import { NO_MARKS, workoutMarksPlugin, type WorkoutMarks } from './marks';
import type { ChartModel } from './model';

export interface BarSlot {
  /** [from, to) of the day, week or month, Unix seconds. */
  from: number;
  to: number;
}

export interface Layer {
  label: string;
  color: string;
  /** One value per slot, already in display units; null = no data. */
  values: readonly (number | null)[];
}

export interface BarsInput {
  slots: readonly BarSlot[];
  /** Bottom layer first. */
  layers: readonly Layer[];
  palette: Palette;
  decimals: number;
  goal?: { value: number; color: string } | undefined;
  /** Custom y tick labels (e.g. hours as "7 h"). */
  yValues?: uPlot.Axis.Values | undefined;
  readout: (slot: number) => Readout | null;
  onZoom: (from: number, to: number) => void;
  onPick?: ((slot: number) => void) | undefined;
  /** Workouts shaded behind the bars (the readout names them). */
  marks?: WorkoutMarks | undefined;
}

/** Draws a dashed horizontal goal line across the whole plot. */
export function goalPlugin(goal: { value: number; color: string }): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const { ctx, bbox } = u;
        const y = Math.round(u.valToPos(goal.value, 'y', true)) + 0.5;
        ctx.save();
        ctx.strokeStyle = goal.color;
        ctx.lineWidth = 1.5 * devicePixelRatio;
        ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
        ctx.beginPath();
        ctx.moveTo(bbox.left, y);
        ctx.lineTo(bbox.left + bbox.width, y);
        ctx.stroke();
        ctx.restore();
      },
    },
  };
}

export function barsChart(input: BarsInput): ChartModel {
  const { slots, layers, palette: p } = input;
  const xs = slots.map((s) => (s.from + s.to) / 2);
  // Stacking: each series holds the running total and is drawn on top of the
  // taller ones, so series are listed (and drawn) top layer first.
  const cumulative: (number | null)[][] = [];
  const running = slots.map(() => 0);
  for (const layer of layers) {
    cumulative.push(
      layer.values.map((v, i) => {
        const base = running[i] ?? 0;
        const next = v === null ? base : base + v;
        running[i] = next;
        return v === null && base === 0 ? null : next;
      }),
    );
  }
  const drawOrder = layers.map((_, i) => layers.length - 1 - i);
  const peak = Math.max(0, ...running, input.goal?.value ?? 0);
  const bars = barPaths({ size: [0.72, 64], gap: 1 });
  const first = slots[0];
  const last = slots[slots.length - 1];

  const plugins: uPlot.Plugin[] = [zoomPlugin(input.onZoom), readoutPlugin(input.readout)];
  if (input.goal) plugins.push(goalPlugin(input.goal));
  // Both always there (maybe idle): a range whose bars open nothing, or
  // without workouts, keeps the chart's layout (charts/live.ts).
  plugins.push(pickPlugin(input.onPick ?? null));
  const slotOf = (t: number): number | null => {
    const i = slots.findIndex((s) => s.from <= t && t < s.to);
    return i < 0 ? null : (xs[i] ?? null);
  };
  plugins.push(workoutMarksPlugin(input.marks ?? NO_MARKS, slotOf));

  return {
    readout: input.readout,
    pick: input.onPick,
    data: [xs, ...drawOrder.map((i) => cumulative[i] ?? [])],
    options: {
      scales: {
        x: { time: true, range: () => [first?.from ?? 0, last?.to ?? 1] },
        // Room above the tallest bar for the workout dots.
        y: { range: () => [0, peak > 0 ? peak * (input.marks ? 1.14 : 1.08) : 1] },
      },
      series: [
        {},
        ...drawOrder.map((i): uPlot.Series => {
          const layer = layers[i];
          return {
            label: layer?.label ?? '',
            fill: layer?.color ?? p.muted,
            stroke: layer?.color ?? p.muted,
            width: 0,
            paths: bars,
            points: { show: false },
          };
        }),
      ],
      axes: [timeAxis(p), valueAxis(p, input.yValues ? { values: input.yValues } : { values: numberTicks(input.decimals), incrs: printableIncrs(input.decimals) })],
      legend: { show: false },
      cursor: { ...timeCursor(p), points: { show: false } },
      plugins,
    },
  };
}
