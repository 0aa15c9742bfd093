/**
 * Body, Vitals, Workouts and All metrics, and workouts marked on the heart
 * rate and activity charts: the built UI in Chromium with the mocked
 * backend (e2e/fixtures), checked for the values and units a person reads.
 * Screenshots go to ui/test-results/screenshots/ (or HD_SHOTS).
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { formatDuration } from '../src/lib/format';
import { addDays, localDate } from '../src/lib/time';
import { Person } from './fixtures/generate';
import { chartsSettled, colouredPixels, NOW, ZONE, type AppPage } from './support/browser';
import { shownSeries } from './support/calls';
import { UI_DIR } from './support/build';
import { suite } from './support/suite';

const SHOTS = process.env.HD_SHOTS ?? join(UI_DIR, 'test-results', 'screenshots');
mkdirSync(SHOTS, { recursive: true });
const now = Math.floor(NOW.getTime() / 1000);
/** The mock's person, computed here too: what the page must show. */
const person = new Person(now, ZONE);

/** The new pages, the charts each draws with the mock's data, and a text it must show. */
const PAGES = [
  { route: 'body', charts: 6, text: 'Fat-free mass (kg)' },
  { route: 'vitals', charts: 3, text: 'Blood pressure (mmHg)' },
  { route: 'workouts', charts: 0, text: 'Running' },
  { route: 'metrics', charts: 0, text: 'Blood oxygen' },
  { route: 'metric/spo2', charts: 1, text: 'Blood oxygen (%)' },
] as const;

const files = suite();

async function withApp(fn: (app: AppPage) => Promise<void>, route: string, scenario = {}): Promise<void> {
  const app = await files.open(scenario, route);
  try {
    await fn(app);
  } finally {
    await app.close();
  }
}

/** Opens `route` (which may carry an argument, as in metric/spo2). */
async function open(app: AppPage, route: string): Promise<void> {
  await app.page.evaluate(`window.location.hash = '#/${route}'`);
  await app.page.waitForSelector(`main[data-page="${route.split('/')[0] ?? route}"]`);
}

async function settled(app: AppPage, charts: number): Promise<void> {
  if (charts > 0) await chartsSettled(app.page, charts);
  await app.page.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0);
}

async function tileText(app: AppPage, testId: string): Promise<string> {
  return (await app.page.getByTestId(testId).locator('dd').innerText()).replace(/\s+/g, ' ').trim();
}

/** The SeriesArgs of the last `series` call for `metric`. */
describe('new pages', () => {
  for (const scheme of ['light', 'dark'] as const) {
    for (const [w, h] of [
      [1280, 800],
      [1024, 700],
    ] as const) {
      test(`render, draw and fit (${scheme}, ${String(w)}×${String(h)})`, async () => {
        await withApp(async (app) => {
          const { page } = app;
          await page.emulateMedia({ colorScheme: scheme });
          await page.setViewportSize({ width: w, height: h });
          for (const p of PAGES) {
            await open(app, p.route);
            await page.getByText(p.text, { exact: false }).first().waitFor();
            await settled(app, p.charts);
            const pixels = await colouredPixels(page);
            assert.equal(Object.keys(pixels).length, p.charts, `${p.route}: charts ${JSON.stringify(pixels)}`);
            for (const [id, n] of Object.entries(pixels)) assert.ok(n > 150, `${p.route}/${id} drew only ${String(n)} coloured pixels`);
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
            assert.ok(overflow <= 0, `${p.route} is ${String(overflow)} px wider than the window`);
            await page.screenshot({ path: join(SHOTS, `${p.route.replace('/', '-')}-${scheme}-${String(w)}x${String(h)}.png`) });
          }
          assert.deepEqual(app.errors, []);
        }, 'overview');
      });
    }
  }

  test('the nav lists the new pages; a metric chart keeps "All metrics" current', async () => {
    await withApp(async (app) => {
      const nav = app.page.getByRole('navigation', { name: 'Pages' });
      for (const name of ['Body', 'Vitals', 'Workouts', 'All metrics']) await nav.getByRole('link', { name }).waitFor();
      await open(app, 'metric/spo2');
      assert.equal(await nav.locator('[aria-current="page"]').innerText(), 'All metrics');
      assert.equal(await app.page.title(), 'Blood oxygen · Healthdash');
    }, 'overview');
  });
});

