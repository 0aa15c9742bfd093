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

/** What to ask the backend for the nights of `window`. */
export function nightsArgs(window: TimeWindow): { from: number; to: number; sources: [] } {
  return { from: window.from - NIGHT_LEAD, to: window.to, sources: [] };
}

/** The nights woken up on one of the window's days in `zone`, oldest first. */
export function nightsWokenIn(nights: readonly NightSummary[], window: TimeWindow, zone: string): NightSummary[] {
  const firstDay = localDate(window.from, zone);
  const lastDay = localDate(window.to - 1, zone);
  return nights.filter((n) => wakeDate(n) >= firstDay && wakeDate(n) <= lastDay).sort((a, b) => a.start - b.start);
}

export function useNights(window: TimeWindow): QueryState<NightSummary[]> {
  const version = useStore(dataVersionStore);
  const zone = viewerZone();
  const args = nightsArgs(window);
  const q = useQuery(`nights|${JSON.stringify(args)}|${String(version)}`, () => api.sleepNights(args));
  const data = useMemo(() => q.data && nightsWokenIn(q.data, window, zone), [q.data, window.from, window.to, zone]);
  return { ...q, data };
}
