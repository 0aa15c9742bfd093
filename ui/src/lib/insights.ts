/**
 * Words and numbers of the Insights page: a correlation as a sentence, lags
 * in words, where a flag's chart lives, how a feature is shown. Plain
 * descriptions only: what went with what, never what it means for health.
 */
import type { Correlation, Feature, Flag, Metric, Units } from '../ipc';
import { formatNumber } from './format';
import { displayFor, type Display } from './units';
import { addDays } from './time';

/** "same day", "next day", "two days later". */
export function lagWords(lag: number): string {
  if (lag === 0) return 'same day';
  if (lag === 1) return 'next day';
  if (lag === 2) return 'two days later';
  return `${String(lag)} days later`;
}

/** Lower-cases a label's first letter unless it is an acronym ("HRV" stays). */
export function lowerFirst(label: string): string {
  const second = label.charAt(1);
  return second !== '' && second === second.toUpperCase() && /[A-Z]/.test(second) ? label : label.charAt(0).toLowerCase() + label.slice(1);
}

/** More of these is "more", not "higher". */
const AMOUNTS: readonly Metric[] = ['steps', 'active_energy', 'distance', 'sleep_duration', 'moderate_activity', 'intense_activity', 'productive_time'];

/** How "more of a" reads: "Late workouts", "More steps", "Higher weight". */
export function risePhrase(f: Feature, label: string): string {
  if ('derived' in f) return f.derived === 'last_workout_end_hour' ? 'Late workouts' : 'Longer workouts';
  return `${AMOUNTS.includes(f.metric) ? 'More' : 'Higher'} ${lowerFirst(label)}`;
}

/** "the same day", "the next day", "two days later": the tail of a sentence. */
function lagTail(lag: number): string {
  return lag <= 1 ? `the ${lagWords(lag)}` : lagWords(lag);
}

/** "Late workouts → higher resting heart rate the next day". */
export function correlationSentence(c: Correlation): string {
  const direction = c.rho >= 0 ? (isAmount(c.b) ? 'more' : 'higher') : isAmount(c.b) ? 'less' : 'lower';
  return `${risePhrase(c.a, c.a_label)} → ${direction} ${lowerFirst(c.b_label)} ${lagTail(c.lag_days)}`;
}

function isAmount(f: Feature): boolean {
  return 'metric' in f && AMOUNTS.includes(f.metric);
}

/** "strong", "moderate", "weak": Spearman's rho by its size. */
export function strengthWord(rho: number): string {
  const r = Math.abs(rho);
  return r >= 0.5 ? 'strong' : r >= 0.3 ? 'moderate' : 'weak';
}

/** Significant pairs, strongest first (the core sorts them; the page does not rely on it). */
export function byStrength(list: readonly Correlation[]): Correlation[] {
  return [...list].sort((a, b) => Math.abs(b.rho) - Math.abs(a.rho));
}

/** Where a metric's own chart is: its page, or its chart under All metrics. */
export function chartRoute(metric: Metric): string {
  switch (metric) {
    case 'weight':
      return '#/weight';
    case 'sleep_duration':
      return '#/sleep';
    case 'steps':
    case 'active_energy':
      return '#/activity';
    default:
      return `#/metric/${metric}`;
  }
}

/** The days a flag's link shows: two weeks either side of its days, never past today. */
export function flagWindowDays(flag: Pick<Flag, 'first' | 'last'>, today: string): { first: string; last: string } {
  const last = addDays(flag.last, 14);
  return { first: addDays(flag.first, -14), last: last > today ? today : last };
}

/** Flags whose days reach into the last `days` days (today included). */
export function recentFlags(flags: readonly Flag[], today: string, days = 14): Flag[] {
  const since = addDays(today, -(days - 1));
  return flags.filter((f) => f.last >= since);
}

/**
 * How a feature's values are shown on the scatter's axes. The core sends each
 * day as its difference from the feature's usual level (the median of the 29
 * days around it: what the correlation ranks), so the axes are differences
 * too: "+1.5 h", "−2 bpm".
 */
export interface FeatureAxis {
  label: string;
  unit: string;
  convert: (v: number) => number;
  format: (v: number) => string;
}

/** A difference with its sign, "+1.5 h"; the value's own text already carries a minus. */
const signed = (text: string, v: number): string => (v > 0 ? `+${text}` : text);

export function featureAxis(f: Feature, label: string, units: Units, canonicalUnit: string): FeatureAxis {
  if ('derived' in f) {
    // The core's label names its unit ("… (hour of day)"); the axis says its own.
    const name = `${label.replace(/\s*\([^)]*\)$/, '')} vs usual`;
    if (f.derived === 'last_workout_end_hour') {
      return { label: name, unit: 'h', convert: (v) => v, format: (v) => signed(`${formatNumber(v, 1)} h`, v) };
    }
    return { label: name, unit: 'min', convert: (v) => v, format: (v) => signed(`${formatNumber(v, 0)} min`, v) };
  }
  const d: Display = displayFor(f.metric, canonicalUnit, units);
  // A difference converts without the unit's offset (°C → °F).
  const convert = (v: number): number => d.convert(v) - d.convert(0);
  return { label: `${label} vs usual`, unit: d.unit, convert, format: (v) => signed(d.format(v), v) };
}

/** About `count` round tick values (1, 2 or 5 × a power of ten apart) covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max <= min) return [min];
  const raw = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  // The round step nearest the raw one (on a log scale).
  const step = [1, 2, 5, 10].map((m) => m * mag).reduce((best, s) => (Math.abs(Math.log(s / raw)) < Math.abs(Math.log(best / raw)) ? s : best));
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Number(v.toFixed(10)));
  return out;
}
