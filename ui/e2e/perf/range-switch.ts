/**
 * `npm run -s perf:range`: how long a range switch All → 1D takes until
 * painted, in headless Chromium with the mocked backend (10 years of data,
 * 1 ms per command like the real IPC). A measurement, not a test: it prints
 * numbers and asserts nothing.
 *
 * "Painted" is the definition of tests/e2e/measure.rs: the range label has
 * changed, nothing is aria-busy, then two animation frames. Five timed
 * switches per page give median/min/max; five more under a CDP trace give
 * the breakdown: the app's own spans (src/lib/perf.ts: Preact renders, uPlot
 * work, IPC waits) and the renderer's style, layout and paint time, and how
 * long its main thread sat idle (waiting for answers, timers and frames).
 *
 * Options: `--pages heart,sleep` (default heart,activity,weight),
 * `--rounds N` (default 5), `--json` (one JSON line per page as well),
 * `--trace DIR` (each page's last traced switch as DIR/<page>.json, for
 * Chromium's DevTools Performance panel), `--dist DIR` (serve another build
 * of the UI, e.g. one of an older commit, to compare on the same machine load).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CDPSession, Page } from 'playwright-core';
import type { Span } from '../../src/lib/perf';
import type { Scenario } from '../fixtures/mock';
import { launch } from '../support/browser';
import { DIST, appCsp, ensureBuilt, mockScript } from '../support/build';
import { serveDir } from '../support/server';

/** Each measured page and the charts it draws once settled. */
// The overview has no range bar (it always shows today), so it is not here;
// sleep draws no canvas on 1D when the mock's last night is missing.
const CHARTS: Record<string, number> = { heart: 1, activity: 4, weight: 2, sleep: 0 };
const SCENARIO: Scenario = { years: 10, latency: 1, memoSeries: true };

const { values: opts } = parseArgs({
  options: {
    pages: { type: 'string', default: 'heart,activity,weight' },
    trace: { type: 'string' },
    dist: { type: 'string' },
    rounds: { type: 'string', default: '5' },
    json: { type: 'boolean', default: false },
  },
});
const pages = opts.pages.split(',').filter((p) => p in CHARTS);
const rounds = Math.max(1, Number(opts.rounds) || 5);

/** Settled on `preset`: its button pressed, charts drawn, nothing busy, two frames. */
async function settleOn(page: Page, preset: string, charts: number): Promise<void> {
  await page.waitForFunction(
    ([p, n]) =>
      document.querySelector(`button[data-preset="${p}"]`)?.getAttribute('aria-pressed') === 'true' &&
      document.querySelectorAll('.chart canvas').length >= n &&
      document.querySelectorAll('[aria-busy="true"]').length === 0,
    [preset, charts] as const,
    { timeout: 20_000 },
  );
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  // Let effects and late answers of the previous switch finish.
  await page.waitForTimeout(300);
}

interface Switch {
  /** Click → painted (ms). */
  ms: number;
  /** performance.now() at the click. */
  t0: number;
}

/**
 * One click on 1D, timed inside the page exactly as tests/e2e/measure.rs does.
 * A string, not a function: tsx would wrap named inner functions in a helper
 * the page does not have.
 */
const SWITCH_TO_1D = `new Promise((done) => {
  const label = () => document.querySelector('[data-testid="range-label"]')?.textContent;
  const before = label();
  performance.mark('hd-switch');
  const t0 = performance.now();
  document.querySelector('button[data-preset="1d"]').click();
  const poll = () => {
    if (label() !== before && !document.querySelector('[aria-busy="true"]')) {
      requestAnimationFrame(() => requestAnimationFrame(() => done({ ms: performance.now() - t0, t0 })));
    } else {
      setTimeout(poll, 2);
    }
  };
  poll();
})`;

function switchTo1d(page: Page): Promise<Switch> {
  return page.evaluate<Switch>(SWITCH_TO_1D);
}

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: Record<string, unknown>;
}

/** One switch under a CDP trace of the renderer. */
async function traced(cdp: CDPSession, page: Page): Promise<{ sw: Switch; events: TraceEvent[] }> {
  const events: TraceEvent[] = [];
  // The protocol types trace events as string maps; they carry numbers.
  const onData = (e: { value: Record<string, unknown>[] }): void => {
    events.push(...(e.value as unknown as TraceEvent[]));
  };
  cdp.on('Tracing.dataCollected', onData);
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: {
      includedCategories: [
        'devtools.timeline',
        'disabled-by-default-devtools.timeline',
        'toplevel',
        'blink.user_timing',
        // JavaScript samples (by function) only for a saved trace: they cost time.
        ...(opts.trace ? ['v8.execute', 'disabled-by-default-v8.cpu_profiler'] : []),
      ],
    },
  });
  // The first user-timing mark under a trace is slow: not inside the switch.
  await page.evaluate("performance.mark('hd-warm')");
  const sw = await switchTo1d(page);
  const complete = new Promise<void>((resolve) => {
    cdp.once('Tracing.tracingComplete', () => {
      resolve();
    });
  });
  await cdp.send('Tracing.end');
  await complete;
  cdp.off('Tracing.dataCollected', onData);
  return { sw, events };
}

