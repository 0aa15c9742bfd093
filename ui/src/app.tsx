/** The shell: navigation, the demo banner, the current page and the keyboard help. */
import { useEffect } from 'preact/hooks';
import type { ComponentType } from 'preact';
import { DemoBanner } from './components/DemoBanner';
import { KeyboardHelp } from './components/KeyboardHelp';
import { Nav, PAGES } from './components/Nav';
import { ActivityPage } from './pages/Activity';
import { AllMetricsPage } from './pages/AllMetrics';
import { BodyPage } from './pages/Body';
import { MetricPage } from './pages/Metric';
import { VitalsPage } from './pages/Vitals';
import { WorkoutsPage } from './pages/Workouts';
import { ConnectionsPage } from './pages/Connections';
import { DayPage } from './pages/Day';
import { ExportPage } from './pages/Export';
import { HeartRatePage } from './pages/HeartRate';
import { InsightsPage } from './pages/Insights';
import { OverviewPage } from './pages/Overview';
import { SettingsPage } from './pages/Settings';
import { SleepPage } from './pages/Sleep';
import { WeightPage } from './pages/Weight';
import { startupErrorStore } from './state/data';
import { handleKey } from './state/keyboard';
import { routeArgStore, routeStore, type Route } from './state/route';
import { metricLabel } from './state/catalog';
import { useStore } from './state/store';

const PAGE_COMPONENTS: Record<Route, ComponentType> = {
  overview: OverviewPage,
  insights: InsightsPage,
  heart: HeartRatePage,
  sleep: SleepPage,
  activity: ActivityPage,
  weight: WeightPage,
  body: BodyPage,
  vitals: VitalsPage,
  workouts: WorkoutsPage,
  metrics: AllMetricsPage,
  metric: MetricPage,
  day: DayPage,
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
  const routeArg = useStore(routeArgStore);
  const startupError = useStore(startupErrorStore);
  const Page = PAGE_COMPONENTS[route];

  useEffect(() => {
    window.addEventListener('keydown', handleKey);
    return () => {
      window.removeEventListener('keydown', handleKey);
    };
  }, []);

  useEffect(() => {
    const label =
      route === 'metric' ? (metricLabel(routeArg) ?? 'Metric') : route === 'day' ? 'Day' : (PAGES.find((p) => p.route === route)?.label ?? '');
    document.title = `${label} · Healthdash`;
  }, [route, routeArg]);

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
        <Page key={route === 'metric' ? `metric/${routeArg}` : route} />
      </main>
      <KeyboardHelp />
    </div>
  );
}
