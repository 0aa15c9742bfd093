import { beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../../e2e/fixtures/catalog';
import type { CatalogueEntry, Metric } from '../ipc';
import { catalogStore } from '../state/catalog';
import { providerOverlaps, reservingProviders } from './overlap';

beforeAll(() => {
  catalogStore.set(CATALOG);
});

const entry = (metric: Metric, source: string): CatalogueEntry => ({ metric, unit: 'kg', source, count: 10, first: 0, last: 1 });

describe('providers that deliver the same metric', () => {
  it('lists a metric two providers deliver, in the default order', () => {
    const catalogue = [entry('weight', 'humanapi'), entry('weight', 'withings'), entry('steps', 'humanapi'), entry('heart_rate', 'withings')];
    expect(providerOverlaps(catalogue)).toEqual([{ metric: 'weight', providers: ['withings', 'humanapi'] }]);
  });

  it('leaves demo data and imported files out: they are not providers', () => {
    const catalogue = [entry('weight', 'demo'), entry('weight', 'apple_health'), entry('weight', 'withings')];
    expect(providerOverlaps(catalogue)).toEqual([]);
  });

  it('names Human API as the one re-serving other services’ data', () => {
    const overlaps = providerOverlaps([entry('weight', 'humanapi'), entry('weight', 'withings')]);
    expect(reservingProviders(overlaps)).toEqual(['humanapi']);
    expect(reservingProviders([])).toEqual([]);
  });
});
