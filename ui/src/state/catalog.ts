/**
 * The backend's static catalog (metrics with their display units, sources
 * with their names and streams), loaded once at start. The UI keeps no copy
 * of these lists: everything that names a metric or a source, or converts a
 * value for display, reads them from here.
 */
import { api, type Catalog, type Metric, type MetricInfo, type SourceInfo } from '../ipc';
import { createStore } from './store';

const EMPTY: Catalog = { metrics: [], sources: [] };

export const catalogStore = createStore<Catalog>(EMPTY);

// Indexes rebuilt with each catalog, for lookups on every formatted value.
let metricsById = new Map<Metric, MetricInfo>();
let sourcesById = new Map<string, SourceInfo>();

catalogStore.subscribe((catalog) => {
  metricsById = new Map(catalog.metrics.map((m) => [m.id, m]));
  sourcesById = new Map(catalog.sources.map((s) => [s.id, s]));
});

/** Asks the backend once; the app renders after this settles. */
export async function loadCatalog(): Promise<void> {
  catalogStore.set(await api.catalog());
}

/** A metric's entry; undefined only before the catalog has loaded. */
export function metricInfo(id: Metric): MetricInfo | undefined {
  return metricsById.get(id);
}

/** `id` as a metric id, if it is one (a `<select>`'s value, say). */
export function asMetric(id: string): Metric | undefined {
  return catalogStore.get().metrics.find((m) => m.id === id)?.id;
}

/** A source's entry; undefined for ids this build does not know. */
export function sourceInfo(id: string): SourceInfo | undefined {
  return sourcesById.get(id);
}

/** Every source, best first: the default priority order. */
export function sources(): readonly SourceInfo[] {
  return catalogStore.get().sources;
}

/** A metric's label from its id in a route, if the id is known. */
export function metricLabel(id: string): string | undefined {
  const metric = asMetric(id);
  return metric && metricInfo(metric)?.label;
}
