/**
 * "Push to Exist" on the Exist card: the preview names what would be sent
 * and whom Healthdash takes attributes from, the push waits for the user to
 * confirm that, shows its progress and what Exist refused; a sign-in without
 * write permission offers to sign in again; the automatic push is off until
 * turned on. Screenshots (light and dark, 1280×800 and 1024×700) go to
 * $SHOTS_DIR or ui/test-results/screenshots/exist-push/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { AppPage } from './support/browser';
import type { ExistScenario, Scenario } from './fixtures/mock';
import { UI_DIR } from './support/build';
import { suite } from './support/suite';

const SHOTS = process.env.SHOTS_DIR ?? join(UI_DIR, 'test-results', 'screenshots', 'exist-push');
mkdirSync(SHOTS, { recursive: true });
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 700 },
] as const;

const files = suite();

async function withExist(fn: (app: AppPage) => Promise<void>, scenario: Scenario & ExistScenario): Promise<void> {
  const app = await files.open(scenario, 'connections');
  try {
    await app.page.getByTestId('exist-push').waitFor();
    await fn(app);
  } finally {
    await app.close();
  }
}

async function shoot(app: AppPage, name: string): Promise<void> {
  const section = app.page.getByTestId('provider-exist');
  for (const scheme of ['light', 'dark'] as const) {
    await app.page.emulateMedia({ colorScheme: scheme });
    for (const size of SIZES) {
      await app.page.setViewportSize(size);
      await app.page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
      const overflow = await app.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${name} is ${String(overflow)} px too wide at ${String(size.width)}`);
      await section.screenshot({ path: join(SHOTS, `${name}-${scheme}-${String(size.width)}x${String(size.height)}.png`) });
    }
  }
  await app.page.emulateMedia({ colorScheme: 'light' });
  await app.page.setViewportSize(SIZES[0]);
}

const calls = (app: AppPage, cmd: string) => app.calls().then((all) => all.filter((c) => c.cmd === cmd));

describe('push to Exist', () => {
  test('the preview lists the values and the services that lose their attributes; the push needs a yes', async () => {
    await withExist(async (app) => {
      const push = app.page.getByTestId('exist-push');
      await push.getByTestId('push-metric-active_energy').uncheck();
      await push.getByTestId('push-from').fill('2026-10-21');
      await push.getByTestId('push-preview').click();
      const result = push.getByTestId('push-preview-result');
      await result.waitFor();
      assert.match(await result.innerText(), /5 values to send, 2026-10-21 to 2026-11-20 \(Europe\/Paris\)/);
      const rows = await result.locator('tbody tr').allInnerTexts();
      assert.equal(rows.length, 5);
      assert.deepEqual(rows[0]?.split('\t'), ['steps', '2026-11-18', '8123', 'Withings']);
      const takeovers = await push.getByTestId('push-takeovers').innerText();
      assert.match(takeovers, /Steps: written today by Fitbit\. After the push, Fitbit no longer writes steps to Exist\./);
      assert.match(takeovers, /Weight: written today by Withings/);
      const [preview] = await calls(app, 'exist_push_preview');
      assert.deepEqual(preview?.args, {
        args: { metrics: ['steps', 'weight', 'body_fat_percent', 'resting_heart_rate', 'sleep_duration'], from: '2026-10-21', to: null },
      });
      const send = push.getByTestId('push-send');
      assert.equal(await send.innerText(), 'Push 5 values to Exist');
      assert.ok(await send.isDisabled(), 'nothing is taken over before the user agrees');
      await shoot(app, 'preview');
      await push.getByTestId('push-understood').check();
      await send.click();
      await push.getByTestId('push-progress').waitFor();
      assert.match(await push.getByTestId('push-progress').innerText(), /Pushing 5 values to Exist/);
      await push.getByTestId('push-outcome').waitFor();
      assert.match(await push.getByTestId('push-outcome').innerText(), /Exist accepted 4 of 5 values\./);
      assert.equal(await push.getByTestId('push-refused').innerText(), 'Weight on 2026-11-20: validation (Value refused)');
      assert.equal((await calls(app, 'exist_push')).length, 1);
      await shoot(app, 'refused');
      // Once acquired, a new preview asks nothing.
      await push.getByTestId('push-preview').click();
      await push.getByTestId('push-preview-result').waitFor();
      assert.equal(await push.getByTestId('push-takeovers').count(), 0);
      assert.ok(await push.getByTestId('push-send').isEnabled());
    }, { exist: 'connected', existPush: 'write' });
  });

  test('without write permission the push offers to sign in again asking for it', async () => {
    await withExist(async (app) => {
      const push = app.page.getByTestId('exist-push');
      await push.getByTestId('push-preview').click();
      await push.getByTestId('push-understood').check();
      await push.getByTestId('push-send').click();
      const error = push.getByTestId('push-error');
      await error.waitFor();
      assert.match(await error.innerText(), /Exist has not allowed Healthdash to write/);
      await shoot(app, 'read-only');
      await error.getByTestId('push-allow-write').click();
      await app.page.waitForFunction(() =>
        (window as unknown as { __HD__: { calls: { cmd: string }[] } }).__HD__.calls.some((c) => c.cmd === 'connect_exist_write'),
      );
    }, { exist: 'connected', existPush: 'read_only' });
  });

  test('the automatic push is off until turned on, and then saved', async () => {
    await withExist(async (app) => {
      const auto = app.page.getByTestId('push-auto');
      await auto.waitFor();
      assert.equal(await auto.isChecked(), false);
      await auto.check();
      await app.page.waitForFunction(() =>
        (window as unknown as { __HD__: { calls: { cmd: string }[] } }).__HD__.calls.some((c) => c.cmd === 'save_exist_push_settings'),
      );
      const [saved] = await calls(app, 'save_exist_push_settings');
      assert.deepEqual(saved?.args, { settings: { auto: true, metrics: [], last_auto_push: null } });
    }, { exist: 'connected', existPush: 'write' });
  });
});
