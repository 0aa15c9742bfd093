/** A chart's data as a table: the same titles, values and units as its hover readout. */
import { useMemo } from 'preact/hooks';
import { readoutTable } from '../charts/access';
import type { ChartModel } from '../charts/model';

interface Props {
  model: ChartModel;
  label: string;
  /** The chart's height: the table scrolls within it so the page does not jump. */
  height: number;
}

export function ChartTable({ model, label, height }: Props) {
  const table = useMemo(() => readoutTable(model), [model]);
  return (
    // Focusable so that keyboard users can scroll it.
    <div class="chart-table" tabIndex={0} role="region" aria-label={`${label} (table)`} style={{ maxHeight: `${String(height)}px` }}>
      <table>
        <caption class="visually-hidden">{label}</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            {table.columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, i) => (
            <tr key={String(i)}>
              <th scope="row">{row.title}</th>
              {row.cells.map((cell, j) => (
                <td key={String(j)}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {table.rows.length === 0 && <p class="muted">Nothing to list in this range.</p>}
    </div>
  );
}
