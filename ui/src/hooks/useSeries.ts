/**
 * A series for the shared range at the chart's width. The key holds every
 * argument plus the data version, so a range change, a resize (debounced in
 * useWidth) or new data refetches, and useQuery drops stale answers.
 */
import { api, viewerZone, type Metric, type Series, type SeriesArgs } from '../ipc';
import { dataVersionStore } from '../state/data';
import type { TimeWindow } from '../state/range';
import { useStore } from '../state/store';
import { maxPointsFor } from './useWidth';
import { useQuery, type QueryState } from './useQuery';

export function seriesArgs(metric: Metric, window: TimeWindow, width: number): SeriesArgs {
  return { metric, from: window.from, to: window.to, max_points: maxPointsFor(width), sources: [], zone: viewerZone() };
}

export function useSeries(metric: Metric, window: TimeWindow, width: number, enabled = true): QueryState<Series> & { args: SeriesArgs } {
  const version = useStore(dataVersionStore);
  const args = seriesArgs(metric, window, width);
  const key = enabled && width > 0 ? `series|${JSON.stringify(args)}|${String(version)}` : null;
  return { ...useQuery(key, () => api.series(args)), args };
}
