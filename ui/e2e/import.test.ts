/**
 * Import on the Export page, against the mocked backend: the result line
 * says what the import did, a refused file says why, a cancelled dialog says
 * nothing was read, and a fresh install (no data) can restore a backup.
 * Screenshots go to $SHOTS_DIR (default ui/test-results/screenshots/).
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { type AppPage } from './support/browser';
import { UI_DIR } from './support/build';
import { suite } from './support/suite';
import type { Scenario } from './fixtures/mock';

const SHOTS = process.env.SHOTS_DIR ?? join(UI_DIR, 'test-results', 'screenshots');
mkdirSync(SHOTS, { recursive: true });

const files = suite();

async function onExportPage(scenario: Scenario, fn: (app: AppPage) => Promise<void>): Promise<void> {
  const app = await files.open(scenario, 'export');
  try {
    await fn(app);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
}

const importButton = (app: AppPage) => app.page.getByRole('button', { name: 'Import a Healthdash CSV…' });

describe('import', () => {
  test('an import shows its rows and what changed, and the data is fetched again', async () => {
    await onExportPage({}, async (app) => {
      const { page } = app;
      await page.getByRole('heading', { name: 'Import' }).waitFor();
      const before = (await app.calls()).filter((c) => c.cmd === 'catalogue').length;
      await importButton(app).click();
      const result = page.getByTestId('import-result');
      await result.waitFor();
      assert.equal(
        await result.innerText(),
        'Imported 12,345 rows from /home/alex/Documents/backup.csv: 12,000 new, 345 replaced, 0 already here.',
      );
      // `data-changed` after the import: what is on screen is asked for again.
      await page.waitForFunction(
        (n) => (window as unknown as { __HD__: { calls: { cmd: string }[] } }).__HD__.calls.filter((c) => c.cmd === 'catalogue').length > n,
        before,
      );
      assert.equal(await importButton(app).isEnabled(), true);

      for (const [width, height] of [
        [1280, 800],
        [1024, 700],
      ] as const) {
        await page.setViewportSize({ width, height });
        for (const scheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme: scheme });
          await result.scrollIntoViewIfNeeded();
          await page.screenshot({ path: join(SHOTS, `import-done-${scheme}-${String(width)}x${String(height)}.png`) });
        }
      }
    });
  });

  test('a file with a wrong line is refused in one line naming the line', async () => {
    await onExportPage({ importCsv: 'wrong_unit' }, async (app) => {
      const { page } = app;
      await importButton(app).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      assert.equal(await alert.innerText(), "Nothing was imported: backup.csv: line 3: unit 'lb' is not the unit of weight (kg)");
      assert.equal(await page.getByTestId('import-result').count(), 0);
      await page.emulateMedia({ colorScheme: 'dark' });
      await alert.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SHOTS, 'import-refused-dark-1280x800.png') });
    });
  });

  test('a cancelled dialog reads nothing', async () => {
    await onExportPage({ importCsv: 'cancelled' }, async (app) => {
      await importButton(app).click();
      await app.page.getByTestId('import-result').waitFor();
      assert.equal(await app.page.getByTestId('import-result').innerText(), 'Import cancelled — nothing was read.');
    });
  });

  test('a fresh install can restore a backup from the Export page', async () => {
    await onExportPage({ empty: true }, async (app) => {
      const { page } = app;
      await page.getByTestId('empty-state').waitFor();
      await page.screenshot({ path: join(SHOTS, 'import-empty-light-1280x800.png') });
      await importButton(app).click();
      // With data now, the page offers the exports, and still says what came in.
      await page.getByRole('heading', { name: 'Readings as CSV' }).waitFor();
      assert.equal(await page.getByTestId('empty-state').count(), 0);
      assert.match(await page.getByTestId('import-result').innerText(), /^Imported 12,345 rows from /);
      await page.getByTestId('import-result').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SHOTS, 'import-restored-light-1280x800.png') });
    });
  });
});
