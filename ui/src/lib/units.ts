/**
 * Display units. The backend stores and sends canonical units (CONTRACT §7:
 * kg, m, degC, mmol/L, ...); converting for display is a UI preference only,
 * so every conversion lives here and nowhere else.
 */
import { formatDuration, formatSignedDuration } from './format';
import type { DistanceUnit, GlucoseUnit, TemperatureUnit, Units, WeightUnit } from '../ipc';

/** Exact by definition (international pound, 1959). */
export const KG_PER_LB = 0.45359237;
export const LB_PER_KG = 1 / KG_PER_LB; // 2.20462…
export const LB_PER_STONE = 14;
export const M_PER_MILE = 1609.344;
export const M_PER_FOOT = 0.3048;
/** Molar mass of glucose / 10: mmol/L × 18.016 = mg/dL. */
export const MG_DL_PER_MMOL_L = 18.016;

export const DEFAULT_UNITS: Units = { weight: 'kg', distance: 'km', temperature: 'c', glucose: 'mmol_l' };

export function kgTo(unit: WeightUnit, kg: number): number {
  switch (unit) {
    case 'kg':
      return kg;
    case 'lb':
      return kg * LB_PER_KG;
    case 'st':
      return (kg * LB_PER_KG) / LB_PER_STONE;
  }
}

export function kgFrom(unit: WeightUnit, value: number): number {
  return value / kgTo(unit, 1);
}

export function metresTo(unit: DistanceUnit, m: number): number {
  return unit === 'km' ? m / 1000 : m / M_PER_MILE;
}

export function celsiusTo(unit: TemperatureUnit, c: number): number {
  return unit === 'c' ? c : (c * 9) / 5 + 32;
}

export function fahrenheitToCelsius(f: number): number {
  return ((f - 32) * 5) / 9;
}

export function mmolTo(unit: GlucoseUnit, mmol: number): number {
  return unit === 'mmol_l' ? mmol : mmol * MG_DL_PER_MMOL_L;
}

export function mgDlToMmol(mgdl: number): number {
  return mgdl / MG_DL_PER_MMOL_L;
}

/**
 * "11 st 9 lb": whole stones and the remaining pounds, rounded to the nearest
 * pound first so that 13.6 lb of remainder never prints as "14 lb".
 */
export function formatStone(kg: number): string {
  const totalLb = Math.round(kg * LB_PER_KG);
  const sign = totalLb < 0 ? '−' : '';
  const abs = Math.abs(totalLb);
  const st = Math.floor(abs / LB_PER_STONE);
  const lb = abs % LB_PER_STONE;
  if (st === 0) return `${sign}${String(lb)} lb`;
  return `${sign}${String(st)} st ${String(lb)} lb`;
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

const MASS_METRICS = new Set(['weight', 'fat_mass', 'fat_free_mass', 'muscle_mass', 'bone_mass', 'hydration']);
const TEMPERATURE_METRICS = new Set(['body_temperature', 'skin_temperature']);

const UNIT_LABELS: Record<string, string> = {
  count: '',
  degC: '°C',
  'mmol/L': 'mmol/L',
};

function fixed(value: number, decimals: number): string {
  return value.toLocaleString(undefined, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

function signed(value: number, decimals: number): string {
  const rounded = Number(value.toFixed(decimals));
  if (rounded === 0) return fixed(0, decimals);
  return (rounded > 0 ? '+' : '−') + fixed(Math.abs(rounded), decimals);
}

function linear(unit: string, decimals: number, convert: (v: number) => number, scale = convert): Display {
  const suffix = unit === '' ? '' : unit === '%' ? '%' : ` ${unit}`;
  return {
    unit,
    convert,
    decimals,
    format: (v) => fixed(convert(v), decimals) + suffix,
    parts: (v) => [fixed(convert(v), decimals), unit],
    // A difference converts without offsets (°C → °F deltas are ×9/5 only).
    formatChange: (d) => signed(scale(d), decimals) + suffix,
  };
}

/** The display for `metric` (canonical unit `canonicalUnit`) in the user's units. */
export function displayFor(metric: string, canonicalUnit: string, units: Units): Display {
  if (MASS_METRICS.has(metric)) {
    if (units.weight === 'st') {
      const d = linear('st', 1, (v) => kgTo('st', v));
      return {
        ...d,
        format: formatStone,
        parts: (v) => [formatStone(v), ''],
        formatChange: (delta) => {
          const text = formatStone(Math.abs(delta));
          return text === '0 lb' ? text : (delta > 0 ? '+' : '−') + text;
        },
      };
    }
    return linear(units.weight, 1, (v) => kgTo(units.weight, v));
  }
  if (metric === 'distance') return linear(units.distance, 2, (v) => metresTo(units.distance, v));
  if (metric === 'elevation') {
    return units.distance === 'km' ? linear('m', 0, (v) => v) : linear('ft', 0, (v) => v / M_PER_FOOT);
  }
  if (TEMPERATURE_METRICS.has(metric)) {
    const label = units.temperature === 'c' ? '°C' : '°F';
    return linear(
      label,
      1,
      (v) => celsiusTo(units.temperature, v),
      (d) => (units.temperature === 'c' ? d : (d * 9) / 5),
    );
  }
  if (metric === 'blood_glucose') {
    return units.glucose === 'mmol_l'
      ? linear('mmol/L', 1, (v) => v)
      : linear('mg/dL', 0, (v) => mmolTo('mg_dl', v));
  }
  if (canonicalUnit === 's') {
    // Durations: axes in hours, values as "7 h 32 min".
    return {
      ...linear('h', 1, (v) => v / 3600),
      format: (v) => formatDuration(Math.max(0, v)),
      parts: (v) => [formatDuration(Math.max(0, v)), ''],
      formatChange: formatSignedDuration,
    };
  }
  const label = UNIT_LABELS[canonicalUnit] ?? canonicalUnit;
  const decimals = canonicalUnit === 'count' || canonicalUnit === 'bpm' || canonicalUnit === 'kcal' ? 0 : 1;
  return linear(label, decimals, (v) => v);
}