/** Milliseconds per kind of renderer work inside the switch (from its trace). */
function traceBreakdown(events: readonly TraceEvent[], ms: number): Record<string, number> {
  const mark = events.find((e) => e.name === 'hd-switch');
  if (!mark) return {};
  const from = mark.ts;
  const to = from + ms * 1000;
  const main = events.filter((e) => e.pid === mark.pid && e.tid === mark.tid && e.ph === 'X' && e.ts >= from && e.ts < to);
  const sum = (...names: string[]): number => main.filter((e) => names.includes(e.name)).reduce((a, e) => a + (e.dur ?? 0), 0) / 1000;
  const busy = sum('RunTask');
  return {
    style: sum('UpdateLayoutTree', 'RecalculateStyles'),
    layout: sum('Layout'),
    paint: sum('PrePaint', 'Paint', 'Layerize', 'UpdateLayer', 'CompositeLayers'),
    mainThreadBusy: busy,
    mainThreadIdle: Math.max(0, ms - busy),
  };
}

/** Milliseconds per app span kind inside the switch; IPC as wall time from the first ask to the last answer. */
function spanBreakdown(spans: readonly Span[], sw: Switch): Record<string, number> {
  const inside = spans.filter((s) => s.start >= sw.t0 && s.start < sw.t0 + sw.ms);
  const out: Record<string, number> = {};
  for (const s of inside) {
    const key = s.name.startsWith('ipc:') ? 'ipcRequests' : s.name;
    out[key] = (out[key] ?? 0) + (s.name.startsWith('ipc:') ? 1 : s.duration);
  }
  const ipc = inside.filter((s) => s.name.startsWith('ipc:'));
  if (ipc.length > 0) {
    out.ipcWall = Math.max(...ipc.map((s) => s.start + s.duration)) - Math.min(...ipc.map((s) => s.start));
    out.firstAskAfterClick = Math.min(...ipc.map((s) => s.start)) - sw.t0;
  }
  out.renders = inside.filter((s) => s.name === 'render').length;
  return out;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};
const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(1));

async function measurePage(route: string, url: string, mock: string, browser: Awaited<ReturnType<typeof launch>>): Promise<void> {
  const page = await browser.context.newPage();
  // No fixed clock (page.clock) as in the UI tests: it replaces performance.now
  // and performance.mark, which the timing and the trace need.
  await page.addInitScript(`window.__HD_SCENARIO__ = ${JSON.stringify(SCENARIO)};`);
  await page.addInitScript(mock);
  await page.addInitScript('try { localStorage.clear(); } catch {}');
  await page.goto(`${url}/#/${route}`);
  await page.waitForSelector('html[data-ready="true"]');
  const charts = CHARTS[route] ?? 1;
  const cdp = await browser.context.newCDPSession(page);
  const all = async (): Promise<void> => {
    await page.click('button[data-preset="all"]');
    await settleOn(page, 'all', charts);
  };
  // A warm-up switch: the mock computes each answer once, the JIT warms up.
  await all();
  await switchTo1d(page);
  await settleOn(page, '1d', charts);

  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    await all();
    times.push((await switchTo1d(page)).ms);
    await settleOn(page, '1d', charts);
  }
  const parts: Record<string, number[]> = {};
  for (let i = 0; i < rounds; i++) {
    await all();
    const { sw, events } = await traced(cdp, page);
    await settleOn(page, '1d', charts);
    const spans = await page.evaluate<Span[]>(`window.__HD_PERF__.spansSince(${String(sw.t0)})`);
    if (opts.trace && i === rounds - 1) {
      mkdirSync(opts.trace, { recursive: true });
      writeFileSync(join(opts.trace, `${route}.json`), JSON.stringify({ traceEvents: events }));
    }
    const row = { tracedTotal: sw.ms, ...spanBreakdown(spans, sw), ...traceBreakdown(events, sw.ms) };
    for (const [k, v] of Object.entries(row)) (parts[k] ??= []).push(v);
  }
  await page.close();
  const sorted = [...times].sort((a, b) => a - b);
  console.log(
    `${route.padEnd(9)} All → 1D until painted: median ${fmt(median(times))} ms (${fmt(sorted[0] ?? NaN)}–${fmt(sorted[sorted.length - 1] ?? NaN)}), n=${String(rounds)}`,
  );
  const breakdown = Object.entries(parts).map(([k, v]) => `${k} ${fmt(median(v))}`);
  console.log(`          traced medians (ms; counts for renders/ipcRequests): ${breakdown.join(', ')}`);
  if (opts.json) console.log(JSON.stringify({ route, times, parts }));
}

if (!opts.dist) ensureBuilt();
const mock = await mockScript();
const server = await serveDir(opts.dist ?? DIST, appCsp());
const browser = await launch();
try {
  for (const route of pages) await measurePage(route, server.url, mock, browser);
} finally {
  await browser.close();
  await server.close();
}
