/**
 * The built UI (ui/dist) in headless Chromium with Tauri's IPC mocked by
 * @tauri-apps/api/mocks and fixture data (e2e/fixtures). Run with
 * `npm run test:ui`; it rebuilds dist/ first when a source is newer.
 * Screenshots go to ui/test-results/screenshots/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { CsvExportArgs, ChartExportArgs, Settings } from '../src/ipc';
import { presetWindow } from '../src/lib/range';
import { chartsSettled, colouredPixels, NOW, ZONE, type AppPage } from './support/browser';
import { UI_DIR } from './support/build';
import { shownSeries } from './support/calls';
import { suite } from './support/suite';

const SHOTS = join(UI_DIR, 'test-results', 'screenshots');
mkdirSync(SHOTS, { recursive: true });
const now = Math.floor(NOW.getTime() / 1000);

/** Every page, the charts it must draw, and something it must say. */
const PAGES = [
  { route: 'overview', charts: 2, text: 'Good morning' },
  { route: 'heart', charts: 1, text: 'Heart rate (bpm)' },
  { route: 'sleep', charts: 2, text: 'Sleep stages' },
  { route: 'activity', charts: 4, text: 'Steps' },
  { route: 'weight', charts: 2, text: 'Weight (kg)' },
  { route: 'export', charts: 0, text: 'Readings as CSV' },
  { route: 'connections', charts: 0, text: 'Use your own app at Withings' },
  { route: 'settings', charts: 0, text: 'Source priority' },
] as const;

const files = suite();

async function withApp(fn: (app: AppPage) => Promise<void>, scenario = {}, route = 'overview'): Promise<void> {
  const app = await files.open(scenario, route);
  try {
    await fn(app);
  } finally {
    await app.close();
  }
}

async function visit(app: AppPage, route: string, charts: number): Promise<void> {
  await app.goto(route);
  if (charts > 0) await chartsSettled(app.page, charts);
  else await app.page.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0);
}

/**
 * The box of a chart's plot overlay. A late answer can rebuild the chart
 * between finding the overlay and measuring it (the box is then null), so
 * look again for up to 5 s; the caller's assert.ok(box) says if it never came.
 */
async function overlayBox(page: AppPage['page'], chart: string): Promise<{ x: number; y: number; width: number; height: number } | null> {
  for (let i = 0; i < 50; i++) {
    const box = await page.locator(`${chart} .u-over`).boundingBox();
    if (box) return box;
    await page.waitForTimeout(100);
  }
  return null;
}

/** Waits (up to 5 s) until the steps chart shows one of `counts` bars; the assertion after it says what it saw. */
async function barsSettle(page: AppPage['page'], counts: string[]): Promise<void> {
  await page
    .waitForFunction(
      (expected) => expected.includes(document.querySelector('[data-testid="chart-steps"] .chart')?.getAttribute('data-points') ?? ''),
      counts,
      { timeout: 5_000 },
    )
    .catch(() => undefined);
}

/** The payload of the last `cmd` call that `pick` accepts. */
function lastCall<T>(calls: { cmd: string; args: unknown }[], cmd: string, pick: (args: T) => boolean = () => true): T {
  const found = calls.filter((c) => c.cmd === cmd).map((c) => c.args as T).filter(pick);
  const last = found[found.length - 1];
  assert.ok(last, `no ${cmd} call`);
  return last;
}

