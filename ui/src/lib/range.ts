/**
 * Time ranges: presets on the calendar, stepping a window by its own length,
 * and a browser-like undo/redo history. Pure logic; the app's one shared
 * range lives in state/range.ts.
 *
 * Alignment: presets are whole local days ending at the end of today (1D is
 * today, 7D the last seven calendar days with today, 1Y the last twelve
 * months). Stepping keeps that shape: a window of whole days moves by its
 * number of days, a window of whole months (1Y, or "Nov 1 – Nov 30" from the
 * picker) by its number of months, and anything else (a zoom) by its span in
 * seconds. So ‹ after 7D lands on the seven days before, always whole days.
 */
import { DAY, HOUR, addDays, daysBetween, formatDateString, formatRange, localDate, startOfDate, startOfLocalDay } from './time';

/** [from, to) in Unix seconds. */
export interface TimeWindow {
  from: number;
  to: number;
}

export type Preset = '1d' | '7d' | '30d' | '90d' | '1y' | 'all';

export const PRESETS: readonly { id: Preset; label: string; long: string }[] = [
  { id: '1d', label: '1D', long: 'Today' },
  { id: '7d', label: '7D', long: 'Last 7 days' },
  { id: '30d', label: '30D', long: 'Last 30 days' },
  { id: '90d', label: '90D', long: 'Last 90 days' },
  { id: '1y', label: '1Y', long: 'Last 12 months' },
  { id: 'all', label: 'All', long: 'All data' },
];

const PRESET_DAYS: Record<Exclude<Preset, '1y' | 'all'>, number> = { '1d': 1, '7d': 7, '30d': 30, '90d': 90 };

/** Smallest zoom: finer than this is below minute data's use. */
export const MIN_SPAN = 15 * 60;

/** `date` moved by whole months, the day clamped to the month's length (Mar 31 − 1 month = Feb 28). */
export function addMonths(date: string, months: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const d = Number(date.slice(8, 10));
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d, last))).toISOString().slice(0, 10);
}

/** The local midnight that ends today: every calendar preset ends here. */
export function endOfToday(now: number, zone: string): number {
  return startOfDate(addDays(localDate(now, zone), 1), zone);
}

/**
 * The window of a preset at `now`. "All" spans `extent` (the catalogue's
 * first to last record), or ten years when nothing is known yet.
 */
export function presetWindow(preset: Preset, now: number, zone: string, extent: TimeWindow | null): TimeWindow {
  if (preset === 'all') {
    if (!extent) return { from: now - 3650 * DAY, to: now };
    return { from: startOfLocalDay(extent.from, zone), to: Math.max(extent.to, extent.from + DAY) };
  }
  const tomorrow = addDays(localDate(now, zone), 1);
  const first = preset === '1y' ? addMonths(tomorrow, -12) : addDays(tomorrow, -PRESET_DAYS[preset]);
  return { from: startOfDate(first, zone), to: startOfDate(tomorrow, zone) };
}

/** A window's first day and the day after its last, when it runs midnight to midnight. */
export function wholeDays(w: TimeWindow, zone: string): { first: string; end: string } | null {
  if (w.to <= w.from || startOfLocalDay(w.from, zone) !== w.from || startOfLocalDay(w.to, zone) !== w.to) return null;
  return { first: localDate(w.from, zone), end: localDate(w.to, zone) };
}

/** The length of a window in the unit it steps by. */
export type Step = { unit: 'months' | 'days'; count: number } | { unit: 'seconds'; count: number };

export function stepOf(w: TimeWindow, zone: string): Step {
  const days = wholeDays(w, zone);
  if (!days) return { unit: 'seconds', count: w.to - w.from };
  const months = monthsBetween(days.first, days.end);
  if (months !== null) return { unit: 'months', count: months };
  return { unit: 'days', count: daysBetween(days.first, days.end) };
}

