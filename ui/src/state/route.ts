/** Hash routes (#/heart): work from the embedded dist/ with no server-side routing. */
import { createStore } from './store';

export type Route = 'overview' | 'heart' | 'sleep' | 'activity' | 'weight' | 'export' | 'connections' | 'settings';

export const ROUTES: readonly Route[] = ['overview', 'heart', 'sleep', 'activity', 'weight', 'export', 'connections', 'settings'];

export function parseRoute(hash: string): Route {
  const name = hash.replace(/^#\/?/, '');
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'overview';
}

export const routeStore = createStore<Route>(parseRoute(window.location.hash));

export function startRouter(): void {
  window.addEventListener('hashchange', () => {
    routeStore.set(parseRoute(window.location.hash));
  });
}
