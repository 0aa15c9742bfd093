/**
 * What the backend holds: app info, the catalogue, and a version number that
 * goes up whenever data changes so that every query refetches.
 */
import {
  api,
  errorMessage,
  onDataChanged,
  onDemoProgress,
  type AppInfo,
  type CatalogueEntry,
  type DemoProgress,
  type Metric,
  type SourceId,
} from '../ipc';
import { recordSpan } from '../lib/perf';
import { setDataExtent } from './range';
import { createStore } from './store';

export const appInfoStore = createStore<AppInfo | null>(null);
export const catalogueStore = createStore<CatalogueEntry[]>([]);
/** Bumped on `data-changed`; part of every query key. */
export const dataVersionStore = createStore(0);
/** Demo loading progress, or null when not loading. */
export const demoProgressStore = createStore<DemoProgress | null>(null);
export const startupErrorStore = createStore<string | null>(null);

async function refresh(): Promise<void> {
  // App info alone gates the overview's queries: it is set as soon as it
  // answers, not after the catalogue (a scan of every metric and source).
  const asked = performance.now();
  const info = api.appInfo().then((i) => {
    recordSpan('ipc:app_info', asked);
    appInfoStore.set(i);
  });
  const [, catalogue] = await Promise.all([info, api.catalogue()]);
  recordSpan('ipc:catalogue', asked);
  catalogueStore.set(catalogue);
  setDataExtent(catalogueExtent(catalogue));
}

/** First and last record over the whole catalogue. */
export function catalogueExtent(entries: readonly CatalogueEntry[]): { from: number; to: number } | null {
  if (entries.length === 0) return null;
  let from = Infinity;
  let to = -Infinity;
  for (const e of entries) {
    from = Math.min(from, e.first);
    to = Math.max(to, e.last + 1);
  }
  return { from, to };
}

/** Sources that hold `metric`, most records first. */
export function sourcesOf(entries: readonly CatalogueEntry[], metric: Metric): SourceId[] {
  return entries
    .filter((e) => e.metric === metric)
    .sort((a, b) => b.count - a.count)
    .map((e) => e.source);
}

export function hasMetric(entries: readonly CatalogueEntry[], metric: Metric): boolean {
  return entries.some((e) => e.metric === metric && e.count > 0);
}

export async function startData(): Promise<void> {
  // The first read leaves at once, beside the listeners' registration:
  // the backend answers while the first render runs, not after it.
  const first = refresh().then(
    () => true,
    (e: unknown) => {
      startupErrorStore.set(errorMessage(e));
      return false;
    },
  );
  await Promise.all([
    onDataChanged(() => {
      void dataChanged();
    }),
    onDemoProgress((p) => {
      demoProgressStore.set(p);
    }),
  ]);
  // A demo load may have stored its first batch before anyone listened (the
  // only writer at start-up: the background sync waits 5 s): read again.
  if ((await first) && appInfoStore.get()?.loading_demo) await dataChanged();
}

/** The data changed: read app info and the catalogue again, then every query. */
async function dataChanged(): Promise<void> {
  await refresh();
  // A finished demo load ends with data-changed: drop its progress bar.
  if (!appInfoStore.get()?.loading_demo) demoProgressStore.set(null);
  dataVersionStore.update((v) => v + 1);
}

/**
 * Starts loading the demo data set. The backend answers at once
 * (`loading_demo`), then reports `demo-progress` and ends with `data-changed`.
 */
export async function loadDemo(): Promise<void> {
  demoProgressStore.set({ done: 0, total: 0 });
  try {
    const info = await api.loadDemo();
    appInfoStore.set(info);
    if (!info.loading_demo) {
      // An instant load (nothing left to do): no data-changed may follow.
      await refresh();
      demoProgressStore.set(null);
      dataVersionStore.update((v) => v + 1);
    }
  } catch (e) {
    demoProgressStore.set(null);
    throw e;
  }
}

/**
 * Deletes the demo data set; the user's own data stays. The backend answers
 * the new app info and then emits `data-changed`, which refetches every chart.
 */
export async function removeDemo(): Promise<void> {
  appInfoStore.set(await api.removeDemo());
  await refresh();
}
