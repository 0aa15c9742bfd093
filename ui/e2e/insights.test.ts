/**
 * Insights (issue 17) against the mock backend: flags with their rule, days
 * and numbers and a link to the chart on those days, rule switches, the
 * correlations strongest first with a scatter of their days, the empty
 * state, the Overview banner, and the usual-range band behind the charts.
 * Screenshots go to $SHOTS_DIR (default ui/test-results/screenshots/).
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { Scenario } from './fixtures/mock';
import { chartsSettled, type AppPage } from './support/browser';
import { UI_DIR } from './support/build';
import { suite } from './support/suite';

const SHOTS = process.env.SHOTS_DIR ?? join(UI_DIR, 'test-results', 'screenshots');
mkdirSync(SHOTS, { recursive: true });

const withApp = suite();
const SIZES = [
  [1280, 800],
  [1024, 700],
] as const;

/** Every size and scheme, one PNG each. */
async function shoot(page: Page, name: string, before?: () => Promise<void>): Promise<void> {
  for (const [width, height] of SIZES) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(400); // charts re-measure after a debounced resize (200 ms)
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      if (before) await before();
      await page.screenshot({ path: join(SHOTS, `insights-${name}-${scheme}-${String(width)}x${String(height)}.png`) });
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });
}

async function flagsLoaded(app: AppPage): Promise<void> {
  await app.page.waitForSelector('[data-testid="flags"][aria-busy="false"]');
  await app.page.getByTestId('flag-resting_hr_high').waitFor();
}

/** "66 bpm" → 66. */
const number = (text: string): number => Number(text.replace(/[^\d.]/g, ''));

