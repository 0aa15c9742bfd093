/**
 * One test file's shared setup: the built UI served with the app's CSP, the
 * IPC mock, one Chromium for the file. `suite()` registers the hooks and
 * returns `withApp`, which opens a fresh page per test and always closes it;
 * `withApp.open` opens one for a file that wraps it its own way, and
 * `withApp.env()` gives the server and mock to a test that builds its own
 * browser context.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { Scenario } from '../fixtures/mock';
import { launch, openApp, type AppPage, type Browser } from './browser';
import { DIST, UI_DIR, appCsp, ensureBuilt, mockScript } from './build';
import { serveDir, type StaticServer } from './server';

export const SHOTS = join(UI_DIR, 'test-results', 'screenshots');

export interface SuiteEnv {
  url: string;
  mock: string;
  browser: Browser;
}

export interface WithApp {
  (fn: (app: AppPage) => Promise<void>, scenario?: Scenario, route?: string): Promise<void>;
  open: (scenario: Scenario, route: string) => Promise<AppPage>;
  env: () => SuiteEnv;
}

export function suite(): WithApp {
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  let mock = '';
  before(async () => {
    ensureBuilt();
    mkdirSync(SHOTS, { recursive: true });
    mock = await mockScript();
    server = await serveDir(DIST, appCsp());
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  const env = (): SuiteEnv => {
    if (!browser || !server) throw new Error('the suite has not started');
    return { url: server.url, mock, browser };
  };
  const open = (scenario: Scenario, route: string): Promise<AppPage> => {
    const { browser: b, url } = env();
    return openApp(b, url, mock, scenario, route);
  };
  const withApp = async (fn: (app: AppPage) => Promise<void>, scenario: Scenario = {}, route = 'overview'): Promise<void> => {
    const app = await open(scenario, route);
    try {
      await fn(app);
    } finally {
      await app.close();
    }
  };
  return Object.assign(withApp, { open, env });
}
