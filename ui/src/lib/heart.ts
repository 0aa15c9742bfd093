/** Heart-rate statistics over the bucketed points of a series. */
import type { Point } from '../ipc';

export interface HeartSummary {
  mean: number;
  min: number;
  max: number;
}

/** Reading-weighted mean, and the extremes, over bucketed points; null without any. */
export function summarizeHeart(points: readonly Point[]): HeartSummary | null {
  if (points.length === 0) return null;
  let sum = 0;
  let n = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const p of points) {
    const w = Math.max(1, p.n);
    sum += p.value * w;
    n += w;
    min = Math.min(min, p.min);
    max = Math.max(max, p.max);
  }
  return { mean: sum / n, min, max };
}
