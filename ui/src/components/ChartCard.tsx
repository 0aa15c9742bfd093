/**
 * A chart's frame: title, the y-axis label with its unit (HTML, so it stays
 * crisp and readable), a legend, and the state when there is nothing to draw.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ChartTableView } from './chartView';
import type { SourceId } from '../ipc';
import { sourceName } from '../lib/priority';
import { USUAL_RANGE_LEGEND } from '../charts/band';

export interface LegendItem {
  label: string;
  color: string;
  /** How the series is drawn, so the swatch matches it. */
  kind: 'line' | 'dash' | 'bar' | 'band' | 'point';
}

interface Props {
  title: string;
  subtitle?: string | undefined;
  yLabel?: string | undefined;
  legend?: readonly LegendItem[] | undefined;
  bodyRef?: ((el: HTMLDivElement | null) => void) | undefined;
  loading?: boolean | undefined;
  error?: string | null | undefined;
  /** Shown instead of the chart when there is no data. */
  empty?: ComponentChildren;
  actions?: ComponentChildren;
  testId?: string | undefined;
  /**
   * The fill of the usual-range band behind the chart, when it has one: its
   * legend line sits on the y-label row, where it costs no height.
   */
  usualRange?: string | null | undefined;
  /** Where the drawn numbers come from, best first: named under the chart. */
  sources?: readonly SourceId[] | undefined;
  children?: ComponentChildren;
}

/** "From Withings" / "From Withings and Exist". */
function fromLine(sources: readonly SourceId[]): string {
  const names = sources.map(sourceName);
  const last = names.pop();
  return `From ${names.length > 0 ? `${names.join(', ')} and ${String(last)}` : String(last)}`;
}

function UsualRangeNote({ color }: { color: string }) {
  return (
    <span class="chart-card__usual" data-testid="usual-range-legend">
      <span class="legend__swatch legend__swatch--band" style={{ '--swatch': color }} aria-hidden="true" />
      {USUAL_RANGE_LEGEND}
    </span>
  );
}

export function ChartCard(props: Props) {
  const [table, setTable] = useState(false);
  const hasChart = !props.error && !props.empty && props.children !== undefined && props.children !== null && props.children !== false;
  return (
    <section
      class="card chart-card"
      aria-label={props.title}
      data-testid={props.testId}
      data-sources={props.sources ? props.sources.join(' ') : undefined}
    >
      <header class="chart-card__head">
        <div>
          <h2 class="chart-card__title">{props.title}</h2>
          {props.subtitle && <p class="chart-card__subtitle">{props.subtitle}</p>}
        </div>
        <div class="chart-card__side">
          {props.legend && props.legend.length > 0 && (
            <ul class="legend" aria-label="Legend">
              {props.legend.map((item) => (
                <li key={item.label}>
                  <span class={`legend__swatch legend__swatch--${item.kind}`} style={{ '--swatch': item.color }} aria-hidden="true" />
                  {item.label}
                </li>
              ))}
            </ul>
          )}
          {props.actions}
          {hasChart && (
            <button
              type="button"
              class="button button--small chart-card__view"
              aria-pressed={table}
              title={table ? 'Show as a chart' : 'Show the values as a table'}
              onClick={() => {
                setTable(!table);
              }}
            >
              Table
            </button>
          )}
        </div>
      </header>
      {props.usualRange && !props.error && !props.empty ? (
        <div class="chart-card__axis-row">
          {props.yLabel && <div class="chart-card__ylabel">{props.yLabel}</div>}
          <UsualRangeNote color={props.usualRange} />
        </div>
      ) : (
        props.yLabel && <div class="chart-card__ylabel">{props.yLabel}</div>
      )}
      <div class="chart-card__body" ref={props.bodyRef ?? null} aria-busy={props.loading ? 'true' : 'false'}>
        {props.error ? (
          <p class="chart-card__message chart-card__message--error" role="alert">
            Could not load this chart: {props.error}
          </p>
        ) : props.empty ? (
          <div class="chart-card__message">{props.empty}</div>
        ) : (
          <ChartTableView.Provider value={table}>{props.children}</ChartTableView.Provider>
        )}
        {props.loading && <div class="chart-card__loading" aria-hidden="true" />}
      </div>
      {props.sources && props.sources.length > 0 && !props.error && !props.empty && (
        <p class="chart-card__source">{fromLine(props.sources)}</p>
      )}
    </section>
  );
}
