import { beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../../e2e/fixtures/catalog';
import type { CatalogueEntry, Metric } from '../ipc';
import { catalogStore } from '../state/catalog';
import { DEFAULT_UNITS } from './units';
import { contestedMetrics, effectiveOrder, metricName, move, sourceName } from './priority';

beforeAll(() => {
  catalogStore.set(CATALOG);
});

const entry = (metric: Metric, source: string): CatalogueEntry => ({ metric, unit: 'kg', source, count: 10, first: 0, last: 1 });
const catalogue = [entry('weight', 'demo'), entry('weight', 'withings'), entry('weight', 'exist'), entry('steps', 'demo')];

describe('source priority', () => {
  it('lists saved order first, then the default provider order', () => {
    expect(effectiveOrder('weight', catalogue, { units: DEFAULT_UNITS, priority: {}, sync: { background: true }, insights: { disabled: [] } })).toEqual(['withings', 'exist', 'demo']);
    expect(effectiveOrder('weight', catalogue, { units: DEFAULT_UNITS, priority: { weight: ['demo', 'gone'] }, sync: { background: true }, insights: { disabled: [] } })).toEqual([
      'demo',
      'withings',
      'exist',
    ]);
  });

  it('moves an item and clamps at the ends', () => {
    expect(move(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(move(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(move(['a', 'b', 'c'], 0, 5)).toEqual(['b', 'c', 'a']);
  });

  it('offers only metrics with more than one source', () => {
    expect(contestedMetrics(catalogue)).toEqual(['weight']);
    expect(metricName('resting_heart_rate')).toBe('Resting heart rate');
  });

  it('names sources as the backend does', () => {
    expect(sourceName('humanapi')).toBe('Human API');
    expect(sourceName('demo')).toBe('Demo data');
    expect(sourceName('fitbit')).toBe('fitbit');
  });
});
