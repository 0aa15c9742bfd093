/**
 * The one time range shared by every page: presets, ‹ › stepping by the
 * window's own length, "Today", a picked range of days, zoom, and an
 * undo/redo history of all of these (Alt+←/Alt+→, [ and ]).
 */
import { viewerZone } from '../ipc';
import {
  MIN_SPAN,
  RangeHistory,
  canStepForward,
  daysWindow,
  presetWindow,
  stepWindow,
  type Preset,
  type RangeEntry,
  type TimeWindow,
} from '../lib/range';
import { createStore } from './store';

export { PRESETS, type Preset, type TimeWindow } from '../lib/range';

export interface RangeState extends RangeEntry {
  /** Undo/redo of range changes. */
  canBack: boolean;
  canForward: boolean;
  /** ‹ and ›: "All" has nothing before or after it; › stops at today. */
  canStepBack: boolean;
  canStepForward: boolean;
  /** The window is not the one its preset has now (stepped, zoomed or picked). */
  canToday: boolean;
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);
let extent: TimeWindow | null = null;
/** The preset "Today" returns to from a zoom or a picked range. */
let lastPreset: Preset = '30d';
/** Where "Reset zoom" returns: the last range that was not a zoom. */
let beforeZoom: RangeEntry | null = null;

const history = new RangeHistory({
  window: presetWindow('30d', nowSeconds(), viewerZone(), null),
  preset: '30d',
});

export const rangeStore = createStore<RangeState>(snapshot());

function snapshot(): RangeState {
  const cur = history.current;
  const now = nowSeconds();
  const zone = viewerZone();
  const preset = cur.preset ?? lastPreset;
  const home = presetWindow(preset, now, zone, extent);
  return {
    ...cur,
    canBack: history.canBack,
    canForward: history.canForward,
    canStepBack: cur.preset !== 'all',
    canStepForward: cur.preset !== 'all' && canStepForward(cur.window, now, zone),
    canToday: cur.preset === null || cur.window.from !== home.from || cur.window.to !== home.to,
  };
}

function publish(): void {
  rangeStore.set(snapshot());
}

function push(entry: RangeEntry): void {
  if (entry.preset !== null) lastPreset = entry.preset;
  history.push(entry);
  publish();
}

export function selectPreset(preset: Preset): void {
  push({ window: presetWindow(preset, nowSeconds(), viewerZone(), extent), preset });
}

/** Zooms to a custom window (drag on a chart, click on a weekly bar). */
export function zoomTo(from: number, to: number): void {
  const a = Math.floor(Math.min(from, to));
  let b = Math.ceil(Math.max(from, to));
  if (b - a < MIN_SPAN) b = a + MIN_SPAN;
  const cur = history.current;
  if (cur.preset !== null || cur.custom) beforeZoom = cur;
  push({ window: { from: a, to: b }, preset: null });
}

/** Back to the range before the zoom (or the last preset if that is gone). */
export function resetZoom(): void {
  if (beforeZoom) push(beforeZoom);
  else selectPreset(lastPreset);
}

/** The local days `first` to `last` (inclusive), from the date picker. */
export function pickDays(first: string, last: string): void {
  push({ window: daysWindow(first, last, viewerZone()), preset: null, custom: true });
}

/** ‹ (−1) and › (+1): the window before or after, as long as this one. */
export function stepRange(dir: -1 | 1): void {
  const cur = history.current;
  if (cur.preset === 'all') return;
  const next = stepWindow(cur.window, dir, nowSeconds(), viewerZone());
  if (next) push({ ...cur, window: next });
}

/** "Today": the current preset (or the last one used) ending now. */
export function goToday(): void {
  selectPreset(history.current.preset ?? lastPreset);
}

export function goBack(): void {
  history.back();
  publish();
}

export function goForward(): void {
  history.forward();
  publish();
}

/** The catalogue's data extent, for "All"; re-applies "All" if it is showing. */
export function setDataExtent(next: TimeWindow | null): void {
  extent = next;
  if (history.current.preset === 'all' && next) {
    const window = presetWindow('all', nowSeconds(), viewerZone(), next);
    const cur = history.current.window;
    if (cur.from !== window.from || cur.to !== window.to) {
      history.push({ window, preset: 'all' });
    }
  }
  publish();
}
