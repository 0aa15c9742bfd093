/**
 * Accessibility and formatting in the built UI (headless Chromium, mocked
 * IPC): the skip link, charts from the keyboard and as tables, shortcuts
 * behind a dialog, graphics contrast, and numbers under the POSIX locale.
 * Screenshots of every page (light/dark, 1280×800 and 1024×700) go to
 * $A11Y_SHOTS (default ui/test-results/a11y/).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { chromium, type Page } from 'playwright-core';
import { chartsSettled, CHROMIUM, NOW, ZONE, type AppPage } from './support/browser';
import { UI_DIR } from './support/build';
import { suite } from './support/suite';
import { Person } from './fixtures/generate';

const SHOTS = process.env.A11Y_SHOTS ?? join(UI_DIR, 'test-results', 'a11y');
mkdirSync(SHOTS, { recursive: true });

const PAGES = [
  { route: 'overview', charts: 2 },
  { route: 'heart', charts: 1 },
  { route: 'sleep', charts: 2 },
  { route: 'activity', charts: 3 },
  { route: 'weight', charts: 2 },
  { route: 'export', charts: 0 },
  { route: 'connections', charts: 0 },
  { route: 'settings', charts: 0 },
] as const;

const files = suite();

async function withApp(fn: (app: AppPage) => Promise<void>, route = 'overview'): Promise<void> {
  const app = await files.open({}, route);
  try {
    await fn(app);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
}

const liveText = (page: Page, card: string): Promise<string> => page.locator(`[data-testid="${card}"] [data-testid="live-readout"]`).innerText();

/** The hover readout as one line, built the way the live region words it. */
async function readoutLine(page: Page, card: string): Promise<string> {
  return page.evaluate((sel) => {
    const box = document.querySelector(`[data-testid="${sel}"] .chart-readout`);
    if (!(box instanceof HTMLElement) || box.hidden) return '';
    const title = box.querySelector('.chart-readout__title')?.textContent ?? '';
    const rows = [...box.querySelectorAll('.chart-readout__row')].map((row) => {
      const [, label, value] = [...row.children].map((c) => c.textContent);
      return `${label ?? ''} ${value ?? ''}`;
    });
    return `${title}: ${rows.join(', ')}`;
  }, card);
}

describe('skip link', () => {
  test('focuses the page content and keeps the route', async () => {
    await withApp(async ({ page }) => {
      await chartsSettled(page, 1);
      await page.locator('body').focus();
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.textContent.trim()), 'Skip to content');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.activeElement?.id === 'main');
      assert.equal(await page.evaluate(() => window.location.hash), '#/heart');
      assert.equal(await page.locator('main').getAttribute('data-page'), 'heart');
      // The next Tab continues inside the page, not at the navigation.
      await page.keyboard.press('Tab');
      assert.ok(await page.evaluate(() => document.getElementById('main')?.contains(document.activeElement)), 'Tab after the skip link stays in main');
    }, 'heart');
  });
});

