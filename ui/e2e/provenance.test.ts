/**
 * "Why is this number what it is": pointing at a chart's point (or moving
 * the keyboard cursor) shows what each source said about it and which one
 * the chart shows; the Connections page maps each source's days as data,
 * gap, not synced yet or failed. Screenshots go to $SHOTS_DIR (default
 * ui/test-results/screenshots/).
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { chartsSettled } from './support/browser';
import { UI_DIR } from './support/build';
import { suite } from './support/suite';

const SHOTS = process.env.SHOTS_DIR ?? join(UI_DIR, 'test-results', 'screenshots');
mkdirSync(SHOTS, { recursive: true });

const withApp = suite();

/** Points at `fraction` of the way across the chart in `card` and answers the hover readout's title and rows. */
async function pointAt(page: Page, card: Locator, fraction: number): Promise<{ title: string; rows: string[] }> {
  const over = card.locator('.u-over');
  const box = await over.boundingBox();
  assert.ok(box, 'the chart is drawn');
  await page.mouse.move(box.x + box.width * fraction, box.y + box.height / 2);
  const readout = card.locator('.chart-readout');
  await readout.waitFor();
  return { title: await readout.locator('.chart-readout__title').innerText(), rows: await readout.locator('.chart-readout__row').allInnerTexts() };
}

async function shots(page: Page, target: Locator, name: string): Promise<void> {
  for (const [width, height] of [
    [1280, 800],
    [1024, 700],
  ] as const) {
    await page.setViewportSize({ width, height });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await target.evaluate((el) => {
        el.scrollIntoView({ block: 'start' });
      });
      await page.screenshot({ path: join(SHOTS, `${name}-${scheme}-${String(width)}x${String(height)}.png`) });
    }
  }
}

const kg = (text: string): number => Number(/([\d.]+)\s*kg/.exec(text)?.[1]);

