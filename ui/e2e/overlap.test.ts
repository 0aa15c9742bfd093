/**
 * Settings → Advanced with Withings and Human API both connected: the
 * metrics both deliver are named, with why (Human API passes on Withings'
 * weigh-ins), above the source priority that decides between them.
 * Screenshots go to $SHOTS_DIR (default ui/test-results/screenshots/).
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { UI_DIR } from './support/build';
import { suite } from './support/suite';

const SHOTS = process.env.SHOTS_DIR ?? join(UI_DIR, 'test-results', 'screenshots');
mkdirSync(SHOTS, { recursive: true });

const withApp = suite();

describe('providers that deliver the same metric', () => {
  test('Settings names the metrics Withings and Human API both deliver, and their priority', async () => {
    await withApp(
      async (app) => {
        const { page } = app;
        await page.getByTestId('settings-advanced').locator('summary').click();
        const overlap = page.getByTestId('provider-overlap');
        await overlap.waitFor();
        const overlapOf = async (metric: string): Promise<[string, string]> => {
          const row = page.getByTestId(`overlap-${metric}`);
          return [await row.locator('.provider-overlap__metric').innerText(), await row.locator('.provider-overlap__providers').innerText()];
        };
        assert.deepEqual(await overlapOf('weight'), ['Weight', 'Withings and Human API']);
        assert.deepEqual(await overlapOf('steps'), ['Steps', 'Withings and Human API']);
        // Only one provider delivers sleep and glucose here: not listed.
        assert.equal(await page.getByTestId('overlap-sleep_duration').count(), 0);
        assert.equal(await page.getByTestId('overlap-blood_glucose').count(), 0);
        assert.match(await page.getByTestId('provider-overlap-reserved').innerText(), /^Human API passes on readings from other devices/);
        // The priority list below decides: Withings first by default.
        const weight = page.getByTestId('priority-weight');
        assert.deepEqual(await weight.locator('.priority__name').allInnerTexts(), ['Withings', 'Human API', 'Apple Health', 'Demo data']);

        for (const [width, height] of [
          [1280, 800],
          [1024, 700],
        ] as const) {
          await page.setViewportSize({ width, height });
          for (const scheme of ['light', 'dark'] as const) {
            await page.emulateMedia({ colorScheme: scheme });
            await overlap.scrollIntoViewIfNeeded();
            await page.screenshot({ path: join(SHOTS, `overlap-${scheme}-${String(width)}x${String(height)}.png`) });
          }
        }
      },
      { humanapi: 'connected' },
      'settings',
    );
  });

  test('with one provider per metric there is nothing to explain', async () => {
    await withApp(
      async (app) => {
        const { page } = app;
        await page.getByTestId('settings-advanced').locator('summary').click();
        await page.getByTestId('priority-weight').waitFor();
        assert.equal(await page.getByTestId('provider-overlap').count(), 0);
      },
      {},
      'settings',
    );
  });
});