describe('charts from the keyboard', () => {
  test('←/→, Home and End move a cursor; the live region reads the tooltip’s values', async () => {
    await withApp(async ({ page }) => {
      await page.getByRole('button', { name: '1D' }).click();
      await chartsSettled(page, 1);
      const chart = page.locator('[data-testid="chart-heart"] .chart');
      await chart.focus();
      await page.keyboard.press('End');
      // 1D is today: the last bucket ends at "now", 09:30 in Paris.
      const last = await liveText(page, 'chart-heart');
      assert.match(last, /^Wed,? 18 Mar 2026,? 09:2\d.*: (Mean|Heart rate) \d+ bpm/, last);
      assert.equal(await readoutLine(page, 'chart-heart'), last, 'the tooltip shows what is announced');
      await page.keyboard.press('ArrowLeft');
      const before = await liveText(page, 'chart-heart');
      assert.notEqual(before, last);
      assert.match(before, /^Wed,? 18 Mar 2026,? 09:[0-2]\d/, before);
      await page.keyboard.press('ArrowRight');
      assert.equal(await liveText(page, 'chart-heart'), last);
      await page.keyboard.press('Home');
      assert.match(await liveText(page, 'chart-heart'), /^Wed,? 18 Mar 2026,? 00:0\d/, 'the first bucket of today');
      // Arrow keys moved the cursor only: the range stayed where it was.
      assert.equal(await page.getByRole('button', { name: '1D' }).getAttribute('aria-pressed'), 'true');
      await page.screenshot({ path: join(SHOTS, 'heart-keyboard-cursor-light-1280x800.png') });
    }, 'heart');
  });

  test('Enter on a sleep bar opens that night, like a click', async () => {
    await withApp(async ({ page }) => {
      await page.getByRole('button', { name: '7D' }).click();
      await chartsSettled(page, 2);
      await page.locator('[data-testid="chart-sleep"] .chart').focus();
      await page.keyboard.press('End');
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('ArrowLeft');
      const text = await liveText(page, 'chart-sleep');
      const night = /^(Night to [^·]+?) ·/.exec(text)?.[1];
      assert.ok(night, `announced: ${text}`);
      assert.match(text, /Asleep \d+ h/);
      await page.keyboard.press('Enter');
      const title = page.locator('[data-testid="chart-hypnogram"] .chart-card__title');
      await page.waitForFunction((want) => document.querySelector('[data-testid="chart-hypnogram"] .chart-card__title')?.textContent === want, night);
      assert.equal(await title.innerText(), night);
    }, 'sleep');
  });

  test('the Table view lists the mock’s values with their units', async () => {
    await withApp(async ({ page }) => {
      await page.getByRole('button', { name: '7D' }).click();
      await chartsSettled(page, 3);
      const card = page.locator('[data-testid="chart-steps"]');
      const toggle = card.getByRole('button', { name: 'Table' });
      assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
      await toggle.click();
      assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
      const table = card.getByRole('table');
      await table.waitFor();
      // Workouts are marked on the steps chart: one column for them; the usual range (issue 17) is one too.
      assert.deepEqual(await table.locator('thead th').allInnerTexts(), ['When', 'Steps', 'Workouts', 'Usual range']);
      const person = new Person(Math.floor(NOW.getTime() / 1000), ZONE);
      const steps = new Intl.NumberFormat('en-GB').format(person.steps('2026-03-16'));
      const row = table.locator('tbody tr', { hasText: /16 Mar 2026/ });
      assert.equal(await row.locator('td').first().innerText(), steps, 'Monday’s steps, as the generator made them');
      assert.ok(steps.includes(','), `a grouped count: ${steps}`);
      // The weight table carries the unit, like the tooltip.
      await page.evaluate(() => {
        window.location.hash = '#/weight';
      });
      await page.waitForSelector('main[data-page="weight"]');
      await chartsSettled(page, 2);
      const weight = page.locator('[data-testid="chart-weight"]');
      await weight.getByRole('button', { name: 'Table' }).click();
      const cells = await weight.locator('tbody td').allInnerTexts();
      assert.ok(cells.length > 3, `weight rows: ${String(cells.length)}`);
      assert.ok(cells.every((c) => c === '—' || /^(Mean of \d+: )?\d+\.\d kg$/.test(c)), cells.join(' | '));
      await page.screenshot({ path: join(SHOTS, 'weight-table-light-1280x800.png') });
      await weight.getByRole('button', { name: 'Table' }).click();
      await chartsSettled(page, 2);
    }, 'activity');
  });
});

describe('shortcuts and dialogs', () => {
  test('no single-key shortcut reaches the page behind the help dialog', async () => {
    await withApp(async ({ page }) => {
      await chartsSettled(page, 1);
      const pressed = (): Promise<string | null> => page.evaluate(() => document.querySelector('.range-bar button[aria-pressed="true"]')?.textContent ?? null);
      const start = await pressed();
      await page.keyboard.press('?');
      await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
      for (const key of ['5', '1', '[', ']']) await page.keyboard.press(key);
      assert.equal(await pressed(), start, 'the range did not change behind the dialog');
      assert.equal(await page.evaluate(() => window.location.hash), '#/heart');
      await page.keyboard.press('Escape');
      await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor({ state: 'hidden' });
      await page.keyboard.press('5');
      await page.waitForFunction(() => document.querySelector('.range-bar button[aria-pressed="true"]')?.textContent === '1Y');
    }, 'heart');
  });
});

/** "rgb(1, 2, 3)" or "rgba(1, 2, 3, 0.6)" (or the space-separated forms) as [r, g, b, a]. */
function rgba(css: string): [number, number, number, number] {
  const parts = (/rgba?\(([^)]+)\)/.exec(css)?.[1] ?? '').split(/[\s,/]+/).filter(Boolean).map(Number);
  assert.ok(parts.length >= 3, `a colour: ${css}`);
  return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts[3] ?? 1];
}

/** WCAG contrast of `fg` (alpha-composited over `bg`) against `bg`. */
function contrast(fg: [number, number, number, number], bg: [number, number, number, number]): number {
  const a = fg[3];
  const over = [0, 1, 2].map((i) => (fg[i] ?? 0) * a + (bg[i] ?? 0) * (1 - a));
  const lum = (c: number[]): number => {
    const [r, g, b] = c.map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
  };
  const [hi, lo] = [lum(over), lum(bg.slice(0, 3))].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}