describe('the Insights page', () => {
  test('flags show their rule, their days against the usual range, and open the chart on those days', async () => {
    await withApp(
      async (app) => {
        const { page } = app;
        await flagsLoaded(app);
        assert.deepEqual(await page.locator('.insight-flag h3').allInnerTexts(), [
          'Resting heart rate above your usual range',
          'More sleep than usual',
          'Fewer steps than usual',
        ]);
        const rhr = page.getByTestId('flag-resting_hr_high');
        assert.equal(await rhr.locator('.insight-flag__when').innerText(), '13 Mar 2026 – 15 Mar 2026');
        assert.equal(await rhr.locator('.insight-flag__rule').innerText(), 'Rule: Resting heart rate above your usual range three days running');
        const days = rhr.getByTestId('flag-day');
        assert.equal(await days.count(), 3);
        for (let i = 0; i < 3; i++) {
          const [day, value, usual] = await days.nth(i).locator('th, td').allInnerTexts();
          assert.match(day ?? '', /^\w{3} 1[345] Mar$/);
          assert.match(value ?? '', /^\d+ bpm$/);
          const m = /^(\d+)–(\d+) bpm$/.exec(usual ?? '');
          assert.ok(m, `usual range "${String(usual)}"`);
          assert.ok(number(value ?? '') > Number(m[2]), `${String(value)} above ${String(usual)}`);
        }
        // Sleep in hours and minutes, steps as counts: the user's units, not seconds.
        const sleepValue = await page.getByTestId('flag-sleep_long').getByTestId('flag-day').first().locator('td').first().innerText();
        assert.match(sleepValue, /^\d+ h \d+ min$/);
        assert.match(await page.getByTestId('flag-steps_low').getByTestId('flag-day').first().locator('td').nth(1).innerText(), /^[\d,]+–[\d,]+$/);
        // No diagnosis words anywhere on the page.
        const text = (await page.locator('main').innerText()).toLowerCase();
        for (const word of ['ill', 'sick', 'infection', 'fever', 'disease', 'diagnos']) assert.ok(!new RegExp(`\\b${word}`).test(text), `"${word}" on the page`);

        // The link opens resting heart rate's chart, two weeks either side of the flag.
        const link = rhr.getByTestId('flag-link');
        assert.equal(await link.getAttribute('href'), '#/metric/resting_heart_rate');
        await link.click();
        await page.waitForSelector('main[data-page="metric"]');
        await chartsSettled(page, 1);
        const from = Date.parse('2026-02-26T23:00:00Z') / 1000; // 27 Feb, Paris midnight
        const calls = await app.calls();
        const series = calls.filter((c) => c.cmd === 'series' && (c.args as { args: { metric: string } }).args.metric === 'resting_heart_rate');
        assert.ok(
          series.some((c) => (c.args as { args: { from: number } }).args.from === from),
          `no resting HR series from 27 Feb: ${JSON.stringify(series.map((c) => c.args))}`,
        );
        assert.match(await page.getByTestId('range-label').innerText(), /27 Feb/);
      },
      {},
      'insights',
    );
  });

  test('turning a rule off asks the backend, its flag disappears, and the rules list turns it back on', async () => {
    await withApp(
      async (app) => {
        const { page } = app;
        await flagsLoaded(app);
        await page.getByTestId('flag-steps_low').getByTestId('flag-switch').click();
        await page.getByTestId('flag-steps_low').waitFor({ state: 'detached' });
        const set = (await app.calls()).filter((c) => c.cmd === 'set_insight_rule');
        assert.deepEqual(
          set.map((c) => c.args),
          [{ args: { id: 'steps_low', enabled: false } }],
        );
        assert.equal(await page.locator('.insight-flag').count(), 2);
        const rules = page.getByTestId('insight-rules');
        await rules.locator('summary').click();
        assert.equal(await rules.locator('summary').innerText(), 'Rules (6 of 7 on)');
        const sw = page.getByTestId('rule-steps_low');
        assert.equal(await sw.isChecked(), false);
        await sw.click();
        await page.getByTestId('flag-steps_low').waitFor();
        assert.equal(await rules.locator('summary').innerText(), 'Rules (7 of 7 on)');
      },
      {},
      'insights',
    );
  });

  test('what goes with what: strongest first, in words, and a scatter with one dot per paired day', async () => {
    await withApp(
      async (app) => {
        const { page } = app;
        await flagsLoaded(app);
        const pairs = page.getByTestId('correlation');
        assert.deepEqual(await pairs.locator('.insight-pair__sentence').allInnerTexts(), [
          'Late workouts → higher resting heart rate the next day',
          'More steps → more sleep the same day',
          'More sleep → lower resting heart rate the next day',
          'More active energy → lower weight two days later',
        ]);
        assert.deepEqual(await pairs.getByTestId('correlation-rho').allInnerTexts(), ['ρ = 0.46', 'ρ = 0.31', 'ρ = −0.28', 'ρ = −0.18']);
        assert.equal(await pairs.first().locator('.insight-pair__numbers').innerText(), 'ρ = 0.46 (moderate) · across 96 days · next day');
        assert.match(await page.getByTestId('correlations').innerText(), /4 of 126 pairs tested go together clearly/);

        await pairs.first().click();
        const scatter = page.getByTestId('scatter');
        await scatter.waitFor();
        await page.waitForSelector('[data-testid="scatter-card"][aria-busy="false"]');
        assert.equal(await scatter.locator('circle.scatter__point').count(), 96);
        assert.equal(await scatter.getAttribute('data-points'), '96');
        assert.equal(await page.getByTestId('scatter-x').textContent(), "Last workout's end vs usual (h)");
        assert.equal(await page.getByTestId('scatter-y').textContent(), 'Resting heart rate vs usual, next day (bpm)');
        const calls = (await app.calls()).filter((c) => c.cmd === 'scatter');
        assert.deepEqual((calls[0]?.args as { args: unknown }).args, {
          a: { derived: 'last_workout_end_hour' },
          b: { metric: 'resting_heart_rate' },
          lag_days: 1,
          first: '2025-03-19',
          last: '2026-03-18',
        });
        await shoot(page, 'scatter', async () => {
          await page.getByTestId('scatter-card').scrollIntoViewIfNeeded();
        });

        // Another pair: its own days, in hours for sleep.
        await pairs.nth(1).click();
        await page.waitForFunction(() => document.querySelector('[data-testid="scatter"]')?.getAttribute('data-points') === '340');
        assert.equal(await page.getByTestId('scatter-y').textContent(), 'Sleep vs usual (h)');
      },
      {},
      'insights',
    );
  });

  test('with nothing flagged and nothing significant the page says how many pairs were tested', async () => {
    await withApp(
      async (app) => {
        const { page } = app;
        await page.getByTestId('correlations-empty').waitFor();
        assert.match(await page.getByTestId('correlations-empty').innerText(), /^Nothing to show: 126 pairs of daily measures were compared .* at least 14 days .*\(false discovery rate 5%\)\.$/);
        assert.equal(await page.getByTestId('flags-empty').innerText(), 'Nothing outside your usual range.');
        assert.equal(await page.getByTestId('correlation').count(), 0);
        await shoot(page, 'empty');
        // Nothing recent: no banner on the Overview, once it has asked (it
        // waits until the data has been quiet for a second).
        const asked = (): Promise<number> =>
          page.evaluate(() => (window as unknown as { __HD__: { calls: { cmd: string }[] } }).__HD__.calls.filter((c) => c.cmd === 'insights').length);
        const before = await asked();
        await app.goto('overview');
        await page.waitForSelector('[data-testid="overview-cards"][aria-busy="false"]');
        await page.waitForFunction(
          (n) => (window as unknown as { __HD__: { calls: { cmd: string }[] } }).__HD__.calls.filter((c) => c.cmd === 'insights').length > n,
          before,
        );
        await page.evaluate(() => new Promise((r) => setTimeout(r, 100)));
        assert.equal(await page.getByTestId('insights-banner').count(), 0);
      },
      { insights: 'none' } as Scenario,
      'insights',
    );
  });

  test('screenshots of the page', async () => {
    await withApp(
      async (app) => {
        await flagsLoaded(app);
        await shoot(app.page, 'page');
      },
      {},
      'insights',
    );
  });
});

