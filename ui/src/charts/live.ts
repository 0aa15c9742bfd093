/**
 * In-place chart updates. uPlot reads its options once, when it is built;
 * building one again for every new range costs a new canvas, new DOM, axis
 * measurement and a first draw, most of a range switch. So <Chart> builds
 * uPlot from *live* options: every function in a model's options (scale
 * ranges, tick labels, path builders, plugin hooks) becomes a trampoline to
 * the function at the same place in the model shown now, and everything
 * else makes up the chart's layout signature. A new model with the same
 * signature (same series, kinds, units, colours) is applied with setData; a
 * different one (a series more, say a baseline band) rebuilds the chart.
 */
import type uPlot from 'uplot';
import type { ChartModel } from './model';

type Path = readonly (string | number)[];

/** Where the function marker stands in a signature. */
const FN = 'ƒ';

function isPlain(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Style that may differ between two ranges of one chart (a thicker line and a
 * fainter band on daily buckets): patched into the instance, not a rebuild.
 */
function isPatched(path: Path): boolean {
  return (path.length === 3 && path[0] === 'series' && path[2] === 'width') || (path.length === 3 && path[0] === 'bands' && path[2] === 'fill');
}

function shape(v: unknown, path: Path): unknown {
  if (isPatched(path)) return undefined;
  if (typeof v === 'function') return FN;
  if (Array.isArray(v)) return v.map((x, i) => shape(x, [...path, i]));
  if (isPlain(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x, [...path, k])]));
  return v;
}

/** Everything about a model but its data and functions: equal signatures can share one uPlot. */
export function layoutSignature(model: ChartModel): string {
  return JSON.stringify({ columns: model.data.length, options: shape(model.options, []) });
}

function at(root: unknown, path: Path): unknown {
  let v = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}

/** A copy of `v` whose functions call the function at the same path of `current()`'s options. */
function trampolined(v: unknown, path: Path, current: () => ChartModel): unknown {
  if (typeof v === 'function') {
    return (...args: unknown[]): unknown => {
      const f = at(current().options, path);
      return typeof f === 'function' ? (f as (...a: unknown[]) => unknown)(...args) : undefined;
    };
  }
  if (Array.isArray(v)) return v.map((x, i) => trampolined(x, [...path, i], current));
  if (isPlain(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, trampolined(x, [...path, k], current)]));
  return v;
}

/** Options for a uPlot that follows whatever model `current()` returns (same signature). */
export function liveOptions(current: () => ChartModel): ChartModel['options'] {
  return trampolined(current().options, [], current) as ChartModel['options'];
}

/** Applies the patched style of `model` (series widths, band fills) to a live instance. */
export function patchStyle(u: uPlot, model: ChartModel): void {
  model.options.series.forEach((s, i) => {
    const shown = u.series[i];
    if (shown && typeof s.width === 'number') shown.width = s.width;
  });
  const bands = (u as unknown as { bands?: uPlot.Band[] }).bands ?? [];
  (model.options.bands ?? []).forEach((b, i) => {
    const shown = bands[i];
    const fill = b.fill;
    // uPlot keeps band fills as functions once built.
    if (shown && fill !== undefined) shown.fill = typeof fill === 'function' ? fill : () => fill;
  });
}
