/**
 * Which providers deliver the same metric. Human API re-serves readings
 * from other services (a weigh-in from `withings`), so connecting both
 * gives two copies of one measurement: charts pick one by source priority,
 * and Settings says which metrics that concerns.
 */
import type { CatalogueEntry, Metric, SourceId } from '../ipc';
import { sourceInfo, sources } from '../state/catalog';

export interface Overlap {
  metric: Metric;
  /** Provider ids in the default priority order. */
  providers: SourceId[];
}

/** Place in the catalog's source order; unknown ids last. */
const rank = (id: SourceId): number => {
  const i = sources().findIndex((s) => s.id === id);
  return i === -1 ? Number.MAX_SAFE_INTEGER : i;
};

/** Metrics that more than one cloud provider delivers (demo data and imports left out). */
export function providerOverlaps(catalogue: readonly CatalogueEntry[]): Overlap[] {
  const byMetric = new Map<Metric, Set<SourceId>>();
  for (const e of catalogue) {
    if (sourceInfo(e.source)?.kind !== 'provider') continue;
    const set = byMetric.get(e.metric) ?? new Set<SourceId>();
    set.add(e.source);
    byMetric.set(e.metric, set);
  }
  return [...byMetric.entries()]
    .filter(([, set]) => set.size > 1)
    .map(([metric, set]) => ({ metric, providers: [...set].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)) }))
    .sort((a, b) => a.metric.localeCompare(b.metric));
}

/** Providers among `overlaps` that re-serve other services' data. */
export function reservingProviders(overlaps: readonly Overlap[]): SourceId[] {
  return [...new Set(overlaps.flatMap((o) => o.providers))].filter((id) => RESERVES.includes(id));
}

/** Aggregators: their records carry the device or service behind them. */
const RESERVES: readonly SourceId[] = ['humanapi'];