describe('the Overview banner', () => {
  test('names a flag of the last two weeks and links to Insights', async () => {
    await withApp(async (app) => {
      const { page } = app;
      const banner = page.getByTestId('insights-banner');
      await banner.waitFor();
      assert.equal((await banner.innerText()).replace(/\s+/g, ' '), 'One thing stood out in the last two weeks: Resting heart rate above your usual range. See Insights');
      await banner.getByRole('link', { name: 'See Insights' }).click();
      await page.waitForSelector('main[data-page="insights"]');
      assert.equal(await page.title(), 'Insights · Healthdash');
    });
  });
});

describe('usual-range bands', () => {
  /** Band points of the chart in a card, or -1 without a band. */
  const bandPoints = (page: Page, card: string): Promise<number> =>
    page.evaluate((id) => {
      const root = document.querySelector(`[data-testid="${id}"] .uplot`);
      const n = root?.getAttribute('data-band-points');
      return n === null || n === undefined ? -1 : Number(n);
    }, card);

  test('resting heart rate: a band behind the points, in the legend and the hover readout', async () => {
    await withApp(
      async (app) => {
        const { page } = app;
        await chartsSettled(page, 1);
        const card = page.getByTestId('chart-metric');
        const points = Number(await card.locator('.chart').getAttribute('data-points'));
        const banded = await bandPoints(page, 'chart-metric');
        // 30 days of daily resting rates, every one with 28 days before it.
        assert.ok(points >= 28, `${String(points)} points`);
        assert.equal(banded, points);
        assert.equal(await card.getByTestId('usual-range-legend').innerText(), 'Shaded: your usual range (28 days)');
        const box = await card.locator('.chart .u-over').boundingBox();
        assert.ok(box);
        await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
        const readout = card.locator('.chart-readout');
        await readout.waitFor();
        assert.match(await readout.innerText(), /Usual range\s+\d+–\d+ bpm/);
        // Loaded afresh at each size: this page keeps a 1280 px chart when the window shrinks under it.
        await shoot(page, 'resting-hr-band', async () => {
          await page.reload();
          await page.waitForSelector('html[data-ready="true"]');
          await chartsSettled(page, 1);
        });
      },
      {},
      'metric/resting_heart_rate',
    );
  });

  test('weight, steps, active energy and time asleep draw theirs; body fat has none', async () => {
    await withApp(async (app) => {
      const { page } = app;
      await app.goto('weight');
      await chartsSettled(page, 1);
      assert.ok((await bandPoints(page, 'chart-weight')) > 5);
      await app.goto('activity');
      await chartsSettled(page, 4);
      await page.waitForFunction(() => document.querySelectorAll('[data-band-points]').length >= 2);
      const steps = await bandPoints(page, 'chart-steps');
      assert.ok(steps >= 28, `steps band on ${String(steps)} days`);
      assert.ok((await bandPoints(page, 'chart-energy')) >= 28);
      assert.equal(await bandPoints(page, 'chart-distance'), -1, 'distance has no baseline');
      assert.equal(await page.getByTestId('chart-steps').getByTestId('usual-range-legend').innerText(), 'Shaded: your usual range (28 days)');
      assert.equal(await page.getByTestId('chart-distance').getByTestId('usual-range-legend').count(), 0);
      await page.screenshot({ path: join(SHOTS, 'insights-activity-bands-light-1280x800.png') });
      await app.goto('sleep');
      await chartsSettled(page, 2);
      await page.waitForFunction(() => document.querySelector('[data-testid="chart-sleep"] .uplot[data-band-points]') !== null);
      assert.ok((await bandPoints(page, 'chart-sleep')) >= 28);
      assert.equal(await bandPoints(page, 'chart-hypnogram'), -1);
      await page.screenshot({ path: join(SHOTS, 'insights-sleep-band-light-1280x800.png') });
      await app.goto('heart');
      await chartsSettled(page, 1);
      assert.ok((await bandPoints(page, 'chart-heart')) >= 28, 'resting heart rate band on the heart rate chart');
      assert.deepEqual(app.errors, []);
    });
  });
});
