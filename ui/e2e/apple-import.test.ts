/**
 * Apple Health's export in the app (mocked backend): "Import Apple Health
 * export…" on the Export page with its progress (records, MB, per second),
 * Cancel (nothing stored), the summary line, a refused file in one line, and
 * the imported HRV and resting energy on Heart rate and Activity.
 * Screenshots (light and dark, 1280×800 and 1024×700) go to $SHOTS_DIR or
 * ui/test-results/screenshots/apple-import/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Scenario } from './fixtures/mock';
import { chartsSettled, colouredPixels, type AppPage } from './support/browser';
import { UI_DIR } from './support/build';
import { suite } from './support/suite';

const SHOTS = process.env.SHOTS_DIR ?? join(UI_DIR, 'test-results', 'screenshots', 'apple-import');
mkdirSync(SHOTS, { recursive: true });
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 700 },
] as const;

const files = suite();

async function withApp(scenario: Scenario, route: string, fn: (app: AppPage) => Promise<void>): Promise<void> {
  const app = await files.open(scenario, route);
  try {
    await fn(app);
  } finally {
    await app.close();
  }
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

const card = (app: AppPage) => app.page.getByTestId('apple-import');
const button = (app: AppPage) => card(app).getByRole('button', { name: 'Import Apple Health export…' });

describe('Apple Health import', () => {
  test('progress in records and MB per second, then the summary line, then HRV and resting energy on the charts', async () => {
    await withApp({}, 'export', async (app) => {
      await button(app).click();
      const progress = card(app).getByTestId('apple-import-progress');
      await progress.getByText(/of 182 MB/).waitFor();
      const line = (await progress.getByRole('status').textContent()) ?? '';
      assert.match(line, /^[\d,]+ records, \d+ of 182 MB \([\d,]+ records\/s, [\d.]+ MB\/s\)$/);
      assert.equal(await card(app).getByRole('button', { name: 'Importing…' }).isDisabled(), true);
      await shoot(app, 'import-in-progress');

      const result = card(app).getByTestId('apple-import-result');
      await result.waitFor({ timeout: 15_000 });
      assert.equal(
        await result.textContent(),
        'Imported 1,193,899 records from export.zip in 6.0 s: 1,193,899 new, 0 replaced, 0 unchanged, 412 nights; ' +
          '3,120 duplicates merged by source priority; skipped 10,412 (HKQuantityTypeIdentifierFlightsClimbed 8,800, ' +
          'HKQuantityTypeIdentifierBodyMassIndex 1,500, HKCategoryTypeIdentifierMindfulSession 100, +1 more types)',
      );
      assert.equal(await progress.count(), 0, 'the progress bar is gone');
      await shoot(app, 'import-summary');
      const calls = (await app.calls()).filter((c) => c.cmd === 'import_apple_health');
      assert.deepEqual(
        calls.map((c) => c.args),
        [{ file: null }],
        'the backend shows the open dialog',
      );
    });
  });

  test('Cancel stops the import and says nothing was stored; the charts get no HRV', async () => {
    await withApp({}, 'export', async (app) => {
      await button(app).click();
      await card(app).getByTestId('apple-import-progress').getByText(/of 182 MB/).waitFor();
      await card(app).getByRole('button', { name: 'Cancel' }).click();
      const result = card(app).getByTestId('apple-import-result');
      await result.waitFor();
      assert.equal(await result.textContent(), 'Import cancelled: nothing was stored.');
      assert.equal(await button(app).isEnabled(), true, 'a new import can start');
      await app.page.goto(app.page.url().replace(/#.*$/, '#/heart'));
      await chartsSettled(app.page, 1);
      assert.equal(await app.page.getByTestId('chart-hrv_sdnn').count(), 0);
    });
  });

  test('a file that is no export is refused in one plain line', async () => {
    await withApp({ appleImport: 'not_export' }, 'export', async (app) => {
      await button(app).click();
      const result = card(app).getByTestId('apple-import-result');
      await result.waitFor();
      assert.equal(
        await result.textContent(),
        'Nothing was imported: export.zip: not an Apple Health export (no <HealthData> element); export again from the Health app',
      );
      assert.equal(await result.getAttribute('role'), 'alert');
    });
  });

  test('after an import, HRV on Heart rate and resting energy on Activity', async () => {
    await withApp({ appleImported: true }, 'heart', async (app) => {
      const hrv = app.page.getByTestId('chart-hrv_sdnn');
      await hrv.waitFor();
      await chartsSettled(app.page, 2);
      assert.match((await hrv.textContent()) ?? '', /Heart rate variability \(SDNN\)/);
      assert.match((await hrv.textContent()) ?? '', /ms/);
      const pixels = Object.values(await colouredPixels(app.page));
      assert.ok(pixels.length >= 2 && pixels.every((n) => n > 50), `both charts drawn: ${JSON.stringify(pixels)}`);
      await shoot(app, 'heart-with-hrv');
    });
    await withApp({ appleImported: true }, 'activity', async (app) => {
      const basal = app.page.getByTestId('chart-basal_energy');
      await basal.waitFor();
      await chartsSettled(app.page, 4);
      assert.match((await basal.textContent()) ?? '', /Resting energy \(kcal, per day\)/);
      await shoot(app, 'activity-with-basal-energy');
    });
    await withApp({}, 'activity', async (app) => {
      await chartsSettled(app.page, 3);
      assert.equal(await app.page.getByTestId('chart-basal_energy').count(), 0, 'no card without data');
    });
  });
});
