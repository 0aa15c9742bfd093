/**
 * The daily series of a baseline metric, asked only for its usual range: bar
 * charts (Activity, Sleep) come from `daily_buckets`, which has no band, so
 * they ask `series` at one point per day over the same window (keyed like
 * useSeries, refetched on new data) and take the median band of each bar.
 */
import { api, viewerZone, type Metric, type Series, type SeriesArgs } from '../ipc';
import { daysBetween, localDate } from '../lib/time';
import { dataVersionStore } from '../state/data';
import type { TimeWindow } from '../state/range';
import { useStore } from '../state/store';
import { useQuery, type QueryState } from './useQuery';

export function bandArgs(metric: Metric, window: TimeWindow, zone: string): SeriesArgs {
  // One point per local day: as many points as days (never fewer, so the backend keeps days).
  const days = daysBetween(localDate(window.from, zone), localDate(window.to - 1, zone)) + 1;
  return { metric, from: window.from, to: window.to, max_points: Math.max(1, days), sources: [], zone };
}

export function useDailyBand(metric: Metric, window: TimeWindow, enabled = true): QueryState<Series> {
  const version = useStore(dataVersionStore);
  const args = bandArgs(metric, window, viewerZone());
  const key = enabled ? `band|${JSON.stringify(args)}|${String(version)}` : null;
  return useQuery(key, () => api.series(args));
}
