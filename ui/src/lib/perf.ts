/**
 * Cheap, always-on timing spans: where a range switch spends its time
 * (Preact renders, uPlot work, waiting for the backend). Kept in a small
 * ring (no growing `performance` entry buffer) and read by the measurement
 * script in e2e/perf through `window.__HD_PERF__`.
 */
import { options } from 'preact';

export interface Span {
  /** What ran: `render`, `uplot:create`, `uplot:update`, `ipc:series`, … */
  name: string;
  /** performance.now() at its start (ms). */
  start: number;
  duration: number;
}

/** Enough for a few range switches; older spans are dropped. */
const KEEP = 400;
const spans: Span[] = [];

export function recordSpan(name: string, start: number, end: number = performance.now()): void {
  if (spans.length >= KEEP) spans.splice(0, spans.length - KEEP + 1);
  spans.push({ name, start, duration: end - start });
}

/** Runs `fn` and records how long it took under `name`. */
export function timed<T>(name: string, fn: () => T): T {
  const start = performance.now();
  try {
    return fn();
  } finally {
    recordSpan(name, start);
  }
}

/** The spans since `since` (performance.now() ms), oldest first. */
export function spansSince(since: number): Span[] {
  return spans.filter((s) => s.start >= since);
}

/**
 * Times every batch of Preact re-renders (the diff and DOM commit, with
 * layout effects; not the passive effects that run after the next paint).
 */
export function installRenderTiming(): void {
  const previous = options.debounceRendering?.bind(options);
  const defer = previous ?? queueMicrotask;
  options.debounceRendering = (flush) => {
    defer(() => {
      timed('render', flush);
    });
  };
  (window as unknown as { __HD_PERF__?: unknown }).__HD_PERF__ = { spansSince };
}
