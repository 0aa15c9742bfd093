/**
 * One test file's shared setup: the built UI served with the app's CSP, the
 * IPC mock, one Chromium for the file. `suite()` registers the hooks and
 * returns `withApp`, which opens a fresh page per test and always closes it.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { Scenario } from '../fixtures/mock';
import { launch, openApp, type AppPage, type Browser } from './browser';
import { DIST, UI_DIR, appCsp, ensureBuilt, mockScript } from './build';
import { serveDir, type StaticServer } from './server';

export const SHOTS = join(UI_DIR, 'test-results', 'screenshots');

export type WithApp = (fn: (app: AppPage) => Promise<void>, scenario?: Scenario, route?: string) => Promise<void>;

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
  return async (fn, scenario = {}, route = 'overview') => {
    if (!browser || !server) throw new Error('the suite has not started');
    const app = await openApp(browser, server.url, mock, scenario, route);
    try {
      await fn(app);
    } finally {
      await app.close();
    }
  };
}
