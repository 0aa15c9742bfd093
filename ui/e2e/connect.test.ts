/**
 * The connect flow for people who are not developers: the guided setup
 * before any client is known, a browser that cannot be opened, a declined
 * sign-in, a wrong pasted address, a sync that cannot reach the provider,
 * stale errors going away, and the planned providers as one line.
 * Screenshots (light and dark, 1280×800 and 1024×700) go to $SHOTS_DIR or
 * ui/test-results/screenshots/connect/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { NOW, type AppPage } from './support/browser';
import type { Scenario } from './fixtures/mock';
import { UI_DIR } from './support/build';
import { suite } from './support/suite';

const SHOTS = process.env.SHOTS_DIR ?? join(UI_DIR, 'test-results', 'screenshots', 'connect');
mkdirSync(SHOTS, { recursive: true });
const now = Math.floor(NOW.getTime() / 1000);
// What the backend says after six attempts at an unreachable Withings.
const UNREACHABLE =
  'withings: getdevice failed after 6 attempts: could not connect: client error (Connect): tcp connect error: Connection refused (os error 111)';
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 700 },
] as const;

const files = suite();

async function withConnections(fn: (app: AppPage) => Promise<void>, scenario: Scenario = {}): Promise<void> {
  const app = await files.open(scenario, 'connections');
  try {
    await app.page.getByTestId('provider-withings').waitFor();
    await fn(app);
  } finally {
    await app.close();
  }
}

const card = (app: AppPage) => app.page.getByTestId('provider-withings');

const setWithings = (app: AppPage, patch: Record<string, unknown>) =>
  app.page.evaluate((p) => {
    (window as unknown as { __HD_CTL__: { setWithings: (p: unknown) => void } }).__HD_CTL__.setWithings(p);
  }, patch);

const emit = (app: AppPage, event: string, payload: unknown) =>
  app.page.evaluate(([e, p]) => (window as unknown as { __HD_CTL__: { emit: (e: string, p: unknown) => Promise<unknown> } }).__HD_CTL__.emit(e, p), [
    event,
    payload,
  ] as const);
const syncProgress = (app: AppPage, payload: Record<string, unknown>) => emit(app, 'sync-progress', payload);

/** Tells the page the data changed, as the backend does: the provider list is read again. */
const dataChanged = (app: AppPage) => emit(app, 'data-changed', {});

