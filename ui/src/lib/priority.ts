/** Source priority: which source a chart shows first when several have data. */
import type { CatalogueEntry, Metric, Settings, SourceId } from '../ipc';
import { metricInfo, sourceInfo, sources } from '../state/catalog';

/** Place in the backend's default order (the catalog's source list); unknown ids last. */
const rank = (s: SourceId): number => {
  const order = sources();
  const i = order.findIndex((info) => info.id === s);
  return i === -1 ? order.length : i;
};

/** Sources of `metric`, saved order first, then the rest in default order. */
export function effectiveOrder(metric: Metric, catalogue: readonly CatalogueEntry[], settings: Settings): SourceId[] {
  const present = [...new Set(catalogue.filter((e) => e.metric === metric).map((e) => e.source))];
  const saved = (settings.priority[metric] ?? []).filter((s) => present.includes(s));
  const rest = present.filter((s) => !saved.includes(s)).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return [...saved, ...rest];
}

/** Moves item `i` by `delta` places (clamped); returns a new array. */
export function move<T>(list: readonly T[], i: number, delta: number): T[] {
  const j = Math.max(0, Math.min(list.length - 1, i + delta));
  const out = [...list];
  const [item] = out.splice(i, 1);
  if (item !== undefined) out.splice(j, 0, item);
  return out;
}

/** Metrics that more than one source reports: the only ones worth ordering. */
export function contestedMetrics(catalogue: readonly CatalogueEntry[]): Metric[] {
  const sources = new Map<Metric, Set<SourceId>>();
  for (const e of catalogue) {
    const set = sources.get(e.metric) ?? new Set<SourceId>();
    set.add(e.source);
    sources.set(e.metric, set);
  }
  return [...sources.entries()].filter(([, s]) => s.size > 1).map(([m]) => m).sort();
}

/** What the user calls a source ("Withings"); the id itself if unknown. */
export function sourceName(id: SourceId): string {
  return sourceInfo(id)?.name ?? id;
}

/** The sources of `rows`, in first-seen order, each once. */
export function sourcesIn(rows: readonly { source: SourceId }[]): SourceId[] {
  return [...new Set(rows.map((r) => r.source))];
}

/** Every source of the lists, in order, each once. */
export function unionSources(...lists: readonly (readonly SourceId[] | undefined)[]): SourceId[] {
  return [...new Set(lists.flatMap((l) => l ?? []))];
}

/** "resting_heart_rate" → "Resting heart rate". */
export function metricName(id: Metric): string {
  // The catalogue's label ("Heart-rate variability (SDNN)"); the id in words before the catalogue loads.
  const label = metricInfo(id)?.label;
  if (label) return label;
  const s = id.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}
