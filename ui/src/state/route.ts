/** Hash routes (#/heart, #/metric/spo2): work from the embedded dist/ with no server-side routing. */
import { createStore } from './store';

export type Route =
  | 'overview'
  | 'heart'
  | 'sleep'
  | 'activity'
  | 'weight'
  | 'body'
  | 'vitals'
  | 'workouts'
  | 'metrics'
  | 'metric'
  | 'export'
  | 'connections'
  | 'settings';

export const ROUTES: readonly Route[] = [
  'overview',
  'heart',
  'sleep',
  'activity',
  'weight',
  'body',
  'vitals',
  'workouts',
  'metrics',
  'metric',
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

export const routeStore = createStore<Route>(parseRoute(window.location.hash));
export const routeArgStore = createStore<string>(parseRouteArg(window.location.hash));

export function startRouter(): void {
  window.addEventListener('hashchange', () => {
    routeArgStore.set(parseRouteArg(window.location.hash));
    routeStore.set(parseRoute(window.location.hash));
  });
}
