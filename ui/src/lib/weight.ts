/** Weight statistics over the weigh-ins (or bucket means) of a series. */
import type { Point } from '../ipc';
import { movingAverage } from './aggregate';

export interface WeightSummary {
  latest: number;
  /** Change of the 7-day trend over the points; null with a single point. */
  change: number | null;
  lowest: number;
  highest: number;
}

export function summarizeWeight(points: readonly Point[]): WeightSummary | null {
  const last = points[points.length - 1];
  if (!last) return null;
  const trend = movingAverage(points.map((p) => ({ t: p.t, value: p.value })));
  const first = trend[0];
  const end = trend[trend.length - 1];
  const values = points.map((p) => p.value);
  return {
    latest: last.value,
    change: first !== undefined && end !== undefined && points.length > 1 ? end - first : null,
    lowest: Math.min(...values),
    highest: Math.max(...values),
  };
}
