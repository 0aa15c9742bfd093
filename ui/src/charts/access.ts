/**
 * The chart's non-visual side: which points a keyboard cursor visits, and
 * the chart's data as a table. Both read the model's own readout, so what
 * is announced or tabulated is exactly what the hover tooltip shows.
 */
import type { ChartModel } from './model';

/**
 * Where a key moves the keyboard cursor among `stops` (data indices in x
 * order): the new index, or `undefined` when the key is not a cursor key.
 * With no cursor yet, → and Home start at the first point, ← and End at the last.
 */
export function stepCursor(stops: readonly number[], current: number | null, key: string): number | null | undefined {
  if (stops.length === 0) return ['ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown'].includes(key) ? null : undefined;
  const first = 0;
  const last = stops.length - 1;
  const at = current === null ? -1 : stops.indexOf(current);
  const pos = (i: number): number | null => stops[Math.max(first, Math.min(last, i))] ?? null;
  switch (key) {
    case 'Home':
      return pos(first);
    case 'End':
      return pos(last);
    case 'ArrowRight':
      return at < 0 ? pos(first) : pos(at + 1);
    case 'ArrowLeft':
      return at < 0 ? pos(last) : pos(at - 1);
    case 'PageDown':
      return at < 0 ? pos(first) : pos(at + 10);
    case 'PageUp':
      return at < 0 ? pos(last) : pos(at - 10);
    default:
      return undefined;
  }
}

/** Data indices that have something to read out and lie inside [from, to]. */
export function cursorStops(model: ChartModel, from = -Infinity, to = Infinity): number[] {
  const xs = model.data[0];
  const stops: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (x !== undefined && x >= from && x <= to && model.readout(i) !== null) stops.push(i);
  }
  return stops;
}

export interface ReadoutTable {
  columns: string[];
  rows: { title: string; cells: string[] }[];
}

/**
 * Every point's readout as a table row: the readout title, then one column
 * per series. A row whose label differs from its column ("Mean of 3" in the
 * "Weight" column) keeps that label in its cell.
 */
export function readoutTable(model: ChartModel): ReadoutTable {
  const columns: string[] = [];
  const rows: { title: string; values: Map<string, string> }[] = [];
  for (const i of cursorStops(model)) {
    const r = model.readout(i);
    if (!r) continue;
    const values = new Map<string, string>();
    for (const row of r.rows) {
      const column = row.column ?? row.label;
      if (!columns.includes(column)) columns.push(column);
      const cell = row.label === column ? row.value : `${row.label}: ${row.value}`;
      // Two rows of one column at one point (two workouts): both, in order.
      const before = values.get(column);
      values.set(column, before === undefined ? cell : `${before}; ${cell}`);
    }
    rows.push({ title: r.title, values });
  }
  return { columns, rows: rows.map((r) => ({ title: r.title, cells: columns.map((c) => r.values.get(c) ?? '—') })) };
}