describe('vitals', () => {
  test('the blood pressure tile reads the newest cuff reading; oxygen and temperature carry their units', async () => {
    await withApp(async (app) => {
      await settled(app, 3);
      const bp = await tileText(app, 'tile-blood-pressure');
      assert.match(bp, /^120\/80 mmHg /, bp);
      assert.match(await tileText(app, 'tile-spo2'), /^\d\d\.\d% /);
      assert.match(await tileText(app, 'tile-body_temperature'), /^3[67]\.\d °C /);
      // One bar per reading: the chart holds as many points as the mock's readings in the range.
      const args = shownSeries(await app.calls(), 'blood_pressure_systolic');
      const readings = person
        .bloodPressure(localDate(args.from, ZONE), localDate(args.to - 1, ZONE))
        .filter((r) => r.t >= args.from && r.t < args.to);
      assert.ok(readings.length > 3, 'the mock has readings in the default range');
      assert.equal(await app.page.locator('[data-testid="chart-blood-pressure"] .chart').getAttribute('data-points'), String(readings.length));
    }, 'vitals');
  });

  test('without any vitals the page says what would fill it', async () => {
    await withApp(
      async (app) => {
        const empty = app.page.getByTestId('vitals-empty');
        await empty.waitFor();
        assert.match(await empty.innerText(), /blood pressure monitor, a pulse oximeter, a thermometer/);
        await empty.getByRole('link', { name: 'Connect a provider' }).waitFor();
        assert.equal(await app.page.getByTestId('tile-blood-pressure').count(), 0);
        assert.equal(await app.page.locator('.chart-card').count(), 0);
        await app.page.screenshot({ path: join(SHOTS, 'vitals-empty-light-1280x800.png') });
      },
      'vitals',
      { without: ['blood_pressure_systolic', 'blood_pressure_diastolic', 'spo2', 'body_temperature'] },
    );
  });
});

describe('body', () => {
  test('without a body-composition scale the page says what would fill it', async () => {
    await withApp(
      async (app) => {
        const empty = app.page.getByTestId('body-empty');
        await empty.waitFor();
        assert.match(await empty.innerText(), /scale that measures body composition/);
        // Height and weight are still there: BMI shows on its own.
        await app.page.getByTestId('tile-bmi').waitFor();
      },
      'body',
      { without: ['body_fat_percent', 'fat_mass', 'fat_free_mass', 'muscle_mass', 'bone_mass', 'hydration'] },
    );
  });

  test('tiles show the latest composition in kg, then in lb; BMI from height and weight', async () => {
    await withApp(async (app) => {
      const { page } = app;
      await settled(app, 6);
      const last = person.bodyComposition(addDays(person.today, -30), person.today).pop();
      const weighIn = person.weighIns(addDays(person.today, -30), person.today).pop();
      assert.ok(last && weighIn);
      const lean = last.values.fat_free_mass ?? 0;
      assert.match(await tileText(app, 'tile-fat_free_mass'), new RegExp(`^${lean.toFixed(1)} kg`));
      const bmi = weighIn.weight / (Person.HEIGHT_M * Person.HEIGHT_M);
      assert.match(await tileText(app, 'tile-bmi'), new RegExp(`^${bmi.toFixed(1)} `));
      assert.equal(await page.locator('[data-testid="chart-muscle_mass"] .chart-card__ylabel').innerText(), 'Muscle mass (kg)');

      await app.goto('settings');
      await page.getByRole('radio', { name: 'lb', exact: true }).check();
      await page.getByText('Saved').waitFor();
      await app.goto('body');
      await settled(app, 6);
      assert.match(await tileText(app, 'tile-fat_free_mass'), new RegExp(`^${(lean * 2.20462).toFixed(1)} lb`));
      assert.equal(await page.locator('[data-testid="chart-muscle_mass"] .chart-card__ylabel').innerText(), 'Muscle mass (lb)');
    }, 'body');
  });
});

