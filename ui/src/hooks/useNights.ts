/** The sleep nights that start in a window, refetched when the data changes. */
import { api, type NightSummary } from '../ipc';
import { dataVersionStore } from '../state/data';
import type { TimeWindow } from '../state/range';
import { useStore } from '../state/store';
import { useQuery, type QueryState } from './useQuery';

export function useNights(window: TimeWindow): QueryState<NightSummary[]> {
  const version = useStore(dataVersionStore);
  const args = { from: window.from, to: window.to, sources: [] };
  return useQuery(`nights|${JSON.stringify(args)}|${String(version)}`, () => api.sleepNights(args));
}
