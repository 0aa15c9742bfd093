/** The left navigation: real links (Tab, Enter), the current page marked for screen readers. */
import { syncsStore } from '../state/connections';
import { helpOpenStore } from '../state/keyboard';
import type { Route } from '../state/route';
import { useStore } from '../state/store';
import { Icon } from './icons';

export const PAGES: readonly { route: Route; label: string }[] = [
  { route: 'overview', label: 'Overview' },
  { route: 'insights', label: 'Insights' },
  { route: 'heart', label: 'Heart rate' },
  { route: 'sleep', label: 'Sleep' },
  { route: 'activity', label: 'Activity' },
  { route: 'weight', label: 'Weight' },
  { route: 'body', label: 'Body' },
  { route: 'vitals', label: 'Vitals' },
  { route: 'workouts', label: 'Workouts' },
  { route: 'metrics', label: 'All metrics' },
  { route: 'export', label: 'Export' },
  { route: 'connections', label: 'Connections' },
  { route: 'settings', label: 'Settings' },
];

/** The nav entry a route belongs to: a metric's own chart sits under "All metrics". */
function navRoute(route: Route): Route {
  return route === 'metric' ? 'metrics' : route;
}

export function Nav({ current }: { current: Route }) {
  // A sync (the user's or the background's) shows as a dot by Connections.
  const syncing = Object.keys(useStore(syncsStore)).length > 0;
  const active = navRoute(current);
  return (
    <nav class="nav" aria-label="Pages">
      <a class="nav__brand" href="#/overview">
        <img src="/favicon.svg" alt="" width="28" height="28" />
        <span>Healthdash</span>
      </a>
      <ul class="nav__list">
        {PAGES.map((p) => (
          <li key={p.route} class={p.route === 'export' ? 'nav__sep' : undefined}>
            <a class="nav__link" href={`#/${p.route}`} aria-current={p.route === active ? 'page' : undefined}>
              <Icon name={p.route} />
              <span>{p.label}</span>
              {p.route === 'connections' && syncing && <span class="nav__dot" title="Syncing" data-testid="nav-syncing" />}
            </a>
          </li>
        ))}
      </ul>
      <button
        type="button"
        class="nav__help"
        aria-label="Keyboard shortcuts"
        onClick={() => {
          helpOpenStore.set(true);
        }}
      >
        <Icon name="keyboard" />
        <span>Shortcuts</span>
        <kbd>?</kbd>
      </button>
    </nav>
  );
}
