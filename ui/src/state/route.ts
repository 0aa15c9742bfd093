/**
 * Hash routes (#/heart, #/day/2026-12-04, #/metric/spo2): work from the
 * embedded dist/ with no server-side routing. What follows the route name
 * is its argument (a day, a metric id).
 */
import { viewerZone } from '../ipc';
import { addDays, localDate } from '../lib/time';
import { createStore } from './store';

export type Route =
  | 'overview'
  | 'insights'
  | 'heart'
  | 'sleep'
  | 'activity'
  | 'weight'
  | 'body'
  | 'vitals'
  | 'workouts'
  | 'metrics'
  | 'metric'
  | 'day'
  | 'export'
  | 'connections'
  | 'settings';

export const ROUTES: readonly Route[] = [
  'overview',
  'insights',
  'heart',
  'sleep',
  'activity',
  'weight',
  'body',
  'vitals',
  'workouts',
  'metrics',
  'metric',
  'day',
  'export',
  'connections',
  'settings',
];

export function parseRoute(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split('/')[0] ?? '';
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'overview';
}

/** What follows the route in the hash (`spo2` in #/metric/spo2), or ''. */
export function parseRouteArg(hash: string): string {
  return decodeURIComponent(hash.replace(/^#\/?/, '').split('/').slice(1).join('/'));
}

const DAY_ROUTE = /^#?\/?day(?:\/(\d{4}-\d{2}-\d{2}))?$/;

/** The date of a day route ("#/day/2026-12-04"), or null for today / another page. */
export function parseDayDate(hash: string): string | null {
  const date = DAY_ROUTE.exec(hash)?.[1] ?? null;
  // "2026-02-30" matches the pattern but is no day: show today instead.
  return date !== null && addDays(date, 0) === date ? date : null;
}

/** The link to the day view of a local date. */
export function dayHash(date: string): string {
  return `#/day/${date}`;
}

export function openDay(date: string): void {
  window.location.hash = dayHash(date);
}

export const routeStore = createStore<Route>(parseRoute(window.location.hash));
export const routeArgStore = createStore<string>(parseRouteArg(window.location.hash));
export const dayDateStore = createStore<string | null>(parseDayDate(window.location.hash));

export function startRouter(): void {
  window.addEventListener('hashchange', () => {
    routeArgStore.set(parseRouteArg(window.location.hash));
    dayDateStore.set(parseDayDate(window.location.hash));
    routeStore.set(parseRoute(window.location.hash));
  });
}

/** ← and → on the day view: the day before or after, never past today. */
export function stepDay(dir: -1 | 1): void {
  const today = localDate(Date.now() / 1000, viewerZone());
  const shown = dayDateStore.get() ?? today;
  const next = addDays(shown > today ? today : shown, dir);
  if (next <= today) openDay(next);
}

/** T on the day view: today. */
export function dayToday(): void {
  openDay(localDate(Date.now() / 1000, viewerZone()));
}
