/**
 * Time ranges: presets and a browser-like back/forward history. Pure logic;
 * the app's one shared range lives in state/range.ts.
 */
import { DAY, addDays, localDate, startOfDate, startOfLocalDay } from './time';

/** [from, to) in Unix seconds. */
export interface TimeWindow {
  from: number;
  to: number;
}

export type Preset = '1d' | '7d' | '30d' | '90d' | '1y' | 'all';

export const PRESETS: readonly { id: Preset; label: string; long: string }[] = [
  { id: '1d', label: '1D', long: 'Last 24 hours' },
  { id: '7d', label: '7D', long: 'Last 7 days' },
  { id: '30d', label: '30D', long: 'Last 30 days' },
  { id: '90d', label: '90D', long: 'Last 90 days' },
  { id: '1y', label: '1Y', long: 'Last year' },
  { id: 'all', label: 'All', long: 'All data' },
];

const PRESET_DAYS: Record<Exclude<Preset, '1d' | 'all'>, number> = { '7d': 7, '30d': 30, '90d': 90, '1y': 365 };

/** Smallest zoom: finer than this is below minute data's use. */
export const MIN_SPAN = 15 * 60;

/**
 * The window of a preset at `now`. "1 day" is the last 24 hours; longer
 * presets start at a local midnight so that daily bars are whole days (the
 * last one is today so far). "All" spans `extent` (the catalogue's first to
 * last record), or ten years when nothing is known yet.
 */
export function presetWindow(preset: Preset, now: number, zone: string, extent: TimeWindow | null): TimeWindow {
  if (preset === '1d') return { from: now - DAY, to: now };
  if (preset === 'all') {
    if (!extent) return { from: now - 3650 * DAY, to: now };
    return { from: startOfLocalDay(extent.from, zone), to: Math.max(extent.to, extent.from + DAY) };
  }
  const days = PRESET_DAYS[preset];
  const today = localDate(now, zone);
  return { from: startOfDate(addDays(today, -(days - 1)), zone), to: now };
}

export interface RangeEntry {
  window: TimeWindow;
  preset: Preset | null;
}

/** Browser-like history of ranges: a new range drops the forward entries. */
export class RangeHistory {
  private entries: RangeEntry[];
  private index = 0;
  private readonly limit: number;

  constructor(initial: RangeEntry, limit = 100) {
    this.entries = [initial];
    this.limit = limit;
  }

  get current(): RangeEntry {
    const e = this.entries[this.index];
    if (!e) throw new Error('empty range history');
    return e;
  }

  get canBack(): boolean {
    return this.index > 0;
  }

  get canForward(): boolean {
    return this.index < this.entries.length - 1;
  }

  push(entry: RangeEntry): RangeEntry {
    const cur = this.current;
    if (cur.preset === entry.preset && cur.window.from === entry.window.from && cur.window.to === entry.window.to) {
      return cur;
    }
    this.entries = this.entries.slice(0, this.index + 1);
    this.entries.push(entry);
    if (this.entries.length > this.limit) this.entries.shift();
    this.index = this.entries.length - 1;
    return entry;
  }

  back(): RangeEntry {
    if (this.canBack) this.index--;
    return this.current;
  }

  forward(): RangeEntry {
    if (this.canForward) this.index++;
    return this.current;
  }
}
