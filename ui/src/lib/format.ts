import { appLocale } from './locale';

const SECONDS_PER_MINUTE = 60;
const MINUTES_PER_HOUR = 60;

/**
 * Formats a duration given in seconds as hours and minutes, e.g. `27120` →
 * `"7 h 32 min"`. Rounds to the nearest minute and leaves out a zero part:
 * `3600` → `"1 h"`, `2700` → `"45 min"`, anything under 30 s → `"0 min"`.
 *
 * @throws RangeError if `seconds` is negative, NaN or infinite
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new RangeError(`duration must be a finite, non-negative number of seconds, got ${String(seconds)}`);
  }
  const totalMinutes = Math.round(seconds / SECONDS_PER_MINUTE);
  const hours = Math.floor(totalMinutes / MINUTES_PER_HOUR);
  const minutes = totalMinutes % MINUTES_PER_HOUR;
  if (hours === 0) {
    return `${String(minutes)} min`;
  }
  if (minutes === 0) {
    return `${String(hours)} h`;
  }
  return `${String(hours)} h ${String(minutes)} min`;
}

/** A signed duration: `+25 min`, `−1 h 5 min`, `0 min`. */
export function formatSignedDuration(seconds: number): string {
  const text = formatDuration(Math.abs(seconds));
  if (text === '0 min') return text;
  return (seconds > 0 ? '+' : '−') + text;
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/**
 * A whole or decimal number with grouping, e.g. `12,408`, in the app's
 * guarded locale (never the engine default: see `appLocale`). The one number
 * formatter of the UI: values, axes, tables and messages all come through here.
 */
export function formatNumber(value: number, decimals = 0, locale: string = appLocale()): string {
  const key = `${locale}|${String(decimals)}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    numberFormats.set(key, f);
  }
  return f.format(value);
}

/** `done / total` as a whole percentage, clamped to 0–100. */
export function percent(done: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(100, Math.max(0, Math.round((done / total) * 100)));
}
