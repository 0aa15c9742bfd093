/**
 * Every stored metric, one small card each (label, unit, latest value and
 * its date, a trend over the range), straight from the backend's catalogue:
 * a new provider's metrics show up here without new UI code. A card opens
 * the metric's own chart (#/metric/<id>).
 */
import { Page } from '../components/Page';
import { Sparkline } from '../components/Sparkline';
import { useMetricColours } from '../hooks/useMetricColours';
import { useSeries } from '../hooks/useSeries';
import { useLatestValues } from '../hooks/useWorkouts';
import { viewerZone, type CatalogueEntry, type LatestValue, type Metric } from '../ipc';
import { formatNumber } from '../lib/format';
import { formatDay } from '../lib/time';
import { displayFor } from '../lib/units';
import { metricInfo, sourceInfo } from '../state/catalog';
import { catalogueStore } from '../state/data';
import { rangeStore, type TimeWindow } from '../state/range';
import { settingsStore } from '../state/settings';
import { useStore } from '../state/store';

/** Width the sparklines are fetched for: a card's trend needs no more points. */
const SPARK_WIDTH = 240;

export interface MetricSummary {
  metric: Metric;
  sources: string[];
  count: number;
  last: number;
}

/** One summary per metric with data, in catalogue order; sleep stages only make sense as a hypnogram. */
export function metricSummaries(entries: readonly CatalogueEntry[]): MetricSummary[] {
  const out: MetricSummary[] = [];
  for (const e of entries) {
    if (e.metric === 'sleep_stage' || e.count === 0) continue;
    const found = out.find((s) => s.metric === e.metric);
    if (found) {
      found.sources.push(e.source);
      found.count += e.count;
      found.last = Math.max(found.last, e.last);
    } else {
      out.push({ metric: e.metric, sources: [e.source], count: e.count, last: e.last });
    }
  }
  return out;
}

function MetricCard({ summary, latest, window }: { summary: MetricSummary; latest: LatestValue | undefined; window: TimeWindow }) {
  const { units } = useStore(settingsStore);
  const colours = useMetricColours();
  const zone = viewerZone();
  const info = metricInfo(summary.metric);
  const label = info?.label ?? summary.metric;
  const d = displayFor(summary.metric, info?.unit ?? '', units);
  const isWorkout = summary.metric === 'workout';
  const series = useSeries(summary.metric, window, SPARK_WIDTH, !isWorkout);
  const values = (series.data?.points ?? []).map((p) => d.convert(p.value));
  const href = isWorkout ? '#/workouts' : `#/metric/${summary.metric}`;
  const sources = summary.sources.map((s) => sourceInfo(s)?.name ?? s).join(', ');
  return (
    <li>
      <a class="card metric-card" href={href} data-testid={`metric-${summary.metric}`}>
        <span class="metric-card__head">
          <span class="metric-card__label">{label}</span>
          <span class="metric-card__unit">{d.unit === '' ? (info?.unit === 'count' ? 'count' : '') : d.unit}</span>
        </span>
        <span class="metric-card__value">{isWorkout ? `${formatNumber(summary.count)} sessions` : latest ? d.format(latest.value) : '—'}</span>
        <span class="metric-card__date">{isWorkout ? `last ${formatDay(summary.last, zone)}` : latest ? formatDay(latest.start, zone) : ''}</span>
        {!isWorkout && <Sparkline values={values} color={colours.body} label={`${label} over the selected range`} />}
        <span class="metric-card__source">{sources}</span>
      </a>
    </li>
  );
}

export function AllMetricsPage() {
  const { window } = useStore(rangeStore);
  const catalogue = useStore(catalogueStore);
  const latest = useLatestValues();
  const summaries = metricSummaries(catalogue);
  return (
    <Page title="All metrics">
      <p class="page__intro">
        Every kind of reading stored on this computer, from every connected service. Open one for its chart.
      </p>
      <ul class="metric-cards" aria-label="Metrics">
        {summaries.map((s) => (
          <MetricCard key={s.metric} summary={s} latest={latest.data?.find((l) => l.metric === s.metric)} window={window} />
        ))}
      </ul>
    </Page>
  );
}
