/** The shell: navigation, the demo banner, the current page and the keyboard help. */
import { useEffect } from 'preact/hooks';
import type { ComponentType } from 'preact';
import { DemoBanner } from './components/DemoBanner';
import { KeyboardHelp } from './components/KeyboardHelp';
import { Nav, PAGES } from './components/Nav';
import { ActivityPage } from './pages/Activity';
import { ConnectionsPage } from './pages/Connections';
import { ExportPage } from './pages/Export';
import { HeartRatePage } from './pages/HeartRate';
import { OverviewPage } from './pages/Overview';
import { SettingsPage } from './pages/Settings';
import { SleepPage } from './pages/Sleep';
import { WeightPage } from './pages/Weight';
import { startupErrorStore } from './state/data';
import { handleKey } from './state/keyboard';
import { routeStore, type Route } from './state/route';
import { useStore } from './state/store';

const PAGE_COMPONENTS: Record<Route, ComponentType> = {
  overview: OverviewPage,
  heart: HeartRatePage,
  sleep: SleepPage,
  activity: ActivityPage,
  weight: WeightPage,
  export: ExportPage,
  connections: ConnectionsPage,
  settings: SettingsPage,
};

/**
 * Moves focus to the page content. Never through the hash: "#main" would go
 * through the hash router, which reads it as an unknown route (Overview).
 */
function skipToMain(e: MouseEvent): void {
  e.preventDefault();
  const main = document.getElementById('main');
  main?.focus();
  main?.scrollIntoView({ block: 'start' });
}

export function App() {
  const route = useStore(routeStore);
  const startupError = useStore(startupErrorStore);
  const Page = PAGE_COMPONENTS[route];

  useEffect(() => {
    window.addEventListener('keydown', handleKey);
    return () => {
      window.removeEventListener('keydown', handleKey);
    };
  }, []);

  useEffect(() => {
    const label = PAGES.find((p) => p.route === route)?.label ?? '';
    document.title = `${label} · Healthdash`;
  }, [route]);

  return (
    <div class="shell">
      <a class="skip-link" href="#main" onClick={skipToMain}>
        Skip to content
      </a>
      <Nav current={route} />
      <main id="main" class="main" tabIndex={-1} data-page={route}>
        <DemoBanner />
        {startupError && (
          <p class="error" role="alert">
            Healthdash could not read its data: {startupError}
          </p>
        )}
        <Page key={route} />
      </main>
      <KeyboardHelp />
    </div>
  );
}
