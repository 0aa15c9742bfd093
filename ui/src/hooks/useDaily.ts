/** Daily values of a metric over the shared range's local days, as days or rolled up. */
import { api, viewerZone, type DailyArgs, type DailyBucket, type DailyBucketsArgs, type DailyValue, type Granularity, type Metric } from '../ipc';
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

/**
 * The window's daily values rolled up by the backend into days, ISO weeks or
 * months of the viewer's zone; nothing is asked while `granularity` is null.
 */
export function useDailyBuckets(metric: Metric, window: TimeWindow, granularity: Granularity | null): QueryState<DailyBucket[]> {
  const version = useStore(dataVersionStore);
  const zone = viewerZone();
  const args: DailyBucketsArgs | null = granularity && { ...dailyArgs(metric, window, zone), granularity, zone };
  return useQuery(args && `buckets|${JSON.stringify(args)}|${String(version)}`, () =>
    args ? api.dailyBuckets(args) : Promise.resolve([]),
  );
}
