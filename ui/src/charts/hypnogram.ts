/**
 * One night's hypnogram: stages as coloured blocks on four levels (awake on
 * top, deep at the bottom, the usual clinical layout) joined by a thin step line.
 */
import type { Stage, StageInterval } from '../ipc';
import { formatDuration } from '../lib/format';
import { formatTime } from '../lib/time';
import { readoutPlugin, steppedPaths, timeAxis, timeCursor, valueAxis, type Palette, type Readout } from './base';
import type { ChartModel } from './model';

export const STAGE_LEVEL: Record<Stage, number> = { deep: 0, light: 1, rem: 2, awake: 3 };
export const STAGE_LABEL: Record<Stage, string> = { deep: 'Deep', light: 'Light', rem: 'REM', awake: 'Awake' };

export function stageColor(p: Palette, stage: Stage): string {
  return { deep: p.deep, light: p.light, rem: p.rem, awake: p.awake }[stage];
}

export function hypnogramChart(stages: readonly StageInterval[], p: Palette, zone: string): ChartModel {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of stages) {
    xs.push(s.start);
    ys.push(STAGE_LEVEL[s.stage]);
  }
  const last = stages[stages.length - 1];
  if (last) {
    xs.push(last.end);
    ys.push(STAGE_LEVEL[last.stage]);
  }
  const labels = ['Deep', 'Light', 'REM', 'Awake'];
  const stageAt = (t: number): StageInterval | undefined => stages.find((s) => s.start <= t && t < s.end);
  const readout = (idx: number): Readout | null => {
    // The cursor snaps to data indices; interval i starts at xs[i].
    const t = xs[idx];
    const s = t === undefined ? undefined : stageAt(t);
    if (!s) return null;
    return {
      title: `${formatTime(s.start, zone)} – ${formatTime(s.end, zone)}`,
      rows: [{ label: STAGE_LABEL[s.stage], column: 'Stage', value: formatDuration(s.end - s.start), color: stageColor(p, s.stage) }],
    };
  };

  return {
    readout,
    data: [xs, ys],
    options: {
      scales: {
        x: { time: true, range: () => [stages[0]?.start ?? 0, last?.end ?? 1] },
        y: { range: () => [-0.6, 3.6] },
      },
      series: [{}, { label: 'Stage', stroke: p.muted, width: 1, paths: steppedPaths({ align: 1 }), points: { show: false } }],
      axes: [
        timeAxis(p),
        valueAxis(p, { splits: () => [0, 1, 2, 3], values: (_u, splits) => splits.map((v) => labels[v] ?? ''), grid: { show: false }, size: 56 }),
      ],
      legend: { show: false },
      cursor: { ...timeCursor(p), drag: { x: false, y: false }, points: { show: false } },
      hooks: {
        // After the series: the blocks cover the step line, leaving its risers.
        draw: [
          (u) => {
            // One block per stage interval.
            const { ctx } = u;
            const band = Math.abs(u.valToPos(0, 'y', true) - u.valToPos(1, 'y', true)) * 0.62;
            ctx.save();
            for (const s of stages) {
              const x0 = u.valToPos(s.start, 'x', true);
              const x1 = u.valToPos(s.end, 'x', true);
              const y = u.valToPos(STAGE_LEVEL[s.stage], 'y', true);
              ctx.fillStyle = stageColor(p, s.stage);
              ctx.fillRect(x0, y - band / 2, Math.max(1, x1 - x0), band);
            }
            ctx.restore();
          },
        ],
      },
      plugins: [
        readoutPlugin(readout),
      ],
    },
  };
}
