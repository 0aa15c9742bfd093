/** Workouts overlapping the shared range, newest first; and the newest value of every metric. */
import { api, type LatestValue, type WorkoutSummary } from '../ipc';
import { dataVersionStore } from '../state/data';
import type { TimeWindow } from '../state/range';
import { useStore } from '../state/store';
import { useQuery, type QueryState } from './useQuery';

export function useWorkouts(window: TimeWindow, enabled = true): QueryState<WorkoutSummary[]> {
  const version = useStore(dataVersionStore);
  const args = { from: window.from, to: window.to, sources: [] };
  return useQuery(enabled ? `workouts|${JSON.stringify(args)}|${String(version)}` : null, () => api.workouts(args));
}

export function useLatestValues(): QueryState<LatestValue[]> {
  const version = useStore(dataVersionStore);
  return useQuery(`latest|${String(version)}`, () => api.latestValues());
}