describe('pages', () => {
  for (const scheme of ['light', 'dark'] as const) {
    test(`every page renders without console errors and charts draw (${scheme})`, async () => {
      await withApp(async (app) => {
        await app.page.emulateMedia({ colorScheme: scheme });
        for (const p of PAGES) {
          await visit(app, p.route, p.charts);
          await app.page.getByText(p.text, { exact: false }).first().waitFor();
          const pixels = await colouredPixels(app.page);
          assert.equal(Object.keys(pixels).length, p.charts, `${p.route}: charts ${JSON.stringify(pixels)}`);
          for (const [id, n] of Object.entries(pixels)) assert.ok(n > 150, `${p.route}/${id} drew only ${String(n)} coloured pixels`);
          await app.page.screenshot({ path: join(SHOTS, `${p.route}-${scheme}-1280x800.png`) });
        }
        assert.deepEqual(app.errors, []);
      });
    });
  }

  test('nothing overflows at 1024×700', async () => {
    await withApp(async (app) => {
      await app.page.setViewportSize({ width: 1024, height: 700 });
      await app.page.waitForTimeout(400); // the debounced re-measure (200 ms)
      for (const p of PAGES) {
        await visit(app, p.route, p.charts);
        const overflow = await app.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${p.route} is ${String(overflow)} px wider than the window`);
        // Chart canvases fit inside their cards.
        const clipped = await app.page.evaluate(() =>
          [...document.querySelectorAll('.chart-card')].filter((card) => {
            const c = card.querySelector('canvas');
            return c && c.getBoundingClientRect().right > card.getBoundingClientRect().right + 1;
          }).length,
        );
        assert.equal(clipped, 0, `${p.route}: a chart is wider than its card`);
        if (p.route === 'overview' || p.route === 'heart' || p.route === 'sleep') {
          await app.page.screenshot({ path: join(SHOTS, `${p.route}-light-1024x700.png`) });
        }
      }
      assert.deepEqual(app.errors, []);
    });
  });
});

describe('range', () => {
  test('a preset sends series with its from/to and max_points = chart width / 2', async () => {
    await withApp(
      async (app) => {
        await chartsSettled(app.page, 1);
        await app.page.getByRole('button', { name: '7D' }).click();
        await chartsSettled(app.page, 1);
        const width = await app.page.evaluate(() => document.querySelector('[data-testid="chart-heart"] .chart-card__body')?.getBoundingClientRect().width ?? 0);
        const args = shownSeries(await app.calls(), 'heart_rate');
        const expected = presetWindow('7d', now, ZONE, null);
        assert.equal(args.from, expected.from);
        assert.equal(args.to, expected.to);
        assert.equal(new Date(args.from * 1000).toISOString(), '2026-03-11T23:00:00.000Z'); // local midnight, 7 days incl. today
        assert.equal(new Date(args.to * 1000).toISOString(), '2026-03-18T23:00:00.000Z'); // and up to the end of today
        assert.equal(args.max_points, Math.round(Math.floor(width) / 2));
        assert.equal(args.zone, ZONE);
        assert.match(await app.page.getByTestId('range-label').innerText(), /12 Mar – 18 Mar 2026/);
        assert.deepEqual(app.errors, []);
      },
      {},
      'heart',
    );
  });

  test('a resize re-queries with the new width (debounced)', async () => {
    await withApp(
      async (app) => {
        await chartsSettled(app.page, 1);
        const before = (await app.calls()).filter((c) => c.cmd === 'series').length;
        await app.page.setViewportSize({ width: 1100, height: 800 });
        await app.page.waitForFunction((n) => (window as unknown as { __HD__: { calls: { cmd: string }[] } }).__HD__.calls.filter((c) => c.cmd === 'series').length > n, before);
        await chartsSettled(app.page, 1);
        const series = (await app.calls()).filter((c) => c.cmd === 'series');
        // One debounced round (heart rate + resting, this window and the one before), not one per resize step.
        assert.ok(series.length - before <= 4, `${String(series.length - before)} series calls after one resize`);
        const last = shownSeries(series, 'heart_rate');
        assert.ok(last.max_points < 500, `max_points ${String(last.max_points)} should follow the narrower chart`);
      },
      {},
      'heart',
    );
  });

  test('keyboard: Tab reaches the navigation, Alt+← goes back a range, Alt+→ forward', async () => {
    await withApp(
      async (app) => {
        const { page } = app;
        await chartsSettled(page, 1);
        // Tab from the top of the document: skip link, brand, then the page links.
        await page.locator('body').focus();
        const reached: string[] = [];
        for (let i = 0; i < 6; i++) {
          await page.keyboard.press('Tab');
          reached.push(await page.evaluate(() => document.activeElement?.textContent.trim() ?? ''));
        }
        assert.ok(reached.includes('Overview') && reached.includes('Heart rate'), `Tab went through ${reached.join(' | ')}`);
        const focusVisible = await page.evaluate(() => getComputedStyle(document.activeElement ?? document.body).outlineStyle);
        assert.notEqual(focusVisible, 'none', 'the focused link shows a focus ring');

        await page.getByRole('button', { name: '7D' }).click();
        await page.getByRole('button', { name: '90D' }).click();
        await chartsSettled(page, 1);
        assert.equal(await page.getByRole('button', { name: '90D' }).getAttribute('aria-pressed'), 'true');
        await page.locator('main').focus();
        await page.keyboard.press('Alt+ArrowLeft');
        await page.waitForFunction(() => document.querySelector('button[aria-pressed="true"]')?.textContent === '7D');
        await chartsSettled(page, 1);
        const back = shownSeries(await app.calls(), 'heart_rate');
        assert.equal(back.from, presetWindow('7d', now, ZONE, null).from);
        await page.keyboard.press('Alt+ArrowRight');
        await page.waitForFunction(() => document.querySelector('button[aria-pressed="true"]')?.textContent === '90D');
        await page.keyboard.press('[');
        await page.waitForFunction(() => document.querySelector('button[aria-pressed="true"]')?.textContent === '7D');
        assert.ok(page.url().endsWith('#/heart'), 'Alt+← must not navigate the page history');
        // The help lists the shortcuts.
        await page.keyboard.press('?');
        await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
        await page.keyboard.press('Escape');
        assert.deepEqual(app.errors, []);
      },
      {},
      'heart',
    );
  });

  test('hovering a chart reads out exact values at local times', async () => {
    await withApp(
      async (app) => {
        const { page } = app;
        await page.getByRole('button', { name: '1D' }).click();
        await chartsSettled(page, 1);
        const box = await overlayBox(page, '[data-testid="chart-heart"]');
        assert.ok(box);
        // 1D is today, midnight to midnight: the newest reading is just before
        // "now" (09:30 in Paris), and the pointer at the right edge reads the
        // nearest one. A chart rebuilt after the pointer arrived (a late
        // answer) has no cursor yet, so nudge the pointer until the readout shows.
        const readout = page.locator('[data-testid="chart-heart"] .chart-readout');
        for (let i = 0; i < 50 && !(await readout.isVisible()); i++) {
          await page.mouse.move(box.x + box.width - 2 - (i % 2), box.y + box.height / 2);
          await page.waitForTimeout(100);
        }
        await readout.waitFor();
        const text = await readout.innerText();
        assert.match(text, /Wed,? 18 Mar 2026,? 09:2\d/, `readout in Paris time: ${text}`);
        assert.match(text, /\d+ bpm/);
        assert.match(text, /Resting\s+\d+ bpm/);
        await page.screenshot({ path: join(SHOTS, 'heart-1d-readout-light-1280x800.png') });
      },
      {},
      'heart',
    );
  });

  test('dragging across a chart zooms the shared range', async () => {
    await withApp(
      async (app) => {
        const { page } = app;
        await chartsSettled(page, 1);
        const box = await overlayBox(page, '[data-testid="chart-heart"]');
        assert.ok(box);
        await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
        await page.mouse.down();
        await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 5 });
        await page.mouse.up();
        await page.getByText('zoomed').waitFor();
        await chartsSettled(page, 1);
        const args = shownSeries(await app.calls(), 'heart_rate');
        const month = presetWindow('30d', now, ZONE, null);
        const span = month.to - month.from;
        assert.ok(Math.abs(args.to - args.from - span * 0.3) < span * 0.02, 'zoomed to about 30 % of the month');
        assert.equal(await page.locator('button[aria-pressed="true"]').count(), 0, 'no preset is active after a zoom');
      },
      {},
      'heart',
    );
  });
});

describe('settings', () => {
  test('switching kg → lb saves the units and changes the axis label and values', async () => {
    await withApp(
      async (app) => {
        const { page } = app;
        await chartsSettled(page, 2);
        assert.equal(await page.locator('[data-testid="chart-weight"] .chart-card__ylabel').innerText(), 'Weight (kg)');
        const kgText = await page.getByTestId('stat-weight-latest').locator('dd').innerText();
        const kg = Number(/([\d.]+) kg/.exec(kgText)?.[1]);
        assert.ok(kg > 60 && kg < 100, `latest weight ${kgText}`);

        await visit(app, 'settings', 0);
        await page.getByRole('radio', { name: 'lb', exact: true }).check();
        await page.getByText('Saved').waitFor();
        const saved = lastCall<{ settings: Settings }>(await app.calls(), 'save_settings');
        assert.equal(saved.settings.units.weight, 'lb');
        assert.equal(saved.settings.units.distance, 'km');

        await visit(app, 'weight', 2);
        assert.equal(await page.locator('[data-testid="chart-weight"] .chart-card__ylabel').innerText(), 'Weight (lb)');
        const lbText = await page.getByTestId('stat-weight-latest').locator('dd').innerText();
        const lb = Number(/([\d.,]+) lb/.exec(lbText)?.[1]?.replace(',', ''));
        assert.ok(Math.abs(lb - kg * 2.20462) < 0.15, `${lbText} is not ${kgText} in pounds`);

        // Stones too, in "11 st 9 lb" style on the overview card.
        await visit(app, 'settings', 0);
        await page.getByRole('radio', { name: 'st & lb' }).check();
        await page.getByText('Saved').waitFor();
        await visit(app, 'overview', 0);
        await page.waitForFunction(() => /\d+ st \d+ lb/.test(document.querySelector('[data-testid="card-weight"] [data-testid="card-value"]')?.textContent ?? ''));
        assert.deepEqual(app.errors, []);
      },
      {},
      'weight',
    );
  });

  test('source priority lists each metric’s sources and saves a new order', async () => {
    await withApp(
      async (app) => {
        const { page } = app;
        // Source priority sits in the collapsed "Advanced" section.
        await page.getByTestId('settings-advanced').locator('summary').click();
        const weight = page.getByTestId('priority-weight');
        await weight.waitFor();
        assert.deepEqual(await weight.locator('.priority__name').allInnerTexts(), ['Apple Health', 'Demo data']);
        await page.getByRole('button', { name: 'Move Demo data up for Weight' }).click();
        await page.getByText('Saved').waitFor();
        const saved = lastCall<{ settings: Settings }>(await app.calls(), 'save_settings');
        assert.deepEqual(saved.settings.priority.weight, ['demo', 'apple_health']);
        assert.deepEqual(await weight.locator('.priority__name').allInnerTexts(), ['Demo data', 'Apple Health']);
      },
      {},
      'settings',
    );
  });

  test('background sync is on by default and turning it off saves [sync] background = false', async () => {
    await withApp(
      async (app) => {
        const { page } = app;
        const box = page.getByRole('checkbox', { name: 'Sync connected accounts in the background' });
        assert.ok(await box.isChecked());
        await box.uncheck();
        await page.getByText('Saved').waitFor();
        const saved = lastCall<{ settings: Settings }>(await app.calls(), 'save_settings');
        assert.deepEqual(saved.settings.sync, { background: false });
        assert.equal(saved.settings.units.weight, 'kg', 'the rest is sent unchanged');
        await page.getByTestId('background-sync').scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(SHOTS, 'settings-sync-light-1280x800.png') });
      },
      {},
      'settings',
    );
  });
});

describe('export', () => {
  test('CSV export sends the chosen metrics, range and sources and shows the path', async () => {
    await withApp(
      async (app) => {
        const { page } = app;
        await page.getByRole('button', { name: '90D' }).click();
        await page.getByRole('checkbox', { name: 'Heart rate', exact: true }).check();
        await page.getByRole('checkbox', { name: 'Weight', exact: true }).check();
        await page.getByRole('checkbox', { name: 'Apple Health' }).uncheck();
        await page.getByRole('button', { name: 'Export CSV…' }).click();
        await page.getByTestId('export-result-csv').waitFor();
        const args = lastCall<{ args: CsvExportArgs }>(await app.calls(), 'export_csv').args;
        const window90 = presetWindow('90d', now, ZONE, null);
        assert.deepEqual(args, { metrics: ['heart_rate', 'weight'], from: window90.from, to: window90.to, sources: ['demo'], intraday: false });
        assert.match(await page.getByTestId('export-result-csv').innerText(), /Saved 2,400 rows to \/home\/alex\/Documents\/healthdash-export\.csv/);

        await page.getByLabel('Everything').check();
        await page.getByRole('button', { name: 'Export CSV…' }).click();
        await page.waitForFunction(() => (window as unknown as { __HD__: { calls: { cmd: string }[] } }).__HD__.calls.filter((c) => c.cmd === 'export_csv').length === 2);
        const all = lastCall<{ args: CsvExportArgs }>(await app.calls(), 'export_csv').args;
        assert.equal(all.from, null);
        assert.equal(all.to, null);
      },
      {},
      'export',
    );
  });

  test('chart export sends the current chart’s SeriesArgs, format, size and theme', async () => {
    await withApp(
      async (app) => {
        const { page } = app;
        await chartsSettled(page, 1);
        await visit(app, 'export', 0);
        await page.getByRole('radio', { name: 'SVG' }).check();
        await page.getByRole('button', { name: 'Export SVG…' }).click();
        await page.getByTestId('export-result-chart').waitFor();
        const args = lastCall<{ args: ChartExportArgs }>(await app.calls(), 'export_chart').args;
        const month = presetWindow('30d', now, ZONE, null);
        assert.deepEqual(args, {
          series: { metric: 'heart_rate', from: month.from, to: month.to, max_points: 800, sources: [], zone: ZONE },
          format: 'svg',
          width: 1600,
          height: 900,
          theme: 'light',
        });
        assert.match(await page.getByTestId('export-result-chart').innerText(), /\/home\/alex\/Pictures\/heart_rate\.svg/);
      },
      {},
      'heart',
    );
  });

  test('a cancelled save dialog says so', async () => {
    await withApp(
      async (app) => {
        await app.page.getByRole('button', { name: 'Select all' }).click();
        await app.page.getByRole('button', { name: 'Export CSV…' }).click();
        await app.page.getByText('Export cancelled').waitFor();
      },
      { cancelExport: true },
      'export',
    );
  });
});

describe('demo data', () => {
  test('the demo banner shows while the demo is what is shown', async () => {
    await withApp(async (app) => {
      await app.page.getByTestId('demo-banner').waitFor();
      assert.match(await app.page.getByTestId('demo-banner').innerText(), /Demo data/);
    });
  });

  test('no banner when the data is not the demo', async () => {
    await withApp(
      async (app) => {
        await app.page.getByTestId('card-weight').waitFor();
        assert.equal(await app.page.getByTestId('demo-banner').count(), 0);
      },
      { demo: 'none' },
    );
  });

  test('an empty store offers "Load demo data", shows progress, then the dashboard', async () => {
    await withApp(
      async (app) => {
        const { page } = app;
        await page.getByTestId('empty-state').waitFor();
        await page.screenshot({ path: join(SHOTS, 'empty-light-1280x800.png') });
        await visit(app, 'heart', 0);
        await page.getByTestId('empty-state').waitFor();
        const load = page.getByRole('button', { name: 'Load demo data' });
        await load.click();
        await page.getByTestId('demo-progress').waitFor();
        // `demo-progress` events move the bar (done/total as a percentage).
        await page.getByTestId('demo-progress').getByText(/^[1-9]\d?%$/).waitFor();
        await page.screenshot({ path: join(SHOTS, 'demo-loading-light-1280x800.png') });
        await page.getByTestId('demo-banner').waitFor({ timeout: 10_000 });
        await chartsSettled(page, 1);
        assert.ok(((await colouredPixels(page))['chart-heart'] ?? 0) > 150, 'heart rate drawn after loading the demo');
        assert.ok((await app.calls()).some((c) => c.cmd === 'load_demo'));
        assert.deepEqual(app.errors, []);
      },
      { empty: true },
    );
  });
});

describe('sleep', () => {
  test('clicking a night shows its hypnogram', async () => {
    await withApp(
      async (app) => {
        const { page } = app;
        await page.getByRole('button', { name: '7D' }).click();
        // The week's chart, not the month's: a click on the old chart is lost when it is rebuilt.
        const week = presetWindow('7d', now, ZONE, null);
        // Nights are asked from noon the day before, for the night ending on the first day.
        await page.waitForFunction(
          (from) => document.querySelector('[data-testid="chart-sleep"] .chart')?.getAttribute('data-key')?.includes(`"from":${String(from)}`),
          week.from - 12 * 3600,
        );
        await chartsSettled(page, 2);
        const title = page.locator('[data-testid="chart-hypnogram"] .chart-card__title');
        const latest = await title.innerText();
        const box = await overlayBox(page, '[data-testid="chart-sleep"]');
        assert.ok(box);
        await page.mouse.click(box.x + box.width * 0.08, box.y + box.height * 0.8);
        await page.waitForFunction((t) => document.querySelector('[data-testid="chart-hypnogram"] .chart-card__title')?.textContent !== t, latest);
        await chartsSettled(page, 2);
        const stages = lastCall<{ args: { start: number } }>(await app.calls(), 'night_stages').args;
        assert.ok(stages.start < now - 5 * 86_400, 'the first night of the week was asked for');
        // Bed and wake times: mean ± SD in local clock time.
        assert.match(await page.getByTestId('stat-bedtime').innerText(), /\d\d:\d\d\s*± \d+ min/);
        assert.match(await page.getByTestId('stat-wake').innerText(), /0\d:\d\d\s*± \d+ min/);
      },
      {},
      'sleep',
    );
  });
});

describe('long ranges', () => {
  test('a slow answer for an older range never replaces a newer one', async () => {
    await withApp(
      async (app) => {
        const { page } = app;
        await chartsSettled(page, 1);
        const week = presetWindow('7d', now, ZONE, null);
        const quarter = presetWindow('90d', now, ZONE, null);
        await page.evaluate(`window.__HD_SCENARIO__ = { slowSeriesFrom: ${String(week.from)} }`);
        await page.getByRole('button', { name: '7D' }).click();
        await page.getByRole('button', { name: '90D' }).click();
        await chartsSettled(page, 1);
        await page.waitForTimeout(1800); // the slow 7-day answer arrives now
        const key = await page.locator('[data-testid="chart-heart"] .chart').getAttribute('data-key');
        assert.ok(key?.includes(`"from":${String(quarter.from)}`), `the chart shows ${String(key)}`);
        assert.match(await page.getByTestId('range-label').innerText(), /19 Dec 2025 – 18 Mar 2026/);
      },
      {},
      'heart',
    );
  });

  test('activity bars roll up into ISO weeks past 90 days and months past ~1.5 years', async () => {
    await withApp(
      async (app) => {
        const { page } = app;
        await chartsSettled(page, 3);
        const bars = (): Promise<string | null> => page.locator('[data-testid="chart-steps"] .chart').getAttribute('data-points');
        assert.equal(await bars(), '30');
        await page.getByRole('button', { name: '1Y' }).click();
        await page.getByText('Steps (per day, weekly average)').waitFor();
        // The label switches before the wider range's data arrives: wait for the bars.
        await barsSettle(page, ['53', '54']);
        await chartsSettled(page, 3);
        assert.ok(['53', '54'].includes((await bars()) ?? ''), `weeks in a year: ${String(await bars())}`);
        // The weeks are the backend's: asked for by granularity, in the viewer's zone.
        const weekly = lastCall<{ args: { metric: string; granularity: string; zone: string } }>(
          await app.calls(),
          'daily_buckets',
          (a) => a.args.metric === 'steps',
        ).args;
        assert.deepEqual([weekly.granularity, weekly.zone], ['week', ZONE]);
        await page.screenshot({ path: join(SHOTS, 'activity-1y-light-1280x800.png') });
        await page.getByRole('button', { name: 'All' }).click();
        await page.getByText('Steps (per day, monthly average)').waitFor();
        await barsSettle(page, ['36', '37']);
        await chartsSettled(page, 3);
        assert.ok(['36', '37'].includes((await bars()) ?? ''), `months in three years: ${String(await bars())}`);
        await page.screenshot({ path: join(SHOTS, 'activity-all-light-1280x800.png') });
      },
      {},
      'activity',
    );
  });

  test('all data: heart rate and sleep stay readable over three years', async () => {
    await withApp(
      async (app) => {
        const { page } = app;
        await page.emulateMedia({ colorScheme: 'dark' });
        await page.keyboard.press('6'); // "All"
        await chartsSettled(page, 1);
        const args = shownSeries(await app.calls(), 'heart_rate');
        assert.ok(args.to - args.from > 3 * 360 * 86_400, 'All spans the catalogue');
        const points = Number(await page.locator('[data-testid="chart-heart"] .chart').getAttribute('data-points'));
        // Heart rate and resting heart rate, each within max_points, share the x axis.
        assert.ok(points > 100 && points <= 2 * args.max_points, `${String(points)} x values for max_points ${String(args.max_points)}`);
        await page.screenshot({ path: join(SHOTS, 'heart-all-dark-1280x800.png') });
        await visit(app, 'sleep', 2);
        await page.getByText('Average per night, by month').waitFor();
        await page.screenshot({ path: join(SHOTS, 'sleep-all-dark-1280x800.png') });
        assert.deepEqual(app.errors, []);
      },
      {},
      'heart',
    );
  });
});

describe('connections', () => {
  const card = (app: AppPage) => app.page.getByTestId('provider-withings');
  /** Emits a backend event through the mock, as the Rust side would. */
  const emit = (app: AppPage, event: string, payload: unknown) =>
    app.page.evaluate(([e, p]) => (window as unknown as { __HD_CTL__: { emit: (e: string, p: unknown) => Promise<unknown> } }).__HD_CTL__.emit(e, p), [
      event,
      payload,
    ] as const);
  const setWithings = (app: AppPage, patch: Record<string, unknown>) =>
    app.page.evaluate((p) => {
      (window as unknown as { __HD_CTL__: { setWithings: (p: unknown) => void } }).__HD_CTL__.setWithings(p);
    }, patch);

  for (const scheme of ['light', 'dark'] as const) {
    test(`connect shows the waiting state with the link and a copy button, then Connected (${scheme})`, async () => {
      await withApp(
        async (app) => {
          const { page } = app;
          await page.emulateMedia({ colorScheme: scheme });
          await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: files.env().url });
          await card(app).getByRole('button', { name: 'Connect' }).click();
          const waiting = card(app).getByTestId('sign-in-waiting');
          await waiting.getByText('Waiting for Withings in your browser…').waitFor();
          const shown = await waiting.getByTestId('authorization-url').innerText();
          assert.match(shown, /^https:\/\/account\.withings\.com\/oauth2_user\/authorize2\?/);
          await waiting.getByRole('button', { name: 'Copy the sign-in link' }).click();
          await waiting.getByText('Copied').waitFor();
          assert.equal(await page.evaluate(() => navigator.clipboard.readText()), shown);
          assert.ok(await waiting.getByTestId('paste-input').isVisible());
          assert.equal(await card(app).getByRole('button', { name: 'Connect' }).count(), 0, 'no second Connect while waiting');
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert.ok(overflow <= 0, `the waiting card is ${String(overflow)} px too wide`);
          await page.screenshot({ path: join(SHOTS, `connections-waiting-${scheme}-1280x800.png`) });

          await setWithings(app, { status: 'connected', connecting: false, connected_at: now });
          await emit(app, 'connect-finished', { provider: 'withings', ok: true, error: null, cancelled: false });
          await page.waitForFunction(() => document.querySelector('[data-testid="provider-withings"]')?.getAttribute('data-status') === 'connected');
          assert.equal(await card(app).getByTestId('provider-status').innerText(), 'Connected');
          assert.equal(await card(app).getByTestId('sign-in-waiting').count(), 0);
          // The first sync starts by itself.
          await card(app).getByTestId('sync-progress').waitFor();
          assert.deepEqual(
            (await app.calls()).filter((c) => c.cmd === 'sync_now').map((c) => c.args),
            [{ provider: 'withings' }],
          );
          await setWithings(app, { syncing: false, last_sync: now });
          // A slow providers answer: the notice must wait for the card's new
          // "Last sync" line, never stand beside "Never synced".
          await page.evaluate(() => {
            const w = window as unknown as { __HD_SCENARIO__?: { latency?: number } };
            w.__HD_SCENARIO__ = { ...(w.__HD_SCENARIO__ ?? {}), latency: 300 };
          });
          await emit(app, 'sync-progress', {
            kind: 'finished',
            provider: 'withings',
            records: 48210,
            arrived: [
              { metric: 'weight', count: 303 },
              { metric: 'fat_mass', count: 303 },
              { metric: 'sleep_duration', count: 365 },
              { metric: 'workout', count: 146 },
            ],
          });
          await card(app).getByText('Sync finished: 303 weigh-ins, 365 nights, 146 workouts and 303 other values.').waitFor();
          assert.match(await card(app).getByTestId('provider-last-sync').innerText(), /^Last sync /);
          await page.evaluate(() => {
            const w = window as unknown as { __HD_SCENARIO__?: { latency?: number } };
            w.__HD_SCENARIO__ = { ...(w.__HD_SCENARIO__ ?? {}), latency: 15 };
          });
          await card(app).getByRole('button', { name: 'Sync now' }).waitFor();
          await page.screenshot({ path: join(SHOTS, `connections-connected-${scheme}-1280x800.png`) });
          assert.deepEqual(app.errors, []);
        },
        {},
        'connections',
      );
    });
  }

  test('a pasted address finishes the sign-in; Cancel ends the waiting', async () => {
    await withApp(
      async (app) => {
        const { page } = app;
        await card(app).getByRole('button', { name: 'Connect' }).click();
        await card(app).getByTestId('paste-input').fill('http://127.0.0.1:53682/callback?code=abc&state=Yq3v');
        await card(app).getByRole('button', { name: 'Finish sign-in' }).click();
        await page.waitForFunction(() => document.querySelector('[data-testid="provider-withings"]')?.getAttribute('data-status') === 'connected');
        const paste = lastCall<{ provider: string; url: string }>(await app.calls(), 'connect_paste');
        assert.deepEqual(paste, { provider: 'withings', url: 'http://127.0.0.1:53682/callback?code=abc&state=Yq3v' });
        // The answer and the connect-finished event both report the sign-in: one first sync.
        await emit(app, 'connect-finished', { provider: 'withings', ok: true, error: null, cancelled: false });
        await card(app).getByTestId('sync-progress').waitFor();
        assert.equal((await app.calls()).filter((c) => c.cmd === 'sync_now').length, 1);
        assert.equal(await card(app).getByTestId('provider-notice').count(), 0, 'no error notice from a second sync');
        assert.deepEqual(app.errors, []);
      },
      {},
      'connections',
    );
    await withApp(
      async (app) => {
        await card(app).getByRole('button', { name: 'Connect' }).click();
        await card(app).getByTestId('sign-in-waiting').waitFor();
        await card(app).getByRole('button', { name: 'Cancel' }).click();
        await card(app).getByRole('button', { name: 'Connect' }).waitFor();
        assert.equal(await card(app).getByTestId('sign-in-waiting').count(), 0);
        assert.ok((await app.calls()).some((c) => c.cmd === 'cancel_connect'));
      },
      {},
      'connections',
    );
  });

  test('the sync progress bar follows sync-progress events and goes away when finished', async () => {
    await withApp(
      async (app) => {
        const { page } = app;
        await page.getByTestId('provider-last-sync').getByText('Last sync 5 min ago').waitFor();
        const title = await page.getByTestId('provider-last-sync').locator('time').getAttribute('title');
        assert.match(title ?? '', /Wed,? 18 Mar 2026,? 09:25/, `absolute local time on hover: ${String(title)}`);
        await card(app).getByRole('button', { name: 'Sync now' }).click();
        const bar = card(app).getByTestId('sync-bar');
        await bar.waitFor();
        await emit(app, 'sync-progress', { kind: 'started', provider: 'withings' });
        await emit(app, 'sync-progress', { kind: 'page', provider: 'withings', stream: 'activity', position: [45, 180], records: 1200 });
        await page.waitForFunction(() => document.querySelector<HTMLProgressElement>('[data-testid="sync-bar"]')?.value === 25);
        assert.equal(await card(app).getByTestId('sync-text').innerText(), 'Daily activity · 45 of 180 days · 1,200 records');
        // The checklist: the streams before it are done, those after it wait.
        const steps = await card(app)
          .getByTestId('sync-steps')
          .locator('li')
          .evaluateAll((items) => items.map((li) => `${li.getAttribute('data-state') ?? ''} ${li.textContent.replace(/:.*/, '').slice(1)}`));
        assert.deepEqual(steps, [
          'done Devices',
          'done Weigh-ins and measurements',
          'running Daily activity45 of 180 days',
          'waiting Workouts',
          'waiting Sleep',
          'waiting Minute-by-minute heart rate and steps',
        ]);
        await page.screenshot({ path: join(SHOTS, 'connections-syncing-light-1280x800.png') });
        await emit(app, 'sync-progress', { kind: 'page', provider: 'withings', stream: 'activity', position: [135, 180], records: 3600 });
        await page.waitForFunction(() => document.querySelector<HTMLProgressElement>('[data-testid="sync-bar"]')?.value === 75);
        assert.equal(await card(app).getByRole('button', { name: 'Sync now' }).count(), 0, 'no second sync while one runs');
        assert.ok(await page.getByTestId('nav-syncing').isVisible(), 'the nav shows a sync runs');
        await setWithings(app, { syncing: false, last_sync: now });
        // Everything read again, nothing new: said as such.
        await emit(app, 'sync-progress', { kind: 'finished', provider: 'withings', records: 3650, arrived: [] });
        await card(app).getByTestId('sync-progress').waitFor({ state: 'detached' });
        assert.equal(await page.getByTestId('nav-syncing').count(), 0);
        await card(app).getByText('Up to date: nothing new since the last sync.').waitFor();
        await card(app).getByRole('button', { name: 'Sync now' }).waitFor();
        assert.deepEqual(
          (await app.calls()).filter((c) => c.cmd === 'sync_now').map((c) => c.args),
          [{ provider: 'withings' }],
        );
        assert.deepEqual(app.errors, []);
      },
      { withings: 'connected' },
      'connections',
    );
  });

  test('a background sync that starts on another page shows by Connections and on its card', async () => {
    await withApp(
      async (app) => {
        const { page } = app;
        await chartsSettled(page, 2);
        await setWithings(app, { syncing: true });
        await emit(app, 'sync-progress', { kind: 'started', provider: 'withings' });
        await emit(app, 'sync-progress', { kind: 'page', provider: 'withings', stream: 'activity', position: [90, 180], records: 2400 });
        await page.getByTestId('nav-syncing').waitFor();
        await page.screenshot({ path: join(SHOTS, 'nav-syncing-light-1280x800.png'), clip: { x: 0, y: 0, width: 320, height: 420 } });
        await page.getByRole('link', { name: 'Connections' }).click();
        await page.waitForFunction(() => document.querySelector<HTMLProgressElement>('[data-testid="sync-bar"]')?.value === 50);
        assert.equal(await card(app).getByTestId('sync-text').innerText(), 'Daily activity · 90 of 180 days · 2,400 records');
        assert.equal((await app.calls()).filter((c) => c.cmd === 'sync_now').length, 0, 'nobody pressed Sync now');
        assert.deepEqual(app.errors, []);
      },
      { withings: 'connected' },
    );
  });

  test('"Sync now" pressed just as the background sync starts: its progress shows, no error', async () => {
    await withApp(
      async (app) => {
        await card(app).getByRole('button', { name: 'Sync now' }).waitFor();
        await setWithings(app, { syncing: true });
        await card(app).getByRole('button', { name: 'Sync now' }).click();
        await emit(app, 'sync-progress', { kind: 'page', provider: 'withings', stream: 'activity', position: [45, 180], records: 1200 });
        await app.page.waitForFunction(() => document.querySelector<HTMLProgressElement>('[data-testid="sync-bar"]')?.value === 25);
        assert.equal(lastCall<{ provider: string }>(await app.calls(), 'sync_now').provider, 'withings');
        assert.equal(await card(app).getByTestId('provider-notice').count(), 0, 'no "syncing already" error');
        assert.deepEqual(app.errors, []);
      },
      { withings: 'connected' },
      'connections',
    );
  });

  test('an error that names its fix offers it as a button', async () => {
    await withApp(
      async (app) => {
        await card(app).getByRole('button', { name: 'Sync now' }).click();
        const notice = card(app).getByTestId('provider-notice');
        await notice.waitFor();
        assert.match(await notice.innerText(), /^Withings no longer accepts the saved sign-in\. Press “Sign in again”\. Your data on this computer is kept\./);
        assert.doesNotMatch(await notice.innerText(), /healthdash connect/, 'no CLI command in the app');
        await app.page.screenshot({ path: join(SHOTS, 'connections-error-fix-light-1280x800.png') });
        await notice.getByTestId('notice-fix').click();
        await card(app).getByTestId('sign-in-waiting').waitFor();
        assert.equal(lastCall<{ provider: string }>(await app.calls(), 'connect').provider, 'withings');
        assert.deepEqual(app.errors, []);
      },
      { withings: 'connected', syncNeedsSignIn: true },
      'connections',
    );
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`needs sign-in shows the error and "Sign in again" (${scheme})`, async () => {
      await withApp(
        async (app) => {
          const { page } = app;
          await page.emulateMedia({ colorScheme: scheme });
          assert.equal(await card(app).getByTestId('provider-status').innerText(), 'Needs sign-in');
          assert.match(await card(app).getByTestId('provider-error').innerText(), /^Withings no longer accepts the saved sign-in\. .*Your data on this computer is kept\./);
          await card(app).getByRole('button', { name: 'Sign in again' }).click();
          await card(app).getByTestId('sign-in-waiting').waitFor();
          assert.equal(lastCall<{ provider: string }>(await app.calls(), 'connect').provider, 'withings');
          await card(app).getByRole('button', { name: 'Cancel' }).click();
          await card(app).getByRole('button', { name: 'Sign in again' }).waitFor();
          await page.screenshot({ path: join(SHOTS, `connections-needs-sign-in-${scheme}-1280x800.png`) });
          assert.deepEqual(app.errors, []);
        },
        { withings: 'needs_sign_in', secretsFile: scheme === 'dark' },
        'connections',
      );
    });
  }

  test('disconnect asks first and sends purge=true with "also delete cached data"', async () => {
    await withApp(
      async (app) => {
        await card(app).getByRole('button', { name: 'Disconnect' }).click();
        const confirm = card(app).getByTestId('confirm-disconnect');
        await confirm.getByText('also delete cached data (48,210 records)').waitFor();
        await confirm.getByRole('button', { name: 'Keep connected' }).click();
        await confirm.waitFor({ state: 'detached' });
        assert.equal((await app.calls()).filter((c) => c.cmd === 'disconnect').length, 0);

        await card(app).getByRole('button', { name: 'Disconnect' }).click();
        await card(app).getByTestId('purge').check();
        await card(app).getByTestId('confirm-disconnect').getByRole('button', { name: 'Disconnect' }).click();
        await app.page.waitForFunction(() => document.querySelector('[data-testid="provider-withings"]')?.getAttribute('data-status') === 'not_connected');
        assert.deepEqual(lastCall(await app.calls(), 'disconnect'), { provider: 'withings', purge: true });
        await card(app).getByText('Disconnected; 48,210 cached records deleted.').waitFor();
        assert.deepEqual(app.errors, []);
      },
      { withings: 'connected' },
      'connections',
    );
  });

  test('the own-app form sends set_client; the secret is a password field; it names the relay address to register', async () => {
    await withApp(
      async (app) => {
        const own = card(app).getByTestId('own-app');
        await own.locator('summary').click();
        assert.equal(await own.getByTestId('client-secret').getAttribute('type'), 'password');
        await own.getByTestId('client-id').fill(' my-client-id ');
        await own.getByTestId('client-secret').fill('my-secret');
        await own.getByRole('button', { name: 'Save', exact: true }).click();
        await card(app).getByText('Client ID saved.').waitFor();
        assert.deepEqual(lastCall(await app.calls(), 'set_client'), { provider: 'withings', clientId: 'my-client-id', clientSecret: 'my-secret' });
        assert.equal(await own.getByTestId('client-secret').inputValue(), '', 'the secret is not kept in the form');
        // The relay page is set up (config.toml names it): that exact address is what to register.
        assert.equal(await own.getByTestId('redirect-uri').innerText(), 'https://alex.github.io/healthdash-relay/');
        assert.equal(await own.getByTestId('relay-help').count(), 0);
        await own.getByRole('button', { name: 'Open the Withings developer page' }).click();
        assert.deepEqual(lastCall(await app.calls(), 'open_developer_page'), { provider: 'withings' });
        await app.page.setViewportSize({ width: 1024, height: 700 });
        await app.page.waitForTimeout(300);
        const overflow = await app.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `connections is ${String(overflow)} px wider than 1024`);
        await app.page.screenshot({ path: join(SHOTS, 'connections-own-app-light-1024x700.png'), fullPage: true });
        assert.deepEqual(app.errors, []);
      },
      { withings: 'connected' },
      'connections',
    );
  });

  test('unsupported providers are one line naming them, with no cards or buttons', async () => {
    await withApp(
      async (app) => {
        await app.page.getByTestId('providers-coming').getByText('Coming: Personicle').waitFor();
        assert.equal(await app.page.getByTestId('provider-personicle').count(), 0);
      },
      { planned: ['personicle'] },
      'connections',
    );
  });
});
