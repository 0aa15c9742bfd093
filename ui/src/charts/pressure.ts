/**
 * Blood pressure: one vertical bar per reading from diastolic up to
 * systolic, with a dot at each end (the pair is one measurement, so it reads
 * as one mark). Buckets of many readings show their means.
 */
import type { Point, Series } from '../ipc';
import { bucketCentre, numberTicks, readoutPlugin, timeAxis, timeCursor, valueAxis, zoomPlugin, type Palette, type Readout } from './base';
import { bucketTitle, type ChartModel } from './model';
import type uPlot from 'uplot';

export interface PressureInput {
  systolic: Series;
  diastolic: Series | null;
  window: { from: number; to: number };
  palette: Palette;
  colors: { systolic: string; diastolic: string; bar: string };
  zone: string;
  onZoom: (from: number, to: number) => void;
}

/** "120/80 mmHg"; "120 mmHg" without a diastolic value. */
export function formatPressure(systolic: number, diastolic: number | null | undefined): string {
  const s = Math.round(systolic);
  return diastolic === null || diastolic === undefined ? `${String(s)} mmHg` : `${String(s)}/${String(Math.round(diastolic))} mmHg`;
}

function barsPlugin(color: string): uPlot.Plugin {
  return {
    hooks: {
      drawAxes: (u) => {
        const { ctx } = u;
        const xs = u.data[0];
        const sys = u.data[1] ?? [];
        const dia = u.data[2] ?? [];
        ctx.save();
        ctx.strokeStyle = color;
        ctx.lineWidth = 3 * devicePixelRatio;
        ctx.lineCap = 'round';
        ctx.beginPath();
        xs.forEach((t, i) => {
          const hi = sys[i];
          const lo = dia[i];
          if (hi === null || hi === undefined || lo === null || lo === undefined) return;
          const x = u.valToPos(t, 'x', true);
          ctx.moveTo(x, u.valToPos(hi, 'y', true));
          ctx.lineTo(x, u.valToPos(lo, 'y', true));
        });
        ctx.stroke();
        ctx.restore();
      },
    },
  };
}

export function pressureChart(input: PressureInput): ChartModel {
  const { systolic, diastolic, palette: p, colors, zone } = input;
  const pts = systolic.points;
  const diaByT = new Map<number, Point>((diastolic?.points ?? []).map((q) => [q.t, q]));
  const xs = pts.map((q) => bucketCentre(q.t, q.end));
  const sys = pts.map((q) => q.value);
  const dia = pts.map((q) => diaByT.get(q.t)?.value ?? null);
  const dot = (color: string): uPlot.Series => ({
    stroke: color,
    fill: color,
    width: 0,
    paths: () => null,
    points: { show: true, size: 7, width: 0, fill: color, stroke: color },
  });

  const readout = (idx: number): Readout | null => {
    const q = pts[idx];
    if (!q) return null;
    const label = q.n > 1 ? `Mean of ${String(q.n)}` : 'Blood pressure';
    return { title: bucketTitle(q.t, q.end, zone), rows: [{ label, value: formatPressure(q.value, dia[idx]), color: colors.systolic }] };
  };

  return {
    readout,
    data: [xs, sys, dia],
    options: {
      scales: {
        x: { time: true, range: () => [input.window.from, input.window.to] },
        y: { range: (_u, min, max) => [Math.floor((min - 8) / 10) * 10, Math.ceil((max + 8) / 10) * 10] },
      },
      series: [{}, { label: 'Systolic', ...dot(colors.systolic) }, { label: 'Diastolic', ...dot(colors.diastolic) }],
      axes: [timeAxis(p), valueAxis(p, { values: numberTicks(0) })],
      legend: { show: false },
      cursor: timeCursor(p),
      plugins: [
        barsPlugin(colors.bar),
        zoomPlugin(input.onZoom),
        readoutPlugin(readout),
      ],
    },
  };
}
