/**
 * Debian's Chromium driven by playwright-core (no downloaded browser), with
 * the launch flags of shared/recipes/TAURI-HEADLESS.md, and page helpers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { Call, Scenario } from '../fixtures/mock';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ZONE = 'Europe/Paris';
/** A fixed "now" (a Wednesday morning in Paris) so data and screenshots repeat. */
export const NOW = new Date('2026-03-18T08:30:00Z');

export interface Browser {
  context: BrowserContext;
  close: () => Promise<void>;
}

export async function launch(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'healthdash-ui-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 800 },
    timezoneId: ZONE,
    locale: 'en-GB',
    colorScheme: 'light',
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface AppPage {
  page: Page;
  /** Console errors and uncaught exceptions seen so far. */
  errors: string[];
  calls: () => Promise<Call[]>;
  goto: (route: string) => Promise<void>;
  close: () => Promise<void>;
}

/** A fresh page with the IPC mock installed, the clock fixed, on `route`. */
export async function openApp(b: Browser, baseUrl: string, mock: string, scenario: Scenario = {}, route = 'overview'): Promise<AppPage> {
  const page = await b.context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => {
    errors.push(e.message);
  });
  await page.clock.setFixedTime(NOW);
  await page.addInitScript(`window.__HD_SCENARIO__ = ${JSON.stringify(scenario)};`);
  await page.addInitScript(mock);
  // A clean slate: no theme or goal left over from another test.
  await page.addInitScript('try { localStorage.clear(); } catch {}');
  await page.goto(`${baseUrl}/#/${route}`);
  await page.waitForSelector('html[data-ready="true"]');
  const app: AppPage = {
    page,
    errors,
    calls: () => page.evaluate<Call[]>('window.__HD__.calls'),
    goto: async (r: string) => {
      await page.evaluate(`window.location.hash = '#/${r}'`);
      await page.waitForSelector(`main[data-page="${r}"]`);
    },
    close: () => page.close(),
  };
  return app;
}

/** Waits until every chart on the page has drawn and no chart is loading. */
export async function chartsSettled(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (n) =>
      document.querySelectorAll('.chart canvas').length >= n &&
      document.querySelectorAll('[aria-busy="true"]').length === 0,
    count,
    { timeout: 15_000 },
  );
  // Two frames: uPlot draws on the next animation frame after setData.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/**
 * Coloured pixels on each chart canvas. Axes, grid and text are grey, the
 * series are saturated colours: an empty or failed chart counts ~0.
 */
export async function colouredPixels(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const out: Record<string, number> = {};
    document.querySelectorAll('[data-testid^="chart-"]').forEach((card) => {
      const canvas = card.querySelector('canvas');
      const id = card.getAttribute('data-testid') ?? '?';
      if (!canvas) {
        out[id] = -1;
        return;
      }
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        const r = data[i] ?? 0;
        const g = data[i + 1] ?? 0;
        const b = data[i + 2] ?? 0;
        const a = data[i + 3] ?? 0;
        if (a > 100 && Math.max(r, g, b) - Math.min(r, g, b) > 60) n++;
      }
      out[id] = n;
    });
    return out;
  });
}
