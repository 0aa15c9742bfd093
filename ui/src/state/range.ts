/**
 * The one time range shared by every page, with presets, zoom and a
 * back/forward history (Alt+←/Alt+→, [ and ]).
 */
import { viewerZone } from '../ipc';
import { MIN_SPAN, RangeHistory, presetWindow, type Preset, type RangeEntry, type TimeWindow } from '../lib/range';
import { createStore } from './store';

export { PRESETS, type Preset, type TimeWindow } from '../lib/range';

export interface RangeState extends RangeEntry {
  canBack: boolean;
  canForward: boolean;
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);
let extent: TimeWindow | null = null;

const history = new RangeHistory({
  window: presetWindow('30d', nowSeconds(), viewerZone(), null),
  preset: '30d',
});

export const rangeStore = createStore<RangeState>(snapshot());

function snapshot(): RangeState {
  return { ...history.current, canBack: history.canBack, canForward: history.canForward };
}

function publish(): void {
  rangeStore.set(snapshot());
}

export function selectPreset(preset: Preset): void {
  history.push({ window: presetWindow(preset, nowSeconds(), viewerZone(), extent), preset });
  publish();
}

/** Zooms to a custom window (drag on a chart, click on a weekly bar). */
export function zoomTo(from: number, to: number): void {
  const a = Math.floor(Math.min(from, to));
  let b = Math.ceil(Math.max(from, to));
  if (b - a < MIN_SPAN) b = a + MIN_SPAN;
  history.push({ window: { from: a, to: b }, preset: null });
  publish();
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
      publish();
    }
  }
}
