/**
 * Walking through time: ‹ Today › on the range bar, the date picker, a range
 * bar that stays put, and the day view (#/day/YYYY-MM-DD). Same harness as
 * ui.test.ts: the built UI in Chromium with the IPC mocked. Screenshots go to
 * $SHOTS_DIR (default ui/test-results/screenshots/timenav).
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { SeriesArgs } from '../src/ipc';
import { localDate, startOfDate } from '../src/lib/time';
import { workoutName } from '../src/lib/workouts';
import { Person } from './fixtures/generate';
import { chartsSettled, NOW, ZONE, type AppPage } from './support/browser';
import { shownSeries } from './support/calls';
import { UI_DIR } from './support/build';
import { suite } from './support/suite';

const SHOTS = process.env.SHOTS_DIR ?? join(UI_DIR, 'test-results', 'screenshots', 'timenav');
mkdirSync(SHOTS, { recursive: true });
const now = Math.floor(NOW.getTime() / 1000);
/** The same made-up person the mock serves. */
const person = new Person(now, ZONE);

const files = suite();

async function withApp(fn: (app: AppPage) => Promise<void>, route = 'heart'): Promise<void> {
  const app = await files.open({}, route);
  try {
    await fn(app);
  } finally {
    await app.close();
  }
}

/** Waits until the range label reads `text` (the assert after it says what it saw). */
async function labelIs(page: AppPage['page'], text: string): Promise<void> {
  await page
    .waitForFunction((t) => document.querySelector('[data-testid="range-label"]')?.textContent === t, text, { timeout: 5000 })
    .catch(() => undefined);
  assert.equal(await page.getByTestId('range-label').innerText(), text);
}

const iso = (s: string): number => Date.parse(s) / 1000;

