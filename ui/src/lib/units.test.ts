import { beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../../e2e/fixtures/catalog';
import type { DistanceUnit, GlucoseUnit, Metric, TemperatureUnit, Units, WeightUnit } from '../ipc';
import { catalogStore } from '../state/catalog';
import { DEFAULT_UNITS, displayFor, displayUnitOf, formatStone, fromDisplay, toDisplay } from './units';

// The backend's table, as `catalog` sends it.
beforeAll(() => {
  catalogStore.set(CATALOG);
});

const units = (patch: Partial<Units>): Units => ({ ...DEFAULT_UNITS, ...patch });

function unitOf(metric: Metric, patch: Partial<Units>) {
  const unit = displayUnitOf(metric, units(patch));
  if (!unit) throw new Error(`${metric} is not in the catalog`);
  return unit;
}

// The conversions the UI once wrote by hand, now read from the catalog.
const kgTo = (weight: WeightUnit, kg: number) => toDisplay(unitOf('weight', { weight }), kg);
const kgFrom = (weight: WeightUnit, shown: number) => fromDisplay(unitOf('weight', { weight }), shown);
const metresTo = (distance: DistanceUnit, m: number) => toDisplay(unitOf('distance', { distance }), m);
const celsiusTo = (temperature: TemperatureUnit, c: number) => toDisplay(unitOf('body_temperature', { temperature }), c);
const fahrenheitToCelsius = (f: number) => fromDisplay(unitOf('body_temperature', { temperature: 'f' }), f);
const mmolTo = (glucose: GlucoseUnit, mmol: number) => toDisplay(unitOf('blood_glucose', { glucose }), mmol);
const mgDlToMmol = (mgdl: number) => fromDisplay(unitOf('blood_glucose', { glucose: 'mg_dl' }), mgdl);

describe('weight', () => {
  it('converts kg to lb with 2.20462 lb per kg', () => {
    expect(kgTo('lb', 1)).toBeCloseTo(2.20462, 5);
    expect(kgTo('lb', 70)).toBeCloseTo(154.324, 3);
    expect(kgTo('kg', 70)).toBe(70);
  });

  it('converts kg to stones of 14 lb', () => {
    expect(kgTo('st', 6.35029318)).toBeCloseTo(1, 6);
    expect(kgTo('st', 74)).toBeCloseTo(163.142 / 14, 3);
  });

  it('round-trips through every unit', () => {
    for (const u of ['kg', 'lb', 'st'] as const) expect(kgFrom(u, kgTo(u, 81.3))).toBeCloseTo(81.3, 9);
  });

  it('formats stones as "11 st 9 lb"', () => {
    expect(formatStone(74)).toBe('11 st 9 lb'); // 163.1 lb
    expect(formatStone(63.5)).toBe('10 st 0 lb'); // 139.99 lb rounds to 140
    expect(formatStone(3)).toBe('7 lb');
    expect(formatStone(70)).toBe('11 st 0 lb'); // 154.3 lb
  });

  it('rounds to the pound before splitting, never printing "14 lb"', () => {
    // 13.6 lb of remainder must carry into the next stone.
    expect(formatStone(((10 * 14 + 13.6) * 0.45359237))).toBe('11 st 0 lb');
  });

  it('displays weight in the chosen unit', () => {
    expect(displayFor('weight', 'kg', units({ weight: 'kg' })).format(72.44)).toBe('72.4 kg');
    expect(displayFor('weight', 'kg', units({ weight: 'lb' })).format(72.44)).toBe('159.7 lb');
    expect(displayFor('weight', 'kg', units({ weight: 'st' })).format(74)).toBe('11 st 9 lb');
    expect(displayFor('weight', 'kg', units({ weight: 'lb' })).unit).toBe('lb');
    expect(displayFor('fat_mass', 'kg', units({ weight: 'lb' })).unit).toBe('lb');
  });

  it('shows changes with a sign', () => {
    expect(displayFor('weight', 'kg', units({ weight: 'kg' })).formatChange(0.44)).toBe('+0.4 kg');
    expect(displayFor('weight', 'kg', units({ weight: 'lb' })).formatChange(-1)).toBe('−2.2 lb');
    expect(displayFor('weight', 'kg', units({ weight: 'st' })).formatChange(-7)).toBe('−1 st 1 lb');
    expect(displayFor('weight', 'kg', units({ weight: 'kg' })).formatChange(0.01)).toBe('0.0 kg');
  });
});

describe('distance', () => {
  it('converts metres to km and miles', () => {
    expect(metresTo('km', 5000)).toBe(5);
    expect(metresTo('mi', 1609.344)).toBeCloseTo(1, 12);
    expect(metresTo('mi', 10_000)).toBeCloseTo(6.2137, 4);
  });

  it('displays distance in the chosen unit', () => {
    expect(displayFor('distance', 'm', units({ distance: 'km' })).format(8234)).toBe('8.23 km');
    expect(displayFor('distance', 'm', units({ distance: 'mi' })).format(8234)).toBe('5.12 mi');
    expect(displayFor('distance', 'm', units({ distance: 'km' })).format(800)).toBe('0.80 km');
  });

  it('shows elevation in feet when distance is in miles', () => {
    expect(displayFor('elevation', 'm', units({ distance: 'mi' })).format(100)).toBe('328 ft');
    expect(displayFor('elevation', 'm', units({ distance: 'km' })).format(100)).toBe('100 m');
  });
});

describe('temperature', () => {
  it('converts °C to °F and back', () => {
    expect(celsiusTo('f', 37)).toBeCloseTo(98.6, 10);
    expect(celsiusTo('f', -40)).toBe(-40);
    expect(celsiusTo('c', 36.6)).toBe(36.6);
    expect(fahrenheitToCelsius(212)).toBe(100);
  });

  it('converts differences without the 32° offset', () => {
    const f = displayFor('body_temperature', 'degC', units({ temperature: 'f' }));
    expect(f.format(37)).toBe('98.6 °F');
    expect(f.formatChange(1)).toBe('+1.8 °F');
  });
});

describe('blood glucose', () => {
  it('converts mmol/L to mg/dL with 18.016', () => {
    expect(mmolTo('mg_dl', 5.5)).toBeCloseTo(99.088, 3);
    expect(mmolTo('mmol_l', 5.5)).toBe(5.5);
    expect(mgDlToMmol(180.16)).toBeCloseTo(10, 10);
  });

  it('displays glucose in the chosen unit', () => {
    expect(displayFor('blood_glucose', 'mmol/L', units({ glucose: 'mmol_l' })).format(5.5)).toBe('5.5 mmol/L');
    expect(displayFor('blood_glucose', 'mmol/L', units({ glucose: 'mg_dl' })).format(5.5)).toBe('99 mg/dL');
  });
});

describe('other metrics', () => {
  it('keeps canonical units and shows durations as hours and minutes', () => {
    expect(displayFor('heart_rate', 'bpm', DEFAULT_UNITS).format(71.6)).toBe('72 bpm');
    expect(displayFor('body_fat_percent', '%', DEFAULT_UNITS).format(21.34)).toBe('21.3%');
    const sleep = displayFor('sleep_duration', 's', DEFAULT_UNITS);
    expect(sleep.format(27_120)).toBe('7 h 32 min');
    expect(sleep.convert(27_000)).toBe(7.5);
    expect(sleep.formatChange(-1500)).toBe('−25 min');
  });
});

describe('without the catalog', () => {
  it('shows values unconverted, in their canonical unit', () => {
    catalogStore.set({ metrics: [], sources: [] });
    try {
      expect(displayFor('weight', 'kg', units({ weight: 'st' })).format(74)).toBe('74.0 kg');
      expect(formatStone(74)).toBe('74.0 kg');
    } finally {
      catalogStore.set(CATALOG);
    }
  });
});