describe('where a number comes from', () => {
  test('pointing at a weigh-in names each source, its value in kg and the one the priority chose', async () => {
    await withApp(
      async (app) => {
        const { page } = app;
        const card = page.getByTestId('chart-weight');
        await chartsSettled(page, 1);
        const panel = card.getByTestId('bucket-sources');
        assert.match(await panel.innerText(), /Point at a point \(or use the arrow keys\)/);

        const readout = await pointAt(page, card, 0.5);
        await panel.locator('h3').waitFor();
        assert.equal(await panel.locator('h3').innerText(), `Sources for ${readout.title}`);
        const shown = kg(readout.rows[0] ?? ''); // the point's own row: "Weight" or "Mean of 3"
        const withings = panel.getByTestId('bucket-source-withings');
        const human = panel.getByTestId('bucket-source-humanapi');
        assert.match(await withings.innerText(), /^Withings\s+[\d.]+ kg\s+chosen \(priority\)$/);
        assert.equal(kg(await withings.innerText()), shown, 'the chosen source says what the chart shows');
        assert.equal(await withings.getAttribute('data-chosen'), 'true');
        assert.match(await human.innerText(), /^Human API\s+[\d.]+ kg$/);
        assert.equal(Math.round((kg(await human.innerText()) - shown) * 10) / 10, 0.3);
        assert.equal(await panel.getByTestId('bucket-sources-priority').getAttribute('href'), '#/settings');

        // The panel stays when the pointer leaves, so its link can be reached.
        await page.mouse.move(5, 5);
        assert.equal(await panel.locator('h3').innerText(), `Sources for ${readout.title}`);
        await shots(page, card, 'provenance-weight');

        // The keyboard cursor asks too: End goes to the last weigh-in.
        await card.locator('.chart').focus();
        await page.keyboard.press('End');
        const last = await card.locator('.chart-readout__title').innerText();
        assert.notEqual(last, readout.title);
        await page.waitForFunction(
          ([el, title]) => el.textContent === `Sources for ${title}`,
          [await panel.locator('h3').elementHandle(), last] as const,
        );
        const asked = (await app.calls()).filter((c) => c.cmd === 'provenance');
        assert.ok(asked.length >= 2, 'one call per resting cursor, not per mouse move');
        assert.deepEqual(app.errors, []);
      },
      { humanapi: 'connected' },
      'weight',
    );
  });

  test('pointing at a day of steps names the demo person as the chosen source', async () => {
    await withApp(
      async (app) => {
        const { page } = app;
        await app.goto('activity');
        await chartsSettled(page, 2);
        const card = page.getByTestId('chart-steps');
        const readout = await pointAt(page, card, 0.6);
        const panel = card.getByTestId('bucket-sources');
        await panel.locator('h3').waitFor();
        assert.equal(await panel.locator('h3').innerText(), `Sources for ${readout.title}`);
        const demo = await panel.getByTestId('bucket-source-demo').innerText();
        const steps = readout.rows.find((r) => r.startsWith('Steps'))?.replace(/^Steps\s*/, '') ?? '?';
        assert.match(demo, /^Demo data\s+/);
        assert.ok(demo.includes(steps), `${demo} shows the chart's ${steps}`);
        assert.match(demo, /chosen \(priority\)$/);
        assert.equal(await panel.getByTestId('bucket-sources-priority').count(), 0, 'one source: nothing to reorder');
        await shots(page, card, 'provenance-steps');
      },
      {},
      'overview',
    );
  });

  test('pointing at the heart-rate line names the source of its bucket, in bpm', async () => {
    await withApp(
      async (app) => {
        const { page } = app;
        await app.goto('heart');
        await chartsSettled(page, 1);
        const card = page.getByTestId('chart-heart');
        const panel = card.getByTestId('bucket-sources');
        assert.match(await panel.innerText(), /Point at a point/);
        const readout = await pointAt(page, card, 0.4);
        await panel.locator('h3').waitFor();
        assert.equal(await panel.locator('h3').innerText(), `Sources for ${readout.title}`);
        const demo = await panel.getByTestId('bucket-source-demo').innerText();
        const mean = readout.rows.find((r) => r.startsWith('Mean'))?.replace(/^Mean\s*/, '') ?? '?';
        assert.match(demo, /^Demo data\s+\d+ bpm\s+chosen \(priority\)$/);
        assert.ok(demo.includes(mean), `${demo} shows the chart's ${mean}`);
        await shots(page, card, 'provenance-heart');
      },
      {},
      'overview',
    );
  });

  test('the coverage map tells data, gaps, days not synced and failed syncs apart', async () => {
    await withApp(
      async (app) => {
        const { page } = app;
        const map = page.getByTestId('coverage');
        await map.waitFor();
        assert.deepEqual(await map.getByTestId('coverage-legend').locator('li').allInnerTexts(), [
          'Data',
          'Synced, no data',
          'Not synced yet',
          'Sync failed',
        ]);
        const withings = map.getByTestId('coverage-withings');
        assert.equal(await withings.locator('svg').getAttribute('data-runs'), '4');
        assert.equal(await map.getByTestId('coverage-counts-withings').innerText(), 'Data: 395 days · Synced, no data: 3 days · Sync failed: 2 days');
        assert.equal(
          await map.getByTestId('coverage-error-withings').innerText(),
          'Last sync error: Can’t reach Withings. Check that this computer is online, then try again.',
        );
        // Human API began 90 days ago: the days before are not synced, not gaps.
        assert.equal(await map.getByTestId('coverage-humanapi').locator('svg').getAttribute('data-runs'), '2');
        assert.equal(await map.getByTestId('coverage-counts-humanapi').innerText(), 'Data: 90 days · Not synced yet: 310 days');
        assert.equal(await map.getByTestId('coverage-error-humanapi').count(), 0);
        await shots(page, map, 'coverage');
        assert.deepEqual(app.errors, []);
      },
      { humanapi: 'connected' },
      'connections',
    );
  });
});