describe('‹ Today › and the date picker', () => {
  test('‹ › step 7D, 1Y and 1D by their own length; › stops at today; Today comes back', async () => {
    await withApp(async (app) => {
      const { page } = app;
      const prev = page.getByRole('button', { name: 'Previous period' });
      const next = page.getByRole('button', { name: 'Next period' });
      const today = page.getByRole('button', { name: 'Today' });
      await chartsSettled(page, 1);

      await page.getByRole('button', { name: '7D' }).click();
      await labelIs(page, '12 Mar – 18 Mar 2026');
      assert.equal(await next.isDisabled(), true, '› is off on the week holding today');
      assert.equal(await today.isDisabled(), true);
      await prev.click();
      await labelIs(page, '5 Mar – 11 Mar 2026');
      await chartsSettled(page, 1);
      const week = shownSeries(await app.calls(), 'heart_rate');
      assert.equal(week.from, iso('2026-03-04T23:00:00Z'));
      assert.equal(week.to, iso('2026-03-11T23:00:00Z'));
      assert.equal(await page.getByRole('button', { name: '7D' }).getAttribute('aria-pressed'), 'true', 'still a 7-day view');
      await prev.click();
      await labelIs(page, '26 Feb – 4 Mar 2026');
      await next.click();
      await labelIs(page, '5 Mar – 11 Mar 2026');
      await today.click();
      await labelIs(page, '12 Mar – 18 Mar 2026');

      await page.getByRole('button', { name: '1Y' }).click();
      await labelIs(page, '19 Mar 2025 – 18 Mar 2026');
      await prev.click();
      await labelIs(page, '19 Mar 2024 – 18 Mar 2025');

      await page.getByRole('button', { name: '1D' }).click();
      await labelIs(page, 'Wed, 18 Mar 2026');
      assert.equal(await next.isDisabled(), true);
      await prev.click();
      await labelIs(page, 'Tue, 17 Mar 2026');
      // ← steps too; Alt+← undoes the last change, as before.
      await page.locator('main').focus();
      await page.keyboard.press('ArrowLeft');
      await labelIs(page, 'Mon, 16 Mar 2026');
      await page.keyboard.press('Alt+ArrowLeft');
      await labelIs(page, 'Tue, 17 Mar 2026');
      await page.keyboard.press('t');
      await labelIs(page, 'Wed, 18 Mar 2026');
      assert.deepEqual(app.errors, []);
    });
  });

  test('the picker shows whole days in the app’s format; a month then steps by months', async () => {
    await withApp(async (app) => {
      const { page } = app;
      await chartsSettled(page, 1);
      await page.getByRole('button', { name: 'Dates…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Choose dates' });
      await dialog.getByLabel('From').fill('2026-02-01');
      await dialog.getByLabel('To').fill('2026-03-25');
      assert.equal(await page.getByTestId('picker-summary').innerText(), 'The last day is in the future.');
      assert.equal(await dialog.getByRole('button', { name: 'Show' }).isDisabled(), true);
      await dialog.getByLabel('To').fill('2026-02-28');
      assert.equal(await page.getByTestId('picker-summary').innerText(), '1 Feb – 28 Feb 2026 · 28 days');
      await page.screenshot({ path: join(SHOTS, 'picker-light-1280x800.png') });
      await dialog.getByRole('button', { name: 'Show' }).click();
      await labelIs(page, '1 Feb – 28 Feb 2026');
      assert.equal(await page.locator('.segmented button[aria-pressed="true"]').count(), 0, 'no preset after a picked range');
      assert.equal(await page.getByText('Zoomed').count(), 0, 'a picked range is not a zoom');
      await chartsSettled(page, 1);
      const feb = shownSeries(await app.calls(), 'heart_rate');
      assert.deepEqual([feb.from, feb.to], [iso('2026-01-31T23:00:00Z'), iso('2026-02-28T23:00:00Z')]);
      await page.getByRole('button', { name: 'Previous period' }).click();
      await labelIs(page, '1 Jan – 31 Jan 2026');
      // Today goes back to the last preset (30D, the start-up range).
      await page.getByRole('button', { name: 'Today' }).click();
      await labelIs(page, '17 Feb – 18 Mar 2026');
      assert.equal(await page.getByRole('button', { name: '30D' }).getAttribute('aria-pressed'), 'true');
      assert.deepEqual(app.errors, []);
    });
  });

  test('a zoom says so, next to "Reset zoom", which returns to the range before it', async () => {
    await withApp(async (app) => {
      const { page } = app;
      await chartsSettled(page, 1);
      await page.getByRole('button', { name: '7D' }).click();
      await page.getByRole('button', { name: 'Previous period' }).click();
      await labelIs(page, '5 Mar – 11 Mar 2026');
      await chartsSettled(page, 1);
      const box = await page.locator('[data-testid="chart-heart"] .u-over').boundingBox();
      assert.ok(box);
      await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 5 });
      await page.mouse.up();
      await page.getByText('Zoomed').waitFor();
      await page.screenshot({ path: join(SHOTS, 'zoomed-light-1280x800.png') });
      await page.getByRole('button', { name: 'Reset zoom' }).click();
      await labelIs(page, '5 Mar – 11 Mar 2026');
      assert.equal(await page.getByText('Zoomed').count(), 0);
      assert.deepEqual(app.errors, []);
    });
  });

  for (const [width, height] of [
    [1280, 800],
    [1024, 700],
  ] as const) {
    test(`the range bar stays put at ${String(width)}×${String(height)}: ‹ and the presets keep their x`, async () => {
      await withApp(async (app) => {
        const { page } = app;
        await page.setViewportSize({ width, height });
        await chartsSettled(page, 1);
        const xs: Record<string, number[]> = {};
        for (const preset of ['1D', '30D', 'All', 'zoom']) {
          if (preset === 'zoom') {
            const box = await page.locator('[data-testid="chart-heart"] .u-over').boundingBox();
            assert.ok(box);
            await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
            await page.mouse.down();
            await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2, { steps: 5 });
            await page.mouse.up();
            await page.getByText('Zoomed').waitFor();
          } else {
            await page.getByRole('button', { name: preset, exact: true }).click();
            await page.waitForFunction((p) => document.querySelector('.segmented button[aria-pressed="true"]')?.textContent === p, preset);
          }
          await chartsSettled(page, 1);
          const prev = await page.getByRole('button', { name: 'Previous period' }).boundingBox();
          const seven = await page.getByRole('button', { name: '7D' }).boundingBox();
          assert.ok(prev && seven);
          xs[preset] = [Math.round(prev.x), Math.round(prev.y), Math.round(seven.x)];
        }
        const [first, ...rest] = Object.values(xs);
        for (const v of rest) assert.deepEqual(v, first, `‹ x, ‹ y, 7D x per range: ${JSON.stringify(xs)}`);
        await page.screenshot({ path: join(SHOTS, `heart-zoomed-light-${String(width)}x${String(height)}.png`) });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `the page is ${String(overflow)} px wider than the window`);
        assert.deepEqual(app.errors, []);
      });
    });
  }
});

