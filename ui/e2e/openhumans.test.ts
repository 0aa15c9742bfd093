/**
 * The Open Humans card on the Connections page, against the mocked backend:
 * Open Humans holds files, so the card lists the files the syncs read (with
 * where they came from and how many records) and those they skipped, and why.
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

async function onConnections(scenario: Scenario, fn: (app: AppPage) => Promise<void>): Promise<void> {
  const app = await files.open(scenario, 'connections');
  try {
    await fn(app);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
}

describe('open humans', () => {
  test('the card lists the files read and the files skipped', async () => {
    await onConnections({ openhumans: 'connected' }, async (app) => {
      const { page } = app;
      const card = page.getByTestId('provider-openhumans');
      const list = card.getByTestId('openhumans-files');
      await list.waitFor();
      const read = await card.getByTestId('openhumans-files-read').locator('li').allInnerTexts();
      assert.deepEqual(
        read.map((t) => t.replace(/\s+/g, ' ').trim()),
        [
          'fitbit-data.json Fitbit · 1,092 records',
          'nokia_data_20180517 Withings · 26 records',
          'nokiahealthdata.json Withings · 48,210 records',
        ],
      );
      const skipped = await card.getByTestId('openhumans-files-skipped').locator('li').allInnerTexts();
      assert.deepEqual(
        skipped.map((t) => t.replace(/\s+/g, ' ').trim()),
        [
          'Runkeeper-activity-data-2016.json not a kind Healthdash reads',
          'genome_Sandbox_Member_v5_Full_20180517.txt not a kind Healthdash reads',
          'nokia_data_20180601 could not be read: truncated JSON at line 1 column 524288',
        ],
      );

      for (const [width, height] of [
        [1280, 800],
        [1024, 700],
      ] as const) {
        await page.setViewportSize({ width, height });
        for (const scheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme: scheme });
          await card.scrollIntoViewIfNeeded();
          await card.screenshot({ path: join(SHOTS, `openhumans-files-${scheme}-${String(width)}x${String(height)}.png`) });
          await page.screenshot({ path: join(SHOTS, `openhumans-page-${scheme}-${String(width)}x${String(height)}.png`) });
        }
      }
    });
  });

  test('a large file shows on the bar as it arrives, in megabytes', async () => {
    await onConnections({ openhumans: 'connected' }, async (app) => {
      const { page } = app;
      const card = page.getByTestId('provider-openhumans');
      await card.getByRole('button', { name: 'Sync now' }).click();
      const emit = (payload: Record<string, unknown>) =>
        page.evaluate(
          (p) => (window as unknown as { __HD_CTL__: { emit: (e: string, p: unknown) => Promise<unknown> } }).__HD_CTL__.emit('sync-progress', p),
          payload,
        );
      await emit({ kind: 'started', provider: 'openhumans' });
      await emit({ kind: 'page', provider: 'openhumans', stream: 'files', position: [2, 6], records: 1_118 });
      await card.getByTestId('sync-text').getByText('Shared files (Withings, Fitbit) · 2 of 6 files · 1,118 records').waitFor();
      await emit({ kind: 'downloading', provider: 'openhumans', what: 'nokiahealthdata.json', bytes: 3_145_728, total: 12_582_912 });
      await card.getByTestId('sync-text').getByText('Downloading nokiahealthdata.json · 3.1 of 12.6 MB').waitFor();
      assert.match(await card.getByTestId('sync-steps').innerText(), /Shared files \(Withings, Fitbit\)\s+2 of 6 files/);
      for (const [width, height] of [
        [1280, 800],
        [1024, 700],
      ] as const) {
        await page.setViewportSize({ width, height });
        for (const scheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme: scheme });
          await card.scrollIntoViewIfNeeded();
          await card.screenshot({ path: join(SHOTS, `openhumans-downloading-${scheme}-${String(width)}x${String(height)}.png`) });
        }
      }
    });
  });

  test('a Withings-only setup shows no file list', async () => {
    await onConnections({ withings: 'connected' }, async (app) => {
      const { page } = app;
      await page.getByTestId('provider-withings').waitFor();
      assert.equal(await page.getByTestId('openhumans-files').count(), 0);
    });
  });
});