/** Whole months from `a` to `b` when b is a months from a on the calendar; else null. */
function monthsBetween(a: string, b: string): number | null {
  const n = (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));
  // Only the 1st of the month or the same day of month: "Jan 31 + 1 month"
  // clamps to Feb 28 and would not step back to Jan 31.
  const aligned = a.slice(8) === '01' || (a.slice(8) === b.slice(8) && Number(a.slice(8)) <= 28);
  return n > 0 && aligned && addMonths(a, n) === b ? n : null;
}

/** "day", "7 days", "month", "12 months", "2 h": what ‹ and › move by. */
export function describeStep(step: Step): string {
  if (step.unit === 'months') return step.count === 12 ? 'year' : step.count === 1 ? 'month' : `${String(step.count)} months`;
  if (step.unit === 'days') return step.count === 1 ? 'day' : `${String(step.count)} days`;
  const s = step.count;
  if (s % DAY === 0) return s === DAY ? '24 h' : `${String(s / DAY)} days`;
  if (s >= HOUR) return `${String(Math.round((s / HOUR) * 10) / 10)} h`;
  return `${String(Math.round(s / 60))} min`;
}

/** How far › may go: calendar windows to the end of today, others to now. */
function forwardLimit(w: TimeWindow, now: number, zone: string): number {
  return wholeDays(w, zone) ? Math.max(endOfToday(now, zone), w.to) : Math.max(now, w.to);
}

/** Whether › has anywhere to go: the window ends before today (or now) does. */
export function canStepForward(w: TimeWindow, now: number, zone: string): boolean {
  return w.to < (wholeDays(w, zone) ? endOfToday(now, zone) : now);
}

/**
 * The window before (`dir` −1) or after (+1) `w`, as long as `w`. Forward it
 * stops at the end of today (calendar windows) or now (zooms): the last step
 * ends there instead of running into the future. Null when › has nowhere to go.
 */
export function stepWindow(w: TimeWindow, dir: -1 | 1, now: number, zone: string): TimeWindow | null {
  if (dir > 0 && !canStepForward(w, now, zone)) return null;
  const step = stepOf(w, zone);
  const limit = forwardLimit(w, now, zone);
  if (step.unit === 'seconds') {
    const span = step.count;
    const from = w.from + dir * span;
    return from + span > limit ? { from: limit - span, to: limit } : { from, to: from + span };
  }
  const days = wholeDays(w, zone);
  if (!days) return null;
  const move = (date: string, n: number): string => (step.unit === 'months' ? addMonths(date, n) : addDays(date, n));
  let first = move(days.first, dir * step.count);
  let end = move(first, step.count);
  if (startOfDate(end, zone) > limit) {
    end = localDate(limit, zone);
    first = move(end, -step.count);
  }
  return { from: startOfDate(first, zone), to: startOfDate(end, zone) };
}

/** The window of the local days `first` to `last`, both included (the date picker). */
export function daysWindow(first: string, last: string, zone: string): TimeWindow {
  const [a, b] = first <= last ? [first, last] : [last, first];
  return { from: startOfDate(a, zone), to: startOfDate(addDays(b, 1), zone) };
}

/** The range bar's label: "Wed, 18 Mar 2026" for one day, "12 Mar – 18 Mar 2026" for days, times for a zoom. */
export function windowLabel(w: TimeWindow, zone: string, locale?: string): string {
  const days = wholeDays(w, zone);
  if (days && daysBetween(days.first, days.end) === 1) return formatDateString(days.first, locale);
  if (days) return formatRange(w.from, w.to, zone, locale, true);
  return formatRange(w.from, w.to, zone, locale);
}

export interface RangeEntry {
  window: TimeWindow;
  /** The preset whose shape the window has (also after ‹ ›); null for a zoom or a picked range. */
  preset: Preset | null;
  /** Picked with the date picker (not a zoom). */
  custom?: boolean;
}

function sameEntry(a: RangeEntry, b: RangeEntry): boolean {
  return a.preset === b.preset && Boolean(a.custom) === Boolean(b.custom) && a.window.from === b.window.from && a.window.to === b.window.to;
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
    if (sameEntry(cur, entry)) return cur;
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