describe('1D is the calendar day', () => {
  test('Sleep on 1D shows the night that ended this morning, stepping back the one before', async () => {
    await withApp(async (app) => {
      const { page } = app;
      await page.getByRole('button', { name: '1D' }).click();
      await labelIs(page, 'Wed, 18 Mar 2026');
      await chartsSettled(page, 2);
      // One night in the day: "N of 1" nights at goal.
      const nights = page.getByTestId('stat-sleep-goal');
      assert.match(await nights.innerText(), /^[01] of 1$/m);
      assert.match(await page.locator('[data-testid="chart-hypnogram"] .chart-card__title').innerText(), /18 Mar 2026/);
      await page.getByRole('button', { name: 'Previous period' }).click();
      await labelIs(page, 'Tue, 17 Mar 2026');
      await page.waitForFunction(() => (document.querySelector('[data-testid="chart-hypnogram"] .chart-card__title')?.textContent ?? '').includes('17 Mar 2026'));
      await chartsSettled(page, 2);
      await page.screenshot({ path: join(SHOTS, 'sleep-1d-light-1280x800.png') });
      assert.deepEqual(app.errors, []);
    }, 'sleep');
  });
});

/** A day of the last two weeks with a weigh-in (the mock weighs in every 1–3 days). */
function dayWithWeighIn(): { date: string; weight: number } {
  for (let back = 2; back < 14; back++) {
    const date = new Date((now - back * 86_400) * 1000).toISOString().slice(0, 10);
    const w = person.weighIns(date, date)[0];
    if (w) return { date, weight: w.weight };
  }
  throw new Error('no weigh-in in the last two weeks of the fixture');
}

async function openDayView(app: AppPage, date: string): Promise<void> {
  await app.page.evaluate(`window.location.hash = '#/day/${date}'`);
  await app.page.waitForSelector('main[data-page="day"]');
  await chartsSettled(app.page, 3);
}

