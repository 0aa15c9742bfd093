/**
 * "vs previous period": the same statistic over the window of the same length
 * right before the current one. Pages compute each statistic twice with the
 * same pure function and let `compare` word the difference.
 */
import { DAY, HOUR } from './time';

export interface TimeSpan {
  from: number;
  to: number;
}

/** The window of the same length that ends where `window` starts. */
export function previousWindow(window: TimeSpan): TimeSpan {
  return { from: window.from - (window.to - window.from), to: window.from };
}

/** "30 days", "day", "12 h": how long the compared period is, for the label. */
export function periodName(window: TimeSpan): string {
  const span = window.to - window.from;
  // Presets run from a midnight to now: 29 days and some hours read as 30 days.
  const days = Math.ceil(span / DAY - 0.01);
  if (span >= DAY - 60) return days === 1 ? 'day' : `${String(days)} days`;
  const hours = Math.max(1, Math.round(span / HOUR));
  return hours === 1 ? 'hour' : `${String(hours)} h`;
}

export type Direction = 'up' | 'down' | 'same';

export interface Comparison {
  direction: Direction;
  /** "▲ 4 bpm vs previous 30 days", "No change vs previous 7 days". */
  text: string;
}

export interface CompareOptions {
  /** A non-negative difference as text, e.g. "4 bpm", "12 min". */
  format: (magnitude: number) => string;
  /** The compared period's name, from `periodName`. */
  period: string;
  /** Words after the amount where an arrow alone is unclear ("later" / "earlier"). */
  words?: { up: string; down: string } | undefined;
}

/**
 * The change from `previous` to `current`, or null when either is missing
 * (nothing is shown then). A change that rounds to zero in its own format is
 * "No change", so the arrow never points at an invisible difference.
 */
export function compare(current: number | null | undefined, previous: number | null | undefined, opts: CompareOptions): Comparison | null {
  if (current === null || current === undefined || previous === null || previous === undefined) return null;
  if (!Number.isFinite(current) || !Number.isFinite(previous)) return null;
  const delta = current - previous;
  const vs = `vs previous ${opts.period}`;
  const amount = opts.format(Math.abs(delta));
  if (delta === 0 || amount === opts.format(0)) return { direction: 'same', text: `No change ${vs}` };
  const direction: Direction = delta > 0 ? 'up' : 'down';
  const word = opts.words ? ` ${direction === 'up' ? opts.words.up : opts.words.down}` : '';
  return { direction, text: `${direction === 'up' ? '▲' : '▼'} ${amount}${word} ${vs}` };
}

/** The signed difference b − a of two clock times in minutes, the short way round the day. */
export function clockDifference(a: number, b: number): number {
  let d = (b - a) % 1440;
  if (d > 720) d -= 1440;
  if (d <= -720) d += 1440;
  return d;
}
