/**
 * Goals edited where they are drawn (Sleep, Activity, Weight), kept across
 * pages and shown in the user's units; "vs previous period" on stat tiles
 * worded from the same numbers the mock backend sends.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { DailyArgs, NightsArgs } from '../src/ipc';
import { mean } from '../src/lib/aggregate';
import { compare, periodName } from '../src/lib/compare';
import { formatDuration, formatNumber } from '../src/lib/format';
import { presetWindow } from '../src/lib/range';
import { NIGHT_LEAD, nightsWokenIn } from '../src/hooks/useNights';
import { summarizeNights } from '../src/lib/sleep';
import { Person, dailyValues, sleepNights } from './fixtures/generate';
import { chartsSettled, NOW, ZONE, type AppPage } from './support/browser';
import { suite } from './support/suite';

const withApp = suite();
const now = Math.floor(NOW.getTime() / 1000);
const person = new Person(now, ZONE);
// Screenshots to look at, outside the repository.
const SHOTS = process.env.GOALS_SHOTS ?? '/work/shots/goals';
mkdirSync(SHOTS, { recursive: true });

/** The default range (30 days), as the page computes it. */
const period = periodName(presetWindow('30d', now, ZONE, null));

async function visit(app: AppPage, route: string, charts: number): Promise<void> {
  await app.goto(route);
  await chartsSettled(app.page, charts);
}

/** The args of every call of `cmd`, oldest first. */
async function argsOf<T>(app: AppPage, cmd: string): Promise<T[]> {
  return (await app.calls()).filter((c) => c.cmd === cmd).map((c) => (c.args as { args: T }).args);
}

/** What a tile's comparison says on screen (the drawn text, not the spoken copy). */
async function compareText(app: AppPage, testId: string): Promise<string> {
  return app.page.getByTestId(`${testId}-compare`).locator('[aria-hidden="true"]').innerText();
}

