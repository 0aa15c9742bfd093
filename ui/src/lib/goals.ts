/**
 * The user's goals: steps per day, hours asleep per night, a target weight
 * and active minutes (moderate + intense) per day. Stored canonically (steps,
 * seconds, kg) and typed in by the user as text, so this module parses what
 * people write ("7 h 30 min", "7:30", "11 st 11 lb") and validates what comes
 * back from storage. No I/O: Settings and the pages share these rules.
 */
import { formatDuration, formatNumber } from './format';
import type { Display } from './units';

export interface Goals {
  stepsGoal: number;
  /** Seconds asleep per night. */
  sleepGoal: number;
  /** Target weight in kg, or none. */
  weightGoal: number | null;
  /** Seconds of moderate + intense activity per day. */
  activeGoal: number;
}

export const DEFAULT_GOALS: Goals = { stepsGoal: 10_000, sleepGoal: 7.5 * 3600, weightGoal: null, activeGoal: 30 * 60 };

/** What a goal may be; outside it a typed or stored value is refused. */
export const GOAL_LIMITS = {
  stepsGoal: { min: 1_000, max: 100_000 },
  sleepGoal: { min: 3600, max: 14 * 3600 },
  weightGoal: { min: 20, max: 400 },
  activeGoal: { min: 60, max: 8 * 3600 },
} as const;

function within(v: unknown, limits: { min: number; max: number }): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= limits.min && v <= limits.max;
}

/** Goals from whatever storage held: each bad or missing value falls back to its default. */
export function goalsFrom(stored: Record<string, unknown>): Goals {
  return {
    stepsGoal: within(stored.stepsGoal, GOAL_LIMITS.stepsGoal) ? Math.round(stored.stepsGoal) : DEFAULT_GOALS.stepsGoal,
    sleepGoal: within(stored.sleepGoal, GOAL_LIMITS.sleepGoal) ? stored.sleepGoal : DEFAULT_GOALS.sleepGoal,
    weightGoal: within(stored.weightGoal, GOAL_LIMITS.weightGoal) ? stored.weightGoal : DEFAULT_GOALS.weightGoal,
    activeGoal: within(stored.activeGoal, GOAL_LIMITS.activeGoal) ? stored.activeGoal : DEFAULT_GOALS.activeGoal,
  };
}

/** "10,000", "10000", "10 000" → 10000; null for anything else. */
export function parseSteps(text: string): number | null {
  const compact = text.replace(/[\s,.'\u00a0\u202f]/g, '');
  if (!/^\d+$/.test(compact)) return null;
  const v = Number(compact);
  return within(v, GOAL_LIMITS.stepsGoal) ? v : null;
}

function decimal(text: string): number | null {
  const t = text.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(t)) return null;
  return Number(t);
}

/**
 * A duration in seconds from "7 h 30 min", "7h30", "7:30", "7.5" (hours) or
 * "45 min"; `bare` says what a lone number means. Null when unreadable.
 */
export function parseDuration(text: string, bare: 'hours' | 'minutes'): number | null {
  const t = text.trim().toLowerCase();
  if (t === '') return null;
  const clock = /^(\d{1,2}):([0-5]\d)$/.exec(t);
  if (clock) return Number(clock[1]) * 3600 + Number(clock[2]) * 60;
  const lone = decimal(t);
  if (lone !== null) return Math.round(lone * (bare === 'hours' ? 3600 : 60));
  const parts = /^(?:(\d+(?:[.,]\d+)?)\s*(?:h|hr|hrs|hours?))?\s*(?:(\d+)\s*(?:m|min|mins|minutes?)?)?$/.exec(t);
  if (!parts || (parts[1] === undefined && parts[2] === undefined)) return null;
  const h = parts[1] === undefined ? 0 : Number(parts[1].replace(',', '.'));
  const m = parts[2] === undefined ? 0 : Number(parts[2]);
  // "90" alone is caught above; "7 90" is not a duration.
  if (parts[1] !== undefined && m >= 60) return null;
  return Math.round(h * 3600 + m * 60);
}

export function parseSleepGoal(text: string): number | null {
  const v = parseDuration(text, 'hours');
  return within(v, GOAL_LIMITS.sleepGoal) ? v : null;
}

export function parseActiveGoal(text: string): number | null {
  const v = parseDuration(text, 'minutes');
  return within(v, GOAL_LIMITS.activeGoal) ? v : null;
}

const KG_PER_LB = 0.45359237;

/**
 * A weight typed in the user's unit → kg. Stones take "11 st 11 lb",
 * "11 st 11", "11st" or decimal stones "11.8"; kg and lb a plain number.
 */
export function parseWeight(text: string, display: Display): number | null {
  const t = text.trim().toLowerCase();
  let kg: number | null;
  if (display.unit === 'st') {
    const m = /^(\d+)\s*st\s*(?:(\d+(?:[.,]\d+)?)\s*(?:lb|lbs)?)?$/.exec(t);
    if (m) {
      const lb = m[2] === undefined ? 0 : Number(m[2].replace(',', '.'));
      if (lb >= 14) return null;
      kg = (Number(m[1]) * 14 + lb) * KG_PER_LB;
    } else {
      const st = decimal(t.replace(/\s*st$/, ''));
      kg = st === null ? null : st * 14 * KG_PER_LB;
    }
  } else {
    const v = decimal(t.replace(new RegExp(`\\s*${display.unit}$`), ''));
    // The display's own conversion, inverted (weight has no offset).
    const one = display.convert(1);
    kg = v === null || one === 0 ? null : v / one;
  }
  return within(kg, GOAL_LIMITS.weightGoal) ? kg : null;
}

/** The goal as the user reads it and types it back. */
export const formatSteps = (steps: number): string => formatNumber(steps);
export const formatGoalDuration = (seconds: number): string => formatDuration(seconds);

/** How many of `values` reach `goal`. */
export function countAtGoal(values: readonly number[], goal: number): number {
  return values.filter((v) => v >= goal).length;
}
