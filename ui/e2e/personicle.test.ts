/**
 * Personicle on the Connections page: a sign-in that cannot renew itself
 * (implicit flow, no refresh token) warns before it ends, during a long
 * first sync too, and a refused one offers "Sign in again".
 * Screenshots go to ui/test-results/screenshots/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Scenario } from './fixtures/mock';
import type { AppPage } from './support/browser';
import { UI_DIR } from './support/build';
import { suite } from './support/suite';

const SHOTS = join(UI_DIR, 'test-results', 'screenshots');
mkdirSync(SHOTS, { recursive: true });

const files = suite();

/** The mock's Personicle states (appended to fixtures/mock.ts). */
type PersonicleScenario = Scenario & { personicle: 'expiring' | 'syncing' | 'needs_sign_in' };

async function withApp(fn: (app: AppPage) => Promise<void>, scenario: PersonicleScenario): Promise<void> {
  const app = await files.open(scenario, 'connections');
  try {
    await fn(app);
  } finally {
    await app.close();
  }
}

const card = (app: AppPage) => app.page.getByTestId('provider-personicle');

function connectCalls(calls: { cmd: string; args: unknown }[]): unknown[] {
  return calls.filter((c) => c.cmd === 'connect').map((c) => c.args);
}

describe('Personicle', () => {
  for (const scheme of ['light', 'dark'] as const) {
    test(`a long first sync warns before the sign-in ends, and "Sign in again" starts one (${scheme})`, async () => {
      await withApp(
        async (app) => {
          const { page } = app;
          await page.emulateMedia({ colorScheme: scheme });
          const warning = card(app).getByTestId('sign-in-expiry');
          await warning.waitFor();
          assert.match(
            await warning.innerText(),
            /^Your Personicle sign-in ends in 8 min \(at \d\d:\d\d\), and Personicle cannot renew it\. Sign in again now and this sync goes on; otherwise it stops there, keeping what it fetched\./,
          );
          assert.equal(await card(app).getByTestId('provider-status').innerText(), 'Connected');
          await page.screenshot({ path: join(SHOTS, `personicle-expiring-${scheme}-1280x800.png`) });
          await page.setViewportSize({ width: 1024, height: 700 });
          await card(app).scrollIntoViewIfNeeded();
          await page.screenshot({ path: join(SHOTS, `personicle-expiring-${scheme}-1024x700.png`) });

          await warning.getByRole('button', { name: 'Sign in again' }).click();
          await card(app).getByTestId('sign-in-waiting').waitFor();
          assert.deepEqual(connectCalls(await app.calls()).at(-1), { provider: 'personicle' });
          // While the browser is out, the warning gives way to the sign-in.
          assert.equal(await warning.count(), 0);
          assert.deepEqual(app.errors, []);
        },
        { personicle: 'syncing' },
      );
    });
  }

  test('without a sync running, the warning says to sign in before the next one', async () => {
    await withApp(
      async (app) => {
        const text = await card(app).getByTestId('sign-in-expiry').innerText();
        assert.match(text, /ends in 8 min .* Sign in again before the next sync; your data is kept\./);
        assert.deepEqual(app.errors, []);
      },
      { personicle: 'expiring' },
    );
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`a 401 mid-sync leaves "Needs sign-in" and "Sign in again" (${scheme})`, async () => {
      await withApp(
        async (app) => {
          const { page } = app;
          await page.emulateMedia({ colorScheme: scheme });
          assert.equal(await card(app).getByTestId('provider-status').innerText(), 'Needs sign-in');
          assert.match(await card(app).getByTestId('provider-error').innerText(), /^Personicle no longer accepts the saved sign-in\. .*Your data on this computer is kept\./);
          assert.equal(await card(app).getByTestId('sign-in-expiry').count(), 0);
          await page.screenshot({ path: join(SHOTS, `personicle-needs-sign-in-${scheme}-1280x800.png`) });
          await card(app).getByRole('button', { name: 'Sign in again' }).click();
          await card(app).getByTestId('sign-in-waiting').waitFor();
          assert.deepEqual(connectCalls(await app.calls()).at(-1), { provider: 'personicle' });
          assert.deepEqual(app.errors, []);
        },
        { personicle: 'needs_sign_in' },
      );
    });
  }
});
