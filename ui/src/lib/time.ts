/**
 * Time in the viewer's zone. The backend speaks Unix seconds (UTC) and
 * "YYYY-MM-DD" dates; everything shown is local time of an explicit IANA zone
 * (normally `viewerZone()`), so DST days are 23 or 25 hours long here too.
 */

import { appLocale } from './locale';

export const DAY = 86_400;
export const HOUR = 3_600;

interface Parts {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(zone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partsFormatters.set(zone, f);
  }
  return f;
}

/**
 * Recent answers of localParts: a render asks about the same few instants
 * (the range's ends) dozens of times, and formatToParts is slow (WebKit's
 * most of all). Bounded: emptied when full.
 */
const recentParts = new Map<string, Readonly<Parts>>();
const RECENT_PARTS = 512;

/** Wall-clock fields of instant `t` in `zone`. */
export function localParts(t: number, zone: string): Readonly<Parts> {
  const key = `${zone}|${String(t)}`;
  const known = recentParts.get(key);
  if (known) return known;
  const out: Parts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of partsFormatter(zone).formatToParts(new Date(t * 1000))) {
    if (p.type in out) out[p.type as keyof Parts] = Number(p.value);
  }
  if (recentParts.size >= RECENT_PARTS) recentParts.clear();
  recentParts.set(key, out);
  return out;
}

/** The zone's offset from UTC at instant `t`, in seconds (Paris in summer: 7200). */
export function zoneOffset(t: number, zone: string): number {
  const p = localParts(Math.floor(t), zone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) / 1000;
  return asUtc - Math.floor(t);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** "YYYY-MM-DD" of instant `t` in `zone`. */
export function localDate(t: number, zone: string): string {
  const p = localParts(t, zone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

function parseDate(date: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/**
 * The instant the wall-clock time `hour:minute` of `date` happens in `zone`.
 * A time inside a spring-forward gap lands after the gap (02:30 → 03:30), so
 * a midnight that does not exist gives the day's first instant.
 */
export function localTimeToUnix(date: string, zone: string, hour = 0, minute = 0): number {
  const [y, m, d] = parseDate(date);
  const wall = Date.UTC(y, m - 1, d, hour, minute) / 1000;
  // Two fixed-point steps settle on the right offset, DST edges included.
  const guess = wall - zoneOffset(wall, zone);
  return wall - zoneOffset(guess, zone);
}

/** Local midnight starting `date` in `zone`. */
export function startOfDate(date: string, zone: string): number {
  return localTimeToUnix(date, zone, 0, 0);
}

/** Local midnight at or before instant `t`. */
export function startOfLocalDay(t: number, zone: string): number {
  return startOfDate(localDate(t, zone), zone);
}

/** Calendar arithmetic on "YYYY-MM-DD" (zone-free). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = parseDate(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  const [ya, ma, da] = parseDate(a);
  const [yb, mb, db] = parseDate(b);
  return Math.round((Date.UTC(yb, mb - 1, db) - Date.UTC(ya, ma - 1, da)) / 86_400_000);
}

/** ISO-8601 week of a date: weeks start on Monday; week 1 holds the first Thursday. */
export function isoWeek(date: string): { year: number; week: number; monday: string } {
  const [y, m, d] = parseDate(date);
  const day = new Date(Date.UTC(y, m - 1, d));
  const weekday = (day.getUTCDay() + 6) % 7; // Monday = 0
  const monday = addDays(date, -weekday);
  const thursday = new Date(Date.UTC(y, m - 1, d - weekday + 3));
  const year = thursday.getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1);
  const week = Math.floor((thursday.getTime() - jan1) / 86_400_000 / 7) + 1;
  return { year, week, monday };
}

/** "YYYY-MM" of a date. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

// ---- formatting (viewer's locale, explicit zone) -------------------------

/**
 * The one way a time of day is written, in every label, axis and readout:
 * the locale's own hour cycle, "23:13" (en-GB) or "11:13 PM" (en-US). A
 * 24-hour clock pads the hour ("01:00"), a 12-hour clock does not ("1:00 AM").
 */
export function timeOfDay(locale: string = appLocale()): Intl.DateTimeFormatOptions {
  let opts = timeOptions.get(locale);
  if (!opts) {
    const cycle = new Intl.DateTimeFormat(locale, { hour: 'numeric' }).resolvedOptions().hourCycle;
    opts = { hour: cycle === 'h12' || cycle === 'h11' ? 'numeric' : '2-digit', minute: '2-digit' };
    timeOptions.set(locale, opts);
  }
  return opts;
}
const timeOptions = new Map<string, Intl.DateTimeFormatOptions>();

const formats = new Map<string, Intl.DateTimeFormat>();

/** A cached formatter in `locale` (default: the app's guarded locale). */
export function dateFormat(zone: string, options: Intl.DateTimeFormatOptions, locale: string = appLocale()): Intl.DateTimeFormat {
  const key = `${locale}|${zone}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone: zone, ...options });
    formats.set(key, f);
  }
  return f;
}

function fmt(zone: string, options: Intl.DateTimeFormatOptions, locale?: string): Intl.DateTimeFormat {
  return dateFormat(zone, options, locale);
}

/** "Sun 30 Mar 2025, 03:15" (order, words and hour cycle per locale). */
export function formatDateTime(t: number, zone: string, locale?: string): string {
  return fmt(zone, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', ...timeOfDay(locale) }, locale).format(
    new Date(t * 1000),
  );
}

/** "03:15" or "3:15 AM" per locale. */
export function formatTime(t: number, zone: string, locale?: string): string {
  return fmt(zone, timeOfDay(locale), locale).format(new Date(t * 1000));
}

/** "Sun 30 Mar 2025". */
export function formatDay(t: number, zone: string, locale?: string): string {
  return fmt(zone, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }, locale).format(
    new Date(t * 1000),
  );
}

/** A "YYYY-MM-DD" date as "Sun 30 Mar 2025" (zone-free). */
export function formatDateString(date: string, locale?: string, options?: Intl.DateTimeFormatOptions): string {
  const [y, m, d] = parseDate(date);
  return fmt('UTC', options ?? { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }, locale).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

/** Minutes since midnight as a time of day, "23:40" or "11:40 PM" per locale (wraps into 0–24 h). */
export function formatClock(minutes: number, locale?: string): string {
  const m = ((Math.round(minutes) % 1440) + 1440) % 1440;
  return fmt('UTC', timeOfDay(locale), locale).format(new Date(m * 60_000));
}

/** A short label for a range: "12 Mar – 18 Mar 2026"; times too for a day or less unless `datesOnly`. */
export function formatRange(from: number, to: number, zone: string, locale?: string, datesOnly = false): string {
  const sameYear = localParts(from, zone).year === localParts(to - 1, zone).year;
  const short = fmt(zone, { day: 'numeric', month: 'short', ...(sameYear ? {} : { year: 'numeric' }) }, locale);
  const long = fmt(zone, { day: 'numeric', month: 'short', year: 'numeric' }, locale);
  if (!datesOnly && to - from <= DAY + HOUR) {
    const time = fmt(zone, { day: 'numeric', month: 'short', ...timeOfDay(locale) }, locale);
    return `${time.format(new Date(from * 1000))} – ${time.format(new Date(to * 1000))}`;
  }
  return `${short.format(new Date(from * 1000))} – ${long.format(new Date((to - 1) * 1000))}`;
}
