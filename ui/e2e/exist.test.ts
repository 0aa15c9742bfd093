/**
 * Exist on the Connections page and the overview (mocked backend): its own
 * app set up with a loopback redirect (no relay page), sign-in, the first
 * sync's checklist of Exist's two streams, a lost sign-in, and Exist's mood
 * and productive time on the overview. Screenshots (light and dark,
 * 1280×800 and 1024×700) go to $SHOTS_DIR or ui/test-results/screenshots/exist/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { AppPage } from './support/browser';
import type { ExistScenario, Scenario } from './fixtures/mock';
import { UI_DIR } from './support/build';
import { suite } from './support/suite';

const SHOTS = process.env.SHOTS_DIR ?? join(UI_DIR, 'test-results', 'screenshots', 'exist');
mkdirSync(SHOTS, { recursive: true });
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 700 },
] as const;

const files = suite();

async function withExist(state: NonNullable<ExistScenario['exist']>, route: string, fn: (app: AppPage) => Promise<void>): Promise<void> {
  const scenario: Scenario & ExistScenario = { exist: state };
  const app = await files.open(scenario, route);
  try {
    await fn(app);
  } finally {
    await app.close();
  }
}

const card = (app: AppPage) => app.page.getByTestId('provider-exist');

const setExist = (app: AppPage, patch: Record<string, unknown>) =>
  app.page.evaluate((p) => {
    (window as unknown as { __HD_CTL__: { setExist: (p: unknown) => void } }).__HD_CTL__.setExist(p);
  }, patch);

const emit = (app: AppPage, event: string, payload: unknown) =>
  app.page.evaluate(([e, p]) => (window as unknown as { __HD_CTL__: { emit: (e: string, p: unknown) => Promise<unknown> } }).__HD_CTL__.emit(e, p), [
    event,
    payload,
  ] as const);

async function argsOf(app: AppPage, cmd: string): Promise<unknown[]> {
  return (await app.calls()).filter((c) => c.cmd === cmd).map((c) => c.args);
}

/** Light and dark, at both sizes; the page must never be wider than the window. */
async function shoot(app: AppPage, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await app.page.emulateMedia({ colorScheme: scheme });
    for (const size of SIZES) {
      await app.page.setViewportSize(size);
      await app.page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
      const overflow = await app.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${name} is ${String(overflow)} px too wide at ${String(size.width)}`);
      await app.page.screenshot({ path: join(SHOTS, `${name}-${scheme}-${String(size.width)}x${String(size.height)}.png`), fullPage: true });
    }
  }
  await app.page.emulateMedia({ colorScheme: 'light' });
  await app.page.setViewportSize(SIZES[0]);
}

describe('Exist', () => {
  test('set up with this computer’s address, sign in, and the first sync lists Exist’s two streams', async () => {
    await withExist('unconfigured', 'connections', async (app) => {
      const setup = card(app).getByTestId('setup');
      await setup.waitFor();
      assert.deepEqual(await setup.locator('h3').allInnerTexts(), [
        'Create an app at Exist',
        'Paste its client ID and secret',
        'Register the redirect address',
      ]);
      // Exist takes a loopback address: no relay page to host.
      assert.equal(await setup.getByTestId('relay-help').count(), 0);
      assert.match(await setup.getByTestId('redirect-uri').innerText(), /^http:\/\/127\.0\.0\.1:/);
      const connect = card(app).getByRole('button', { name: 'Connect' });
      assert.ok(await connect.isDisabled(), 'no client yet');
      await shoot(app, 'exist-unconfigured');

      await setup.getByRole('button', { name: 'Open the Exist developer page' }).click();
      assert.deepEqual((await argsOf(app, 'open_developer_page')).at(-1), { provider: 'exist' });
      await setup.getByTestId('client-id').fill('exist-client');
      await setup.getByTestId('client-secret').fill('exist-secret');
      await setup.getByRole('button', { name: 'Save', exact: true }).click();
      await card(app).getByTestId('setup').waitFor({ state: 'detached' });
      assert.deepEqual((await argsOf(app, 'set_client')).at(-1), { provider: 'exist', clientId: 'exist-client', clientSecret: 'exist-secret' });

      await connect.click();
      await card(app).getByText('Waiting for Exist in your browser…').waitFor();
      assert.deepEqual(await argsOf(app, 'connect'), [{ provider: 'exist' }]);
      // Withings is left alone.
      assert.equal(await app.page.getByTestId('provider-withings').getAttribute('data-status'), 'not_connected');

      const now = Math.floor(Date.now() / 1000);
      await setExist(app, { status: 'connected', connecting: false, connected_at: now });
      await emit(app, 'connect-finished', { provider: 'exist', ok: true, error: null, cancelled: false });
      await app.page.waitForFunction(() => document.querySelector('[data-testid="provider-exist"]')?.getAttribute('data-status') === 'connected');
      // The first sync starts by itself, with Exist's streams as its checklist.
      await card(app).getByTestId('sync-progress').waitFor();
      assert.deepEqual(await argsOf(app, 'sync_now'), [{ provider: 'exist' }]);
      await emit(app, 'sync-progress', { kind: 'started', provider: 'exist' });
      await emit(app, 'sync-progress', { kind: 'page', provider: 'exist', stream: 'attributes', position: [62, 365], records: 410 });
      await card(app).getByTestId('sync-text').getByText('Daily attributes · 62 of 365 days · 410 records').waitFor();
      const steps = card(app).getByTestId('sync-steps');
      assert.match(await steps.innerText(), /Profile and time zone[\s\S]*Daily attributes/);
      await shoot(app, 'exist-first-sync');
      await setExist(app, { syncing: false, last_sync: now, records: 2_190 });
      await emit(app, 'sync-progress', {
        kind: 'finished',
        provider: 'exist',
        records: 2_190,
        arrived: [
          { metric: 'steps', count: 340 },
          { metric: 'mood', count: 300 },
          { metric: 'productive_time', count: 250 },
        ],
      });
      await card(app).getByText('Sync finished: 340 days of steps and 550 other values.').waitFor();
      await card(app).getByRole('button', { name: 'Sync now' }).waitFor();
      assert.deepEqual(app.errors, []);
    });
  });

  test('a lost sign-in says so on the card, keeps the data, and signs in again from there', async () => {
    await withExist('needs_sign_in', 'connections', async (app) => {
      await card(app).waitFor();
      assert.equal(await card(app).getByTestId('provider-status').innerText(), 'Needs sign-in');
      assert.match(await card(app).getByTestId('provider-error').innerText(), /Exist/);
      await shoot(app, 'exist-needs-sign-in');
      await card(app).getByRole('button', { name: 'Sign in again' }).first().click();
      await card(app).getByText('Waiting for Exist in your browser…').waitFor();
      assert.deepEqual(await argsOf(app, 'connect'), [{ provider: 'exist' }]);
      assert.deepEqual(app.errors, []);
    });
  });

  test('the overview shows Exist’s mood and productive time once Exist has them', async () => {
    await withExist('connected', 'overview', async (app) => {
      const row = app.page.getByTestId('exist-cards');
      await row.waitFor();
      const mood = row.getByTestId('card-mood');
      await mood.getByText('· Exist').waitFor();
      const value = Number(await mood.getByTestId('card-value').innerText());
      assert.ok(value >= 1 && value <= 9, `mood ${String(value)}`);
      assert.equal((await mood.locator('.stat-card__unit').innerText()).trim(), '/ 9');
      assert.equal(await mood.getAttribute('href'), '#/metric/mood');
      const productive = row.getByTestId('card-productive_time');
      await productive.getByText('· Exist').waitFor();
      assert.match(await productive.innerText(), /Productive time/);
      // A duration, as the sleep card writes it ("3 h 20 min").
      assert.match(await productive.getByTestId('card-value').innerText(), /^\d+ h( \d+ min)?$|^\d+ min$/);
      await shoot(app, 'exist-overview');
      assert.deepEqual(app.errors, []);
    });
    // Without Exist, the row is not there at all.
    await withExist('not_connected', 'overview', async (app) => {
      await app.page.getByTestId('card-weight').getByTestId('card-value').waitFor();
      assert.equal(await app.page.getByTestId('exist-cards').count(), 0);
    });
  });
});
