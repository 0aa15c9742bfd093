/** Daily values of a metric over the shared range's local days. */
import { api, viewerZone, type DailyArgs, type DailyValue, type Metric } from '../ipc';
import { localDate } from '../lib/time';
import { dataVersionStore } from '../state/data';
import type { TimeWindow } from '../state/range';
import { useStore } from '../state/store';
import { useQuery, type QueryState } from './useQuery';

/** The local days [first, last] (inclusive) that a window touches. */
export function dailyArgs(metric: Metric, window: TimeWindow, zone: string): DailyArgs {
  return { metric, first: localDate(window.from, zone), last: localDate(window.to - 1, zone), sources: [] };
}

export function useDaily(metric: Metric, window: TimeWindow): QueryState<DailyValue[]> {
  const version = useStore(dataVersionStore);
  const args = dailyArgs(metric, window, viewerZone());
  return useQuery(`daily|${JSON.stringify(args)}|${String(version)}`, () => api.dailyValues(args));
}