describe('contrast', () => {
  for (const scheme of ['light', 'dark'] as const) {
    test(`weigh-in dots stand out ≥ 3:1 from the card (${scheme})`, async () => {
      await withApp(async ({ page }) => {
        await page.emulateMedia({ colorScheme: scheme });
        await chartsSettled(page, 2);
        // The browser resolves the custom properties to rgb()/rgba(); the maths is done here.
        const [surface, dot] = await page.evaluate(() => {
          const probe = document.createElement('div');
          document.body.appendChild(probe);
          const out = ['--surface', '--c-weight-point'].map((v) => {
            probe.style.color = `var(${v})`;
            return getComputedStyle(probe).color;
          });
          probe.remove();
          return out;
        });
        const ratio = contrast(rgba(dot ?? ''), rgba(surface ?? ''));
        assert.ok(ratio >= 3, `weigh-in dots: ${ratio.toFixed(2)}:1`);
      }, 'weight');
    });
  }
});

describe('numbers under the POSIX locale', () => {
  test('Chromium started with LANG=C and --lang=C still shows "10,000"', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'healthdash-posix-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--lang=C'],
      env: { ...process.env, LANG: 'C', LC_ALL: 'C', LANGUAGE: '' },
      viewport: { width: 1280, height: 800 },
      timezoneId: ZONE,
    });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.clock.setFixedTime(NOW);
      await page.addInitScript(files.env().mock);
      await page.goto(`${files.env().url}/#/activity`);
      await page.waitForSelector('html[data-ready="true"]');
      await chartsSettled(page, 3);
      const subtitle = await page.locator('[data-testid="chart-steps"] .chart-card__subtitle').innerText();
      assert.match(subtitle, /your goal of 10,000\./, `${subtitle} (navigator.language ${await page.evaluate(() => navigator.language)})`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});

describe('1024×700', () => {
  test('the banner takes one line and what each page is about is in view without scrolling', async () => {
    await withApp(async (app) => {
      const { page } = app;
      await page.setViewportSize({ width: 1024, height: 700 });
      const bottomOf = (selector: string): Promise<number> =>
        page.evaluate((sel) => document.querySelector(sel)?.getBoundingClientRect().bottom ?? Infinity, selector);
      const checks = [
        // The pages grew goal lines, comparisons and more charts: what must be
        // in view is each page's main chart whole, and the start of the next.
        { route: 'sleep', charts: 2, selector: '[data-testid="chart-sleep"]' },
        { route: 'sleep', charts: 2, selector: '[data-testid="chart-hypnogram"] .chart-card__title' },
        { route: 'activity', charts: 3, selector: '[data-testid="chart-steps"]' },
        { route: 'export', charts: 0, selector: '.export fieldset:nth-of-type(3)' },
        { route: 'settings', charts: 0, selector: '[aria-labelledby="theme-title"]' },
      ];
      for (const c of checks) {
        await app.goto(c.route);
        await page.waitForTimeout(400); // the debounced re-measure after the resize
        if (c.charts > 0) await chartsSettled(page, c.charts);
        const lines = await page.evaluate(() => {
          const banner = document.querySelector('[data-testid="demo-banner"]');
          const strong = banner?.querySelector('strong');
          if (!(banner instanceof HTMLElement) || !strong) return 0;
          return banner.clientHeight / strong.getBoundingClientRect().height;
        });
        assert.ok(lines > 0 && lines < 2, `${c.route}: the demo banner is ${lines.toFixed(1)} text lines high`);
        const bottom = await bottomOf(c.selector);
        assert.ok(bottom <= 700, `${c.route}: ${c.selector} ends at ${String(bottom)} px, below the 700 px window`);
      }
      assert.equal(await page.getByTestId('settings-advanced').getAttribute('open'), null, 'Advanced starts collapsed');
    });
  });
});

describe('shrinking the window', () => {
  test('from 1280 to 1024 px leaves no page wider than the window', async () => {
    await withApp(async (app) => {
      const { page } = app;
      for (const route of ['metric/spo2', 'overview', 'heart', 'sleep', 'activity', 'weight', 'body', 'vitals', 'day', 'insights']) {
        await page.setViewportSize({ width: 1280, height: 800 });
        await page.evaluate((r) => {
          window.location.hash = `#/${r}`;
        }, route);
        await page.waitForSelector(`main[data-page="${route.split('/')[0] ?? route}"]`);
        await page.waitForTimeout(400);
        await page.setViewportSize({ width: 1024, height: 700 });
        await page.waitForTimeout(400); // the charts' debounced re-measure
        const wide = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.equal(wide, 1024, `#/${route} is ${String(wide)} px wide in a 1024 px window`);
      }
    });
  });
});

describe('screenshots', () => {
  for (const [width, height] of [
    [1280, 800],
    [1024, 700],
  ] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      test(`every page at ${String(width)}×${String(height)} (${scheme})`, async () => {
        await withApp(async (app) => {
          await app.page.setViewportSize({ width, height });
          await app.page.emulateMedia({ colorScheme: scheme });
          for (const p of PAGES) {
            await app.goto(p.route);
            if (p.charts > 0) await chartsSettled(app.page, p.charts);
            else await app.page.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0);
            await app.page.screenshot({ path: join(SHOTS, `${p.route}-${scheme}-${String(width)}x${String(height)}.png`) });
          }
        });
      });
    }
  }
});
