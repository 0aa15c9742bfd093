/**
 * Workouts on time charts: on a line chart a shaded span behind the data for
 * each session (at least a few pixels wide); on bars, where a 40-minute span
 * would sit off-centre in its day, a dot above the bar that holds it. And
 * the readout rows that name them.
 */
import type { WorkoutSummary } from '../ipc';
import { workoutDuration, workoutName } from '../lib/workouts';
import type { ReadoutRow } from './base';
import type uPlot from 'uplot';

export interface WorkoutMarks {
  workouts: readonly WorkoutSummary[];
  /** The translucent shade of a span. */
  color: string;
  /** Dots, legend and readout swatches. */
  solid: string;
}

/** No workouts to mark: the plugin stays in place and draws nothing. */
export const NO_MARKS: WorkoutMarks = { workouts: [], color: 'transparent', solid: 'transparent' };

const MIN_WIDTH_PX = 4;
const DOT_RADIUS_PX = 4;

/**
 * @param slotOf for bar charts: the x (slot centre) a workout's start falls
 *   in, or null outside every slot; each slot with workouts gets one dot.
 */
export function workoutMarksPlugin(marks: WorkoutMarks, slotOf?: (t: number) => number | null): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        if (!slotOf) return;
        const { ctx, bbox } = u;
        const r = DOT_RADIUS_PX * devicePixelRatio;
        const xs = new Set<number>();
        for (const w of marks.workouts) {
          const x = slotOf(w.start);
          if (x !== null) xs.add(x);
        }
        ctx.save();
        ctx.fillStyle = marks.solid;
        for (const x of xs) {
          ctx.beginPath();
          ctx.arc(u.valToPos(x, 'x', true), bbox.top + r, r, 0, 2 * Math.PI);
          ctx.fill();
        }
        ctx.restore();
      },
      // drawAxes runs after the grid and before the series: the shade sits behind the data.
      drawAxes: (u) => {
        if (slotOf) return;
        const { ctx, bbox } = u;
        const min = MIN_WIDTH_PX * devicePixelRatio;
        ctx.save();
        ctx.beginPath();
        ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
        ctx.clip();
        ctx.fillStyle = marks.color;
        for (const w of marks.workouts) {
          const x0 = u.valToPos(w.start, 'x', true);
          const x1 = u.valToPos(w.end, 'x', true);
          const width = Math.max(min, x1 - x0);
          const left = x1 - x0 < min ? (x0 + x1 - min) / 2 : x0;
          ctx.fillRect(left, bbox.top, width, bbox.height);
        }
        ctx.restore();
      },
    },
  };
}

/** Readout rows for the workouts within [from, to): each named, or a count when many. */
export function workoutRows(marks: WorkoutMarks | undefined, from: number, to: number): ReadoutRow[] {
  if (!marks) return [];
  const inside = marks.workouts.filter((w) => w.start < to && w.end > from);
  if (inside.length === 0) return [];
  // One "Workouts" column in a chart's Table view, whatever the kinds.
  if (inside.length > 2) return [{ label: 'Workouts', column: 'Workouts', value: String(inside.length), color: marks.solid }];
  return inside.map((w) => ({ label: workoutName(w.kind), column: 'Workouts', value: workoutDuration(w), color: marks.solid }));
}