describe('goals edited in place', () => {
  test('the sleep goal: edited on the chart tile, drawn and counted, kept across pages', async () => {
    await withApp(
      async (app) => {
        const { page } = app;
        await chartsSettled(page, 2);
        const chart = page.getByTestId('chart-sleep');
        const tile = page.getByTestId('stat-sleep-goal');
        assert.match(await chart.locator('.chart-card__subtitle').innerText(), /your goal of 7 h 30 min asleep/);

        // The expected count from the mock's own nights in the shown window.
        const [current] = (await argsOf<NightsArgs>(app, 'sleep_nights')).sort((a, b) => b.to - a.to);
        assert.ok(current, 'the page asked for nights');
        const asleep = sleepNights(person, current).map((n) => n.totals.asleep ?? 0);
        const atGoal = (hours: number): string => `${String(asleep.filter((s) => s >= hours * 3600).length)} of ${String(asleep.length)}`;
        assert.equal(await tile.locator('.stats__value').innerText(), atGoal(7.5));

        // Click → field; Escape leaves the goal as it was.
        await page.getByRole('button', { name: 'Edit sleep goal, hours asleep per night: 7 h 30 min' }).click();
        const field = page.getByRole('textbox', { name: 'sleep goal, hours asleep per night' });
        await field.fill('9 h');
        await field.press('Escape');
        assert.equal(await page.getByTestId('goal-sleep').innerText(), 'Goal: 7 h 30 min ✎');

        // Enter saves; the line's label and the tile follow; focus is back on the button.
        await page.getByTestId('goal-sleep').click();
        await field.fill('6 h 45 min');
        await field.press('Enter');
        const button = page.getByRole('button', { name: 'Edit sleep goal, hours asleep per night: 6 h 45 min' });
        await button.waitFor();
        assert.ok(await button.evaluate((el) => el === document.activeElement), 'focus returns to the goal button');
        assert.match(await chart.locator('.chart-card__subtitle').innerText(), /your goal of 6 h 45 min asleep/);
        assert.equal(await tile.locator('.stats__value').innerText(), atGoal(6.75));
        assert.notEqual(atGoal(6.75), atGoal(7.5), 'the mock has nights between the two goals');

        // A refused entry stays open and says how to write one.
        await button.click();
        await field.fill('lots');
        await field.press('Enter');
        assert.equal(await field.getAttribute('aria-invalid'), 'true');
        assert.match(await page.getByRole('alert').innerText(), /e\.g\. 7 h 30 min/);
        await field.press('Escape');

        await visit(app, 'activity', 4);
        await visit(app, 'sleep', 2);
        assert.equal(await page.getByTestId('goal-sleep').innerText(), 'Goal: 6 h 45 min ✎');
        await visit(app, 'settings', 0);
        assert.equal(await page.getByTestId('settings-goal-sleep').inputValue(), '6 h 45 min');
      },
      {},
      'sleep',
    );
  });

  test('the active-minutes goal works from the keyboard alone', async () => {
    await withApp(
      async (app) => {
        const { page } = app;
        await chartsSettled(page, 4);
        assert.match(await page.getByTestId('chart-active').locator('.chart-card__subtitle').innerText(), /your goal of 30 min/);
        await page.getByTestId('goal-active').focus();
        await page.keyboard.press('Enter');
        await page.getByRole('textbox', { name: /active minutes goal/ }).waitFor();
        await page.waitForFunction(() => document.activeElement?.tagName === 'INPUT');
        await page.keyboard.press('Control+A');
        await page.keyboard.type('45');
        await page.keyboard.press('Enter');
        await page.getByText('Goal: 45 min').waitFor();
        assert.match(await page.getByTestId('chart-active').locator('.chart-card__subtitle').innerText(), /your goal of 45 min/);

        // Days active at goal: the mock's moderate + intense seconds per day against 45 min.
        const calls = await argsOf<DailyArgs>(app, 'daily_values');
        const last = (metric: string): DailyArgs | undefined => calls.filter((a) => a.metric === metric).sort((a, b) => (a.last < b.last ? 1 : -1))[0];
        const m = last('moderate_activity');
        const i = last('intense_activity');
        assert.ok(m && i);
        const mod = dailyValues(person, m);
        const int = new Map(dailyValues(person, i).map((v) => [v.date, v.value]));
        const active = mod.map((v) => v.value + (int.get(v.date) ?? 0));
        const expected = `${String(active.filter((s) => s >= 45 * 60).length)} of ${String(active.length)}`;
        assert.equal(await page.getByTestId('stat-active-goal').locator('.stats__value').innerText(), expected);
      },
      {},
      'activity',
    );
  });

  test('a target weight typed in st & lb reads back as "11 st 11 lb" and is kept in kg', async () => {
    await withApp(
      async (app) => {
        const { page } = app;
        await page.getByRole('radio', { name: 'st & lb' }).check();
        await page.getByText('Saved').waitFor();
        await visit(app, 'weight', 2);
        await page.getByRole('button', { name: 'Set a target weight' }).click();
        const field = page.getByRole('textbox', { name: 'target weight' });
        await field.fill('11 st 11 lb');
        await field.press('Enter');
        assert.equal(await page.getByTestId('goal-weight').innerText(), 'Goal: 11 st 11 lb ✎');
        assert.match(await page.getByTestId('chart-weight').locator('.chart-card__subtitle').innerText(), /your target of 11 st 11 lb/);
        // The mock weighs ~77 kg now: about 5 lb above 11 st 11 lb.
        assert.match(await page.getByTestId('weight-to-goal').innerText(), /^\d+ lb to lose$/);
        const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('healthdash.prefs') ?? '{}') as { weightGoal?: number });
        // 165 lb.
        assert.ok(Math.abs((stored.weightGoal ?? 0) - 74.843) < 0.01, `stored ${String(stored.weightGoal)} kg`);

        await visit(app, 'settings', 0);
        assert.equal(await page.getByTestId('settings-goal-weight').inputValue(), '11 st 11 lb');
        await page.getByRole('radio', { name: 'kg', exact: true }).check();
        await page.getByText('Saved').waitFor();
        assert.equal(await page.getByTestId('settings-goal-weight').inputValue(), '74.8 kg');
      },
      {},
      'settings',
    );
  });
});

