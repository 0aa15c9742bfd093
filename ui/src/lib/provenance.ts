/**
 * "Why is this number what it is": the rows of a bucket's sources panel and
 * the layout of the coverage map, as pure functions (components/Provenance.tsx
 * and components/CoverageMap.tsx draw them).
 */
import type uPlot from 'uplot';
import type { CoverageRun, DayState, Provenance } from '../ipc';
import type { Display } from './units';
import { addDays, daysBetween } from './time';
import { sourceName } from './priority';

export interface SourceRow {
  source: string;
  name: string;
  /** "72.4 kg", or "72.0–72.4 kg" style range text in `range`. */
  value: string;
  /** The smallest and largest value behind it, when they differ. */
  range: string | null;
  chosen: boolean;
}

/** One row per source that had data, the chosen one first (the backend's priority order). */
export function sourceRows(p: Provenance, d: Display): SourceRow[] {
  return p.sources.map((s) => ({
    source: s.source,
    name: sourceName(s.source),
    value: d.format(s.value),
    range: s.min < s.max ? `${d.format(s.min)} – ${d.format(s.max)}` : null,
    chosen: s.chosen,
  }));
}

/** A chart bucket: `[from, to)`, Unix seconds. */
export interface BucketSpan {
  from: number;
  to: number;
}

/**
 * A uPlot plugin that reports the data index under the cursor (mouse or
 * keyboard: the chart's keyboard cursor moves uPlot's cursor too), or null
 * when the cursor left the plot. `report` is read at each move, so a new
 * callback needs no new chart.
 */
export function cursorPlugin(report: () => ((idx: number | null) => void) | undefined): uPlot.Plugin {
  return {
    hooks: {
      setCursor: (u) => {
        const idx = u.cursor.idx;
        const left = u.cursor.left ?? -1;
        report()?.(idx === null || idx === undefined || left < 0 ? null : idx);
      },
    },
  };
}

export const STATE_LABEL: Record<DayState, string> = {
  data: 'Data',
  gap: 'Synced, no data',
  not_synced: 'Not synced yet',
  error: 'Sync failed',
};

export const STATES: readonly DayState[] = ['data', 'gap', 'not_synced', 'error'];

/** Days per state over a source's runs. */
export function daysPerState(runs: readonly CoverageRun[]): Record<DayState, number> {
  const out: Record<DayState, number> = { data: 0, gap: 0, not_synced: 0, error: 0 };
  for (const r of runs) out[r.state] += daysBetween(r.first, r.last) + 1;
  return out;
}

/** A run placed on the strip: `x` and `width` in days from the map's first day. */
export interface StripRect {
  x: number;
  width: number;
  state: DayState;
  first: string;
  last: string;
}

/** The runs as rectangles on a strip that starts at `first` (one unit a day). */
export function stripRects(runs: readonly CoverageRun[], first: string): StripRect[] {
  return runs.map((r) => ({
    x: daysBetween(first, r.first),
    width: daysBetween(r.first, r.last) + 1,
    state: r.state,
    first: r.first,
    last: r.last,
  }));
}

/** A series point's bucket; a single reading (`end` = `t`) is its own second. */
export function pointSpan(p: { t: number; end: number } | undefined): BucketSpan | null {
  return p ? { from: p.t, to: Math.max(p.end, p.t + 1) } : null;
}

/**
 * The first day worth drawing: the earliest day any source has data, a sync
 * or a failure (a map asked for ten years would otherwise be mostly "not
 * synced yet"); `last` minus 29 days when nothing was ever synced.
 */
export function mapStart(sources: readonly { runs: readonly CoverageRun[] }[], last: string): string {
  let start: string | null = null;
  for (const s of sources) {
    const first = s.runs.find((r) => r.state !== 'not_synced');
    if (first && (start === null || first.first < start)) start = first.first;
  }
  const month = addDays(last, -29);
  return start === null || start > month ? month : start;
}

/** The runs from `start` on, the first one cut at `start`. */
export function runsFrom(runs: readonly CoverageRun[], start: string): CoverageRun[] {
  return runs.filter((r) => r.last >= start).map((r) => (r.first < start ? { ...r, first: start } : r));
}