describe('day view', () => {
  test('shows the day’s steps per hour, heart rate, the night before and its weigh-in; ‹ › step by day', async () => {
    await withApp(async (app) => {
      const { page } = app;
      const { date, weight } = dayWithWeighIn();
      await openDayView(app, date);
      const heading = await page.locator('h1').innerText();
      assert.match(heading, new RegExp(String(Number(date.slice(8)))), `title ${heading} names the day`);

      // 24 hourly slots, bars in the hours the fixture walked, adding up to the day.
      const steps = page.locator('[data-testid="chart-day-steps"]');
      assert.equal(await steps.locator('.chart').getAttribute('data-points'), '24');
      const walked = person.hourlySteps(date).filter((h) => h.value > 0).length;
      assert.match(await steps.locator('.chart-card__subtitle').innerText(), new RegExp(`^Steps in ${String(walked)} of 24 hours$`));
      const total = person.steps(date);
      assert.equal(person.hourlySteps(date).reduce((a, h) => a + h.value, 0), total);
      const shown = await page.getByTestId('day-steps').locator('dd').innerText();
      assert.equal(Number(shown.replace(/\D/g, '')), total, `steps stat ${shown}`);
      const series = (await app.calls()).filter((c) => c.cmd === 'series').map((c) => (c.args as { args: SeriesArgs }).args);
      assert.ok(series.some((a) => a.metric === 'steps' && a.max_points === 24), 'steps asked at one point per hour');

      await page.locator('[data-testid="chart-day-night"] canvas').waitFor();
      assert.match(await page.getByTestId('day-weighins').innerText(), new RegExp(`${weight.toFixed(1)} kg`));
      // The day's workouts, as the fixture recorded them (or that there was none).
      const dayStart = startOfDate(date, ZONE);
      const runs = person.workoutsBetween(dayStart, dayStart + 86_400).filter((w) => localDate(w.start, ZONE) === date);
      const listed = page.getByTestId('day-workouts');
      await listed.getByText(runs.length ? workoutName(runs[0]?.kind ?? '') : 'No workout on this day.', { exact: false }).first().waitFor();
      assert.equal(await listed.locator('li').count(), runs.length);

      await page.getByRole('link', { name: 'Previous day' }).click();
      await page.waitForFunction((d) => window.location.hash === `#/day/${d}`, new Date(Date.parse(date) - 86_400_000).toISOString().slice(0, 10));
      await chartsSettled(page, 3);
      await page.getByRole('link', { name: 'Today' }).click();
      await page.waitForFunction(() => window.location.hash === '#/day/2026-03-18');
      assert.equal(await page.getByRole('link', { name: 'Next day' }).count(), 0, 'no › link on today');
      assert.equal(await page.getByRole('button', { name: 'Next day' }).isDisabled(), true);
      assert.match(await page.getByTestId('day-steps').innerText(), /so far today/);
      assert.deepEqual(app.errors, []);
    });
  });

  test('opens from a day bar on Activity, "Open day" on Sleep and the 1D range', async () => {
    await withApp(async (app) => {
      const { page } = app;
      await page.getByRole('button', { name: '7D' }).click();
      await chartsSettled(page, 3);
      const box = await page.locator('[data-testid="chart-steps"] .u-over').boundingBox();
      assert.ok(box);
      // The third of seven day bars: Sat 14 Mar.
      await page.mouse.click(box.x + (box.width * 2.5) / 7, box.y + box.height - 4);
      await page.waitForFunction(() => window.location.hash === '#/day/2026-03-14');
      await chartsSettled(page, 3);

      await app.goto('sleep');
      await chartsSettled(page, 2);
      await page.getByRole('link', { name: 'Open day' }).click();
      await page.waitForFunction(() => window.location.hash === '#/day/2026-03-18');

      // A day on a month of heart rate (mean per 2 h): the click opens its day.
      await app.goto('heart');
      await page.getByRole('button', { name: '30D' }).click();
      await chartsSettled(page, 1);
      const heart = await page.locator('[data-testid="chart-heart"] .u-over').boundingBox();
      assert.ok(heart);
      await page.mouse.click(heart.x + heart.width * 0.5, heart.y + heart.height / 2);
      await page.waitForFunction(() => /^#\/day\/2026-03-0[345]$/.test(window.location.hash));

      await app.goto('heart');
      await page.getByRole('button', { name: '1D' }).click();
      await page.getByRole('button', { name: 'Previous period' }).click();
      await page.getByRole('link', { name: 'Open day view' }).click();
      await page.waitForFunction(() => window.location.hash === '#/day/2026-03-17');
      assert.deepEqual(app.errors, []);
    }, 'activity');
  });

  for (const scheme of ['light', 'dark'] as const) {
    for (const [width, height] of [
      [1280, 800],
      [1024, 700],
    ] as const) {
      test(`day view and range bar screenshots (${scheme}, ${String(width)}×${String(height)})`, async () => {
        await withApp(async (app) => {
          const { page } = app;
          await page.emulateMedia({ colorScheme: scheme });
          await page.setViewportSize({ width, height });
          await openDayView(app, dayWithWeighIn().date);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert.ok(overflow <= 0, `the day view is ${String(overflow)} px wider than the window`);
          await page.screenshot({ path: join(SHOTS, `day-${scheme}-${String(width)}x${String(height)}.png`), fullPage: true });
          await app.goto('activity');
          await page.getByRole('button', { name: '7D' }).click();
          await page.getByRole('button', { name: 'Previous period' }).click();
          await chartsSettled(page, 3);
          await page.screenshot({ path: join(SHOTS, `activity-7d-back-${scheme}-${String(width)}x${String(height)}.png`) });
          assert.deepEqual(app.errors, []);
        });
      });
    }
  }
});