describe('vs previous period', () => {
  test('Sleep and Activity tiles compare with the 30 days before, from the mock’s numbers', async () => {
    await withApp(
      async (app) => {
        const { page } = app;
        await chartsSettled(page, 2);
        const nights = (await argsOf<NightsArgs>(app, 'sleep_nights')).sort((a, b) => b.to - a.to);
        const [cur, prev] = nights;
        assert.ok(cur && prev, 'nights of this and the previous window were asked for');
        // Each window's nights are asked from the evening before its first day.
        const windowOf = (a: NightsArgs): { from: number; to: number } => ({ from: a.from + NIGHT_LEAD, to: a.to });
        assert.equal(prev.to, windowOf(cur).from, 'the previous window ends where this one starts');
        assert.equal(prev.to - prev.from, cur.to - cur.from, 'and is as long');
        const avg = (a: NightsArgs): number | null => summarizeNights(nightsWokenIn(sleepNights(person, a), windowOf(a), ZONE)).averageAsleep;
        const expected = compare(avg(cur), avg(prev), { format: formatDuration, period });
        assert.ok(expected, 'both windows have nights');
        assert.match(expected.text, /^[▲▼] \d+ min vs previous 30 days$|^No change vs previous 30 days$/);
        assert.equal(await compareText(app, 'stat-asleep'), expected.text);

        await visit(app, 'activity', 4);
        const steps = (await argsOf<DailyArgs>(app, 'daily_values'))
          .filter((a) => a.metric === 'steps')
          .sort((a, b) => (a.last < b.last ? 1 : -1));
        const [now30, before30] = steps;
        assert.ok(now30 && before30);
        const perDay = (a: DailyArgs): number | null => mean(dailyValues(person, a).map((v) => v.value));
        const stepsText = compare(perDay(now30), perDay(before30), { format: (v) => formatNumber(v), period });
        assert.ok(stepsText);
        assert.equal(await compareText(app, 'stat-steps'), stepsText.text);
      },
      {},
      'sleep',
    );
  });

  test('nothing is compared when the previous period has no data', async () => {
    await withApp(
      async (app) => {
        const { page } = app;
        await page.getByRole('button', { name: 'All', exact: true }).click();
        await chartsSettled(page, 2);
        await page.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0);
        assert.equal(await page.getByTestId('stat-asleep-compare').count(), 0);
        assert.notEqual(await page.getByTestId('stat-asleep').locator('.stats__value').innerText(), '—');
      },
      {},
      'sleep',
    );
  });
});

describe('goals and comparisons, looked at', () => {
  test('screenshots of Sleep, Activity and Weight, light and dark, at 1280x800 and 1024x700', async () => {
    await withApp(
      async (app) => {
        const { page } = app;
        await visit(app, 'weight', 2);
        await page.getByRole('button', { name: 'Set a target weight' }).click();
        await page.getByRole('textbox', { name: 'target weight' }).fill('74');
        await page.keyboard.press('Enter');
        for (const size of [
          { width: 1280, height: 800 },
          { width: 1024, height: 700 },
        ]) {
          await page.setViewportSize(size);
          for (const scheme of ['light', 'dark'] as const) {
            await page.emulateMedia({ colorScheme: scheme });
            for (const p of [
              { route: 'sleep', charts: 2 },
              { route: 'activity', charts: 4 },
              { route: 'weight', charts: 2 },
            ]) {
              await visit(app, p.route, p.charts);
              await page.screenshot({ path: join(SHOTS, `${p.route}-${scheme}-${String(size.width)}x${String(size.height)}.png`), fullPage: true });
            }
          }
        }
        assert.deepEqual(app.errors, []);
      },
      {},
      'overview',
    );
  });
});

describe('goals in Settings', () => {
  test('Settings edits every goal; a refused entry says how to write one', async () => {
    await withApp(
      async (app) => {
        const { page } = app;
        const sleep = page.getByTestId('settings-goal-sleep');
        await sleep.fill('8:15');
        await sleep.press('Enter');
        const active = page.getByTestId('settings-goal-active');
        await active.fill('soon');
        await active.press('Enter');
        assert.equal(await active.getAttribute('aria-invalid'), 'true');
        assert.match(await page.getByRole('alert').innerText(), /e\.g\. 30 min/);
        await page.setViewportSize({ width: 1280, height: 800 });
        await page.screenshot({ path: join(SHOTS, 'settings-goals-light-1280x800.png'), fullPage: true });
        await visit(app, 'sleep', 2);
        assert.equal(await page.getByTestId('goal-sleep').innerText(), 'Goal: 8 h 15 min ✎');
      },
      {},
      'settings',
    );
  });
});