function lastCall(calls: { cmd: string; args: unknown }[], cmd: string): unknown {
  const found = calls.filter((c) => c.cmd === cmd).map((c) => c.args);
  const last = found[found.length - 1];
  assert.ok(last, `no ${cmd} call`);
  return last;
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

describe('connect flow', () => {
  test('no client yet: three steps, Connect disabled until they are done, no loopback address to contradict', async () => {
    await withConnections(
      async (app) => {
        const connect = card(app).getByRole('button', { name: 'Connect' });
        assert.ok(await connect.isDisabled(), 'Connect cannot succeed yet');
        const setup = card(app).getByTestId('setup');
        assert.deepEqual(await setup.locator('h3').allInnerTexts(), [
          'Create an app at Withings',
          'Paste its client ID and secret',
          'Register the redirect address',
        ]);
        const relay = await setup.getByTestId('relay-help').innerText();
        assert.match(relay, /Withings accepts only https addresses/);
        assert.match(relay, /GitHub Pages/);
        assert.match(relay, /redirect_uri/);
        assert.doesNotMatch(await setup.innerText(), /127\.0\.0\.1/, 'no address Withings refuses');
        assert.equal(await card(app).getByTestId('own-app').count(), 0, 'no second form');
        // Every provider is built: no "Coming" line.
        assert.equal(await app.page.getByTestId('providers-coming').count(), 0);
        await shoot(app, 'unconfigured');

        await setup.getByRole('button', { name: 'Open the Withings developer page' }).click();
        assert.deepEqual(lastCall(await app.calls(), 'open_developer_page'), { provider: 'withings' });
        await setup.getByRole('button', { name: 'Save the relay page…' }).click();
        await card(app).getByText('Relay page saved as /home/alex/Documents/index.html. Put it on an https host and register its address.').waitFor();

        // The client is saved and config.toml now names the relay page: Connect is ready.
        await setWithings(app, { redirect_uri_hint: 'https://alex.github.io/healthdash-relay/' });
        await setup.getByTestId('client-id').fill('my-client-id');
        await setup.getByTestId('client-secret').fill('my-secret');
        await setup.getByRole('button', { name: 'Save', exact: true }).click();
        await card(app).getByTestId('setup').waitFor({ state: 'detached' });
        assert.deepEqual(lastCall(await app.calls(), 'set_client'), { provider: 'withings', clientId: 'my-client-id', clientSecret: 'my-secret' });
        assert.ok(await connect.isEnabled());
        assert.deepEqual(app.errors, []);
      },
      { withings: 'unconfigured' },
    );
  });

  test('set up: Connect is ready and the own app is folded away; the sandbox says so', async () => {
    await withConnections(async (app) => {
      assert.ok(await card(app).getByRole('button', { name: 'Connect' }).isEnabled());
      assert.equal(await card(app).getByTestId('setup').count(), 0);
      assert.equal(await card(app).getByTestId('provider-sandbox').count(), 0, 'the real Withings');
      const own = card(app).getByTestId('own-app');
      assert.equal(await own.getAttribute('open'), null);
      await own.locator('summary').click();
      assert.equal(await own.getByTestId('redirect-uri').innerText(), 'https://alex.github.io/healthdash-relay/');
      await shoot(app, 'configured');
    });
    await withConnections(
      async (app) => {
        assert.equal(await card(app).getByTestId('provider-sandbox').innerText(), 'Pointed at the sandbox');
        assert.ok(await card(app).getByRole('button', { name: 'Connect' }).isEnabled(), 'the fake accepts this computer’s address');
        await shoot(app, 'sandbox');
        assert.deepEqual(app.errors, []);
      },
      { sandbox: true },
    );
  });

  test('the browser cannot be opened: the page says so and offers the link; a wrong paste is answered at the field', async () => {
    await withConnections(
      async (app) => {
        await card(app).getByRole('button', { name: 'Connect' }).click();
        const waiting = card(app).getByTestId('sign-in-waiting');
        assert.equal(await waiting.getByTestId('browser-failed').innerText(), 'Couldn’t open your browser — open this link:');
        assert.equal(await waiting.getByText('Waiting for Withings in your browser…').count(), 0, 'it did not open');
        assert.match(await waiting.getByTestId('authorization-url').innerText(), /^https:\/\/account\.withings\.com\//);
        await shoot(app, 'waiting-browser-failed');

        await waiting.getByTestId('paste-input').fill('http://127.0.0.1:53682/callback?code=abc');
        await waiting.getByRole('button', { name: 'Finish sign-in' }).click();
        const wrong = waiting.getByTestId('paste-error');
        await wrong.waitFor();
        assert.match(await wrong.innerText(), /^That address is not the page Withings sent you to\. After you press Allow, copy the address/);
        assert.equal(await card(app).getByTestId('provider-notice').count(), 0, 'not away from the field');
        assert.equal(await waiting.getByTestId('paste-input').getAttribute('aria-invalid'), 'true');
        await wrong.getByText('Details').click();
        assert.match(await wrong.locator('code').innerText(), /no `state` parameter/);
        await shoot(app, 'paste-wrong-address');

        // Typing again clears it; the right address finishes the sign-in.
        await waiting.getByTestId('paste-input').fill('http://127.0.0.1:53682/callback?code=abc&state=Yq3v');
        assert.equal(await wrong.count(), 0);
        await waiting.getByRole('button', { name: 'Finish sign-in' }).click();
        await app.page.waitForFunction(() => document.querySelector('[data-testid="provider-withings"]')?.getAttribute('data-status') === 'connected');
        assert.deepEqual(app.errors, []);
      },
      { browserFails: true },
    );
  });

  test('a declined sign-in says so in plain words, the raw answer behind Details; it goes when the state changes', async () => {
    await withConnections(
      async (app) => {
        await card(app).getByRole('button', { name: 'Connect' }).click();
        const notice = card(app).getByTestId('provider-notice');
        await notice.waitFor();
        assert.equal(await notice.locator('p').innerText(), 'You declined access in Withings. Press Connect to try again.');
        assert.doesNotMatch(await notice.innerText(), /access_denied/, 'the jargon stays folded');
        await card(app).getByRole('button', { name: 'Connect' }).waitFor();
        await shoot(app, 'denied');
        await notice.getByText('Details').click();
        assert.match(await notice.locator('code').innerText(), /access_denied/);

        // Connected meanwhile (the CLI, another window): the old refusal is gone.
        await setWithings(app, { status: 'connected', connected_at: 1_773_800_000 });
        await dataChanged(app);
        await app.page.waitForFunction(() => document.querySelector('[data-testid="provider-withings"]')?.getAttribute('data-status') === 'connected');
        await notice.waitFor({ state: 'detached' });
        assert.deepEqual(app.errors, []);
      },
      { denySignIn: true },
    );
  });

  test('a sync that cannot reach Withings: "Sync failed · retrying at …" and what to do', async () => {
    await withConnections(
      async (app) => {
        // The clock stands at 09:30 in Paris; the background sync retries 45 min later.
        assert.equal(await card(app).getByTestId('provider-status').innerText(), 'Sync failed · retrying at 10:15');
        const problem = card(app).getByTestId('provider-error');
        assert.equal(await problem.locator('p').innerText(), 'Can’t reach Withings. Check that this computer is online, then try again.');
        assert.doesNotMatch(await problem.innerText(), /os error 111/);
        await problem.getByText('Details').click();
        assert.match(await problem.locator('code').innerText(), /Connection refused \(os error 111\)/);
        await shoot(app, 'sync-failed');
        assert.deepEqual(app.errors, []);
      },
      { withings: 'sync_failed' },
    );
    await withConnections(
      async (app) => {
        assert.equal(await card(app).getByTestId('provider-status').innerText(), 'Connected');
        await card(app).getByRole('button', { name: 'Sync now' }).click();
        // The backend's retries, as it reports them, then its giving up.
        await syncProgress(app, { kind: 'started', provider: 'withings' });
        await syncProgress(app, { kind: 'retrying', provider: 'withings', attempt: 3, attempts: 6, reason: 'could not connect' });
        await card(app).getByTestId('sync-text').getByText('Can’t reach Withings, retrying (3 of 6)').waitFor();
        await shoot(app, 'sync-retrying');
        await setWithings(app, { syncing: false, last_error: UNREACHABLE, next_sync: now + 3600 });
        await syncProgress(app, { kind: 'failed', provider: 'withings', error: UNREACHABLE });
        const notice = card(app).getByTestId('provider-notice');
        await notice.waitFor();
        assert.equal(await notice.locator('p').innerText(), 'Can’t reach Withings. Check that this computer is online, then try again.');
        await card(app).getByText('Sync failed · retrying at 10:30').waitFor();
        assert.equal(await card(app).getByTestId('sync-progress').count(), 0);
        assert.deepEqual(app.errors, []);
      },
      { withings: 'connected' },
    );
  });

  test('the disconnect confirmation keeps its checkbox apart from the label', async () => {
    await withConnections(
      async (app) => {
        await card(app).getByRole('button', { name: 'Disconnect' }).click();
        const confirm = card(app).getByTestId('confirm-disconnect');
        const box = await confirm.getByTestId('purge').boundingBox();
        const label = await confirm.locator('label.check').evaluate((el) => {
          const range = document.createRange();
          const text = [...el.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
          if (!text) return null;
          range.selectNodeContents(text);
          return range.getBoundingClientRect().left;
        });
        assert.ok(box && label !== null);
        assert.ok(label - (box.x + box.width) >= 5, `only ${String(label - (box.x + box.width))} px between checkbox and label`);
        await confirm.screenshot({ path: join(SHOTS, 'disconnect-confirm-light.png') });
      },
      { withings: 'connected' },
    );
  });
});
