// First: every later module may read navigator.language while it loads.
import './locale-guard';
import { render } from 'preact';
import { App } from './app';
import { loadCatalog } from './state/catalog';
import { startConnections } from './state/connections';
import { startData } from './state/data';
import { startRouter } from './state/route';
import { loadSettings } from './state/settings';
import { startTheme } from './state/theme';
import { errorMessage } from './ipc';
import { installRenderTiming } from './lib/perf';
import './styles.css';
import './feature-styles';

installRenderTiming();
startTheme();
startRouter();
const root = document.getElementById('app');
// Units and names come from the catalog, so the first render waits for it
// (one static answer); without it values show unconverted, in canonical units.
const rendered = loadCatalog()
  .catch((e: unknown) => {
    console.warn('catalog:', errorMessage(e));
  })
  .finally(() => {
    if (root) render(<App />, root);
  });

// UI tests wait for `data-ready` so they never race the first queries.
void Promise.all([
  rendered,
  loadSettings().catch((e: unknown) => {
    console.warn('settings:', errorMessage(e));
  }),
  startData(),
  // Sign-in and sync events from the start: the background sync may begin before anyone opens Connections.
  startConnections(),
]).finally(() => {
  document.documentElement.dataset.ready = 'true';
});
