/**
 * The nights that belong to a window's days, refetched when the data
 * changes. A night belongs to the day you woke up, so it is asked from the
 * evening before the first day (1D = today still shows last night) and kept
 * when its wake-up falls inside the window; oldest first.
 */
import { useMemo } from 'preact/hooks';
import { api, viewerZone, type NightSummary } from '../ipc';
import { wakeDate } from '../lib/sleep';
import { localDate } from '../lib/time';
import { dataVersionStore } from '../state/data';
import type { TimeWindow } from '../state/range';
import { useStore } from '../state/store';
import { useQuery, type QueryState } from './useQuery';

/** How long before a day's midnight its night can start (bedtime the evening before). */
export const NIGHT_LEAD = 12 * 3600;

export function useNights(window: TimeWindow): QueryState<NightSummary[]> {
  const version = useStore(dataVersionStore);
  const zone = viewerZone();
  const args = { from: window.from - NIGHT_LEAD, to: window.to, sources: [] };
  const q = useQuery(`nights|${JSON.stringify(args)}|${String(version)}`, () => api.sleepNights(args));
  const firstDay = localDate(window.from, zone);
  const lastDay = localDate(window.to - 1, zone);
  const data = useMemo(
    () =>
      q.data
        ?.filter((n) => wakeDate(n) >= firstDay && wakeDate(n) <= lastDay)
        .sort((a, b) => a.start - b.start),
    [q.data, firstDay, lastDay],
  );
  return { ...q, data };
}
