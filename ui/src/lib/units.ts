/**
 * Formatting values for display. The backend stores and sends canonical
 * units (CONTRACT §7: kg, m, degC, mmol/L, ...); which display unit goes
 * with which setting, and its factor, offset and decimals, is the backend's
 * one table (`core::units`), read here from the catalog. This module only
 * turns those numbers into text.
 */
import { formatDuration, formatNumber, formatSignedDuration } from './format';
import type { DisplayUnit, Metric, UnitRule, Units } from '../ipc';
import { metricInfo } from '../state/catalog';

/** A stone is 14 pounds: how "11 st 9 lb" splits, not a conversion factor. */
const LB_PER_STONE = 14;

export const DEFAULT_UNITS: Units = { weight: 'kg', distance: 'km', temperature: 'c', glucose: 'mmol_l' };

/** The unit `rule` gives for the user's settings. */
export function pick(rule: UnitRule, units: Units): DisplayUnit {
  switch (rule.setting) {
    case 'fixed':
      return rule.unit;
    case 'weight':
      return rule[units.weight];
    case 'distance':
      return rule[units.distance];
    case 'temperature':
      return rule[units.temperature];
    case 'glucose':
      return rule[units.glucose];
  }
}

/** The display unit of `metric` in the user's units. */
export function displayUnitOf(metric: Metric, units: Units): DisplayUnit | undefined {
  const info = metricInfo(metric);
  return info && pick(info.display, units);
}

/** A canonical value in `unit`. */
export function toDisplay(unit: DisplayUnit, canonical: number): number {
  return canonical * unit.factor + unit.offset;
}

/** A value shown in `unit` back in canonical units. */
export function fromDisplay(unit: DisplayUnit, shown: number): number {
  return (shown - unit.offset) / unit.factor;
}

/**
 * "11 st 9 lb": whole stones and the remaining pounds, rounded to the nearest
 * pound first so that 13.6 lb of remainder never prints as "14 lb".
 */
export function formatStone(kg: number): string {
  const lb = displayUnitOf('weight', { ...DEFAULT_UNITS, weight: 'lb' });
  // Without the catalog (a failed start) values stay in canonical units.
  if (!lb) return `${fixed(kg, 1)} kg`;
  const totalLb = Math.round(toDisplay(lb, kg));
  const sign = totalLb < 0 ? '−' : '';
  const abs = Math.abs(totalLb);
  const st = Math.floor(abs / LB_PER_STONE);
  const rest = abs % LB_PER_STONE;
  if (st === 0) return `${sign}${String(rest)} lb`;
  return `${sign}${String(st)} st ${String(rest)} lb`;
}

/** How one metric is shown: its label, converter and formatter. */
export interface Display {
  /** Short unit label for axes and values, e.g. "kg", "bpm", "" for counts. */
  unit: string;
  /** Canonical value → number on the chart axis. */
  convert: (value: number) => number;
  /** Canonical value → text with unit, e.g. "72.4 kg", "11 st 9 lb". */
  format: (value: number) => string;
  /** Canonical difference → signed text, e.g. "+0.4 kg". */
  formatChange: (delta: number) => string;
  /** Decimals shown for converted values. */
  decimals: number;
  /** Canonical value → big number and small unit for cards: ["72.4", "kg"]. */
  parts: (value: number) => [string, string];
}

function fixed(value: number, decimals: number): string {
  return formatNumber(value, decimals);
}

function signed(value: number, decimals: number): string {
  const rounded = Number(value.toFixed(decimals));
  if (rounded === 0) return fixed(0, decimals);
  return (rounded > 0 ? '+' : '−') + fixed(Math.abs(rounded), decimals);
}

function linear(unit: DisplayUnit): Display {
  const { label, decimals } = unit;
  const suffix = label === '' ? '' : label === '%' ? '%' : ` ${label}`;
  const convert = (v: number): number => toDisplay(unit, v);
  return {
    unit: label,
    convert,
    decimals,
    format: (v) => fixed(convert(v), decimals) + suffix,
    parts: (v) => [fixed(convert(v), decimals), label],
    // A difference converts without offsets (°C → °F deltas are ×9/5 only).
    formatChange: (d) => signed(d * unit.factor, decimals) + suffix,
  };
}

/** Stones read as "11 st 9 lb"; the axis stays in decimal stones. */
function stones(unit: DisplayUnit): Display {
  return {
    ...linear(unit),
    format: formatStone,
    parts: (v) => [formatStone(v), ''],
    formatChange: (delta) => {
      const text = formatStone(Math.abs(delta));
      return text === '0 lb' ? text : (delta > 0 ? '+' : '−') + text;
    },
  };
}

/** Durations: axes in hours, values as "7 h 32 min". */
function hours(unit: DisplayUnit): Display {
  return {
    ...linear(unit),
    format: (v) => formatDuration(Math.max(0, v)),
    parts: (v) => [formatDuration(Math.max(0, v)), ''],
    formatChange: formatSignedDuration,
  };
}

/**
 * The display for `metric` in the user's units. `canonicalUnit` labels the
 * values unconverted if the catalog has not loaded (the app loads it before
 * it renders, so only a failed start shows that).
 */
export function displayFor(metric: Metric, canonicalUnit: string, units: Units): Display {
  const unit = displayUnitOf(metric, units) ?? { label: canonicalUnit, factor: 1, offset: 0, decimals: 1 };
  const info = metricInfo(metric);
  if (info?.display.setting === 'weight' && units.weight === 'st') return stones(unit);
  if (info?.unit === 's') return hours(unit);
  return linear(unit);
}
