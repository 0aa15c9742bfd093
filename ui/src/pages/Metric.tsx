/**
 * One metric's chart (#/metric/<id>), for any metric in the catalogue: the
 * readings over the range in the user's unit, with latest, average, lowest
 * and highest. The long tail needs no page of its own.
 */
import { useEffect, useMemo } from 'preact/hooks';
import { MetricChartCard } from '../components/MetricChartCard';
import { Page } from '../components/Page';
import { Tiles } from '../components/Tiles';
import { useChartHeight } from '../hooks/useChartHeight';
import { useMetricColours } from '../hooks/useMetricColours';
import { useSeries } from '../hooks/useSeries';
import { useWidth } from '../hooks/useWidth';
import { useLatestValues } from '../hooks/useWorkouts';
import { viewerZone, type Metric } from '../ipc';
import { formatDay } from '../lib/time';
import { displayFor } from '../lib/units';
import { currentChartStore } from '../state/chart';
import { asMetric, metricInfo } from '../state/catalog';
import { rangeStore } from '../state/range';
import { routeArgStore } from '../state/route';
import { settingsStore } from '../state/settings';
import { useStore } from '../state/store';

export function MetricPage() {
  const arg = useStore(routeArgStore);
  const metric = asMetric(arg);
  if (!metric || metric === 'sleep_stage') {
    return (
      <Page title="Metric" noRange>
        <section class="card metrics-empty">
          <h2>No such metric</h2>
          <p>“{arg}” is not a metric this version of Healthdash knows.</p>
          <a class="button" href="#/metrics">
            All metrics
          </a>
        </section>
      </Page>
    );
  }
  return <MetricChart metric={metric} />;
}

function MetricChart({ metric }: { metric: Metric }) {
  const { window } = useStore(rangeStore);
  const { units } = useStore(settingsStore);
  const colours = useMetricColours();
  const zone = viewerZone();
  const [ref, width] = useWidth<HTMLDivElement>();
  const height = useChartHeight(330, 220, 480);
  const info = metricInfo(metric);
  const label = info?.label ?? metric;
  const d = useMemo(() => displayFor(metric, info?.unit ?? '', units), [metric, info, units]);
  const series = useSeries(metric, window, width);
  const latest = useLatestValues();
  const last = latest.data?.find((l) => l.metric === metric);

  useEffect(() => {
    currentChartStore.set({ title: label, args: series.args });
    // args is rebuilt each render: its JSON is its identity.
  }, [JSON.stringify(series.args)]);

  const pts = series.data?.points ?? [];
  const values = pts.map((p) => p.value);
  const weights = pts.map((p) => Math.max(1, p.n));
  const n = weights.reduce((a, w) => a + w, 0);
  const average = n > 0 ? pts.reduce((a, p, i) => a + p.value * (weights[i] ?? 1), 0) / n : null;
  const additive = info?.kind === 'interval';

  return (
    <Page title={label}>
      <p class="page__intro">
        <a href="#/metrics">All metrics</a> · {label}
        {d.unit ? ` in ${d.unit}` : ''}
      </p>
      <Tiles
        label={`${label} summary`}
        items={[
          { label: 'Latest', value: last ? d.format(last.value) : '—', detail: last ? formatDay(last.start, zone) : undefined, testId: 'tile-latest' },
          { label: additive ? 'Average per point' : 'Average', value: average === null ? '—' : d.format(average), detail: 'in this range' },
          { label: 'Lowest', value: values.length ? d.format(Math.min(...pts.map((p) => p.min))) : '—', detail: 'in this range' },
          { label: 'Highest', value: values.length ? d.format(Math.max(...pts.map((p) => p.max))) : '—', detail: 'in this range' },
        ]}
      />
      <div ref={ref}>
        <MetricChartCard
          title={label}
          series={series}
          display={d}
          color={colours.body}
          pointColor={colours.bodyPoint}
          trend={!additive}
          height={height}
          what={`${label.toLowerCase()} values`}
          testId="chart-metric"
        />
      </div>
    </Page>
  );
}