describe('workouts', () => {
  test('the list starts with the newest workout and its duration, and pages through long ranges', async () => {
    await withApp(async (app) => {
      const { page } = app;
      const newest = person.workoutsBetween(person.start, now)[0];
      assert.ok(newest);
      const first = page.getByTestId('workout-row').first();
      await first.waitFor();
      const text = (await first.innerText()).replace(/\s+/g, ' ');
      assert.match(text, /Running/);
      assert.ok(text.includes(formatDuration(newest.end - newest.start)), `${text} shows ${formatDuration(newest.end - newest.start)}`);
      assert.ok(text.includes(`${((newest.distance_m ?? 0) / 1000).toFixed(2)} km`), text);

      await page.getByRole('button', { name: 'All', exact: true }).click();
      await page.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0);
      const total = person.workoutsBetween(0, now + 1).length;
      assert.match(await tileText(app, 'tile-workout-count'), new RegExp(`^${total.toLocaleString('en')}`));
      assert.equal(await page.getByTestId('workout-row').count(), 25);
      await page.getByRole('button', { name: 'Show 25 more' }).click();
      assert.equal(await page.getByTestId('workout-row').count(), 50);
    }, 'workouts');
  });

  test('the heart rate chart shades workouts and its readout names them', async () => {
    await withApp(async (app) => {
      const { page } = app;
      await page.getByRole('button', { name: '7D' }).click();
      await chartsSettled(page, 1);
      await page.getByText('Workout', { exact: true }).waitFor();
      const args = shownSeries(await app.calls(), 'heart_rate');
      const run = person.workoutsBetween(args.from, args.to)[0];
      assert.ok(run, 'a run in the last 7 days');
      const box = await page.locator('[data-testid="chart-heart"] .u-over').boundingBox();
      assert.ok(box);
      const x = box.x + (box.width * ((run.start + run.end) / 2 - args.from)) / (args.to - args.from);
      const readout = page.locator('[data-testid="chart-heart"] .chart-readout');
      for (let i = 0; i < 30 && !(await readout.isVisible()); i++) {
        await page.mouse.move(x + (i % 2), box.y + box.height / 2);
        await page.waitForTimeout(100);
      }
      const text = await readout.innerText();
      assert.match(text, new RegExp(`Running\\s+${formatDuration(run.end - run.start)}`), text);
      await page.screenshot({ path: join(SHOTS, 'heart-7d-workout-light-1280x800.png') });
    }, 'heart');
  });

  test('the steps chart dots the days with workouts and its readout names them', async () => {
    await withApp(async (app) => {
      const { page } = app;
      await page.getByRole('button', { name: '7D' }).click();
      await chartsSettled(page, 3);
      await page.locator('[data-testid="chart-steps"]').getByText('Workout', { exact: true }).waitFor();
      // The bar of the newest run's day: its readout names the run.
      const run = person.workoutsBetween(now - 7 * 86_400, now)[0];
      assert.ok(run);
      const calls = (await app.calls()).filter((c) => c.cmd === 'daily_buckets').map((c) => (c.args as { args: { metric: string; first: string; last: string } }).args);
      const steps = calls.filter((a) => a.metric === 'steps').pop();
      assert.ok(steps);
      const days = Math.round((Date.parse(steps.last) - Date.parse(steps.first)) / 86_400_000) + 1;
      const slot = Math.round((Date.parse(localDate(run.start, ZONE)) - Date.parse(steps.first)) / 86_400_000);
      const box = await page.locator('[data-testid="chart-steps"] .u-over').boundingBox();
      assert.ok(box);
      const x = box.x + (box.width * (slot + 0.5)) / days;
      const readout = page.locator('[data-testid="chart-steps"] .chart-readout');
      for (let i = 0; i < 30 && !(await readout.isVisible()); i++) {
        await page.mouse.move(x + (i % 2), box.y + box.height * 0.8);
        await page.waitForTimeout(100);
      }
      const text = await readout.innerText();
      assert.match(text, new RegExp(`Running\\s+${formatDuration(run.end - run.start)}`), text);
      await page.screenshot({ path: join(SHOTS, 'activity-7d-workouts-light-1280x800.png') });
    }, 'activity');
  });
});

describe('all metrics', () => {
  test('one card per stored metric with its latest value; a card opens its chart', async () => {
    await withApp(async (app) => {
      const { page } = app;
      await settled(app, 0);
      for (const id of ['heart_rate', 'weight', 'fat_free_mass', 'blood_pressure_systolic', 'spo2', 'body_temperature', 'workout']) {
        await page.getByTestId(`metric-${id}`).waitFor();
      }
      assert.equal(await page.getByTestId('metric-sleep_stage').count(), 0, 'sleep stages are a hypnogram, not a value');
      const oxygen = person.vitals('spo2', addDays(person.today, -3), person.today).pop();
      assert.ok(oxygen);
      const card = page.getByTestId('metric-spo2');
      assert.match(await card.innerText(), new RegExp(`${oxygen.value.toFixed(1)}%`));
      await card.click();
      await page.waitForSelector('main[data-page="metric"]');
      await chartsSettled(page, 1);
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Blood oxygen');
      assert.match(await tileText(app, 'tile-latest'), new RegExp(`^${oxygen.value.toFixed(1)}%`));
      assert.ok(((await colouredPixels(page))['chart-metric'] ?? 0) > 150, 'the metric chart draws');
    }, 'metrics');
  });

  test('an unknown metric in the address says so', async () => {
    await withApp(async (app) => {
      await app.page.getByText('No such metric').waitFor();
      assert.match(await app.page.locator('main').innerText(), /“pulse” is not a metric/);
    }, 'metric/pulse');
  });
});
