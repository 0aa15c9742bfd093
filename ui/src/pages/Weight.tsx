/** Weight: every weigh-in with a 7-day moving-average trend; body fat % when there is some. */
import { useEffect, useMemo } from 'preact/hooks';
import { pointsChart } from '../charts/weight';
import { Chart } from '../components/Chart';
import { ChartCard } from '../components/ChartCard';
import { NoDataInRange } from '../components/EmptyState';
import { Page, Stats } from '../components/Page';
import { usePalette } from '../hooks/usePalette';
import { useChartHeight } from '../hooks/useChartHeight';
import { useSeries } from '../hooks/useSeries';
import { useWidth } from '../hooks/useWidth';
import { viewerZone } from '../ipc';
import { movingAverage } from '../lib/aggregate';
import { describeResolution } from '../lib/describe';
import { displayFor } from '../lib/units';
import { currentChartStore } from '../state/chart';
import { catalogueStore, hasMetric } from '../state/data';
import { rangeStore, selectPreset, zoomTo } from '../state/range';
import { settingsStore } from '../state/settings';
import { useStore } from '../state/store';

export function WeightPage() {
  const { window } = useStore(rangeStore);
  const { units } = useStore(settingsStore);
  const catalogue = useStore(catalogueStore);
  const [ref, width] = useWidth<HTMLDivElement>();
  const [fatRef, fatWidth] = useWidth<HTMLDivElement>();
  const palette = usePalette();
  const zone = viewerZone();
  const withFat = hasMetric(catalogue, 'body_fat_percent');
  // The body fat card below takes ~230 px when there is some.
  const height = useChartHeight(withFat ? 590 : 360, 200, 460);
  const weight = useSeries('weight', window, width);
  const fat = useSeries('body_fat_percent', window, fatWidth, withFat);
  const d = useMemo(() => displayFor('weight', 'kg', units), [units]);
  const fatD = useMemo(() => displayFor('body_fat_percent', '%', units), [units]);

  useEffect(() => {
    currentChartStore.set({ title: 'Weight', args: weight.args });
    // args is rebuilt each render: its JSON is its identity.
  }, [JSON.stringify(weight.args)]);

  const model = useMemo(
    () =>
      weight.data && weight.data.points.length > 0
        ? pointsChart({
            series: weight.data,
            window: weight.data.range,
            display: d,
            palette,
            zone,
            color: palette.weight,
            pointColor: palette.weightPoint,
            label: 'Weight',
            trend: true,
            onZoom: zoomTo,
          })
        : null,
    [weight.data, d, palette, zone],
  );
  const fatModel = useMemo(
    () =>
      fat.data && fat.data.points.length > 0
        ? pointsChart({
            series: fat.data,
            window: fat.data.range,
            display: fatD,
            palette,
            zone,
            color: palette.fat,
            pointColor: palette.fat,
            label: 'Body fat',
            trend: true,
            onZoom: zoomTo,
          })
        : null,
    [fat.data, fatD, palette, zone],
  );

  const pts = weight.data?.points ?? [];
  const trend = movingAverage(pts.map((p) => ({ t: p.t, value: p.value })));
  const latest = pts[pts.length - 1];
  const firstTrend = trend[0];
  const lastTrend = trend[trend.length - 1];
  const values = pts.map((p) => p.value);
  const showAll = (): void => {
    selectPreset('all');
  };

  return (
    <Page title="Weight">
      <Stats
        items={[
          { label: 'Latest', value: latest ? d.format(latest.value) : '—', testId: 'stat-weight-latest' },
          {
            label: 'Change (trend)',
            value: firstTrend !== undefined && lastTrend !== undefined && pts.length > 1 ? d.formatChange(lastTrend - firstTrend) : '—',
            detail: 'over this range',
          },
          { label: 'Lowest', value: values.length ? d.format(Math.min(...values)) : '—' },
          { label: 'Highest', value: values.length ? d.format(Math.max(...values)) : '—' },
        ]}
      />
      <ChartCard
        title="Weight"
        subtitle={weight.data ? `Points: ${describeResolution(weight.data.resolution)}; line: 7-day moving average.` : undefined}
        yLabel={`Weight (${d.unit})`}
        testId="chart-weight"
        sources={weight.data?.sources}
        bodyRef={ref}
        loading={weight.loading}
        error={weight.error}
        legend={[
          { label: 'Weigh-in', color: palette.weightPoint, kind: 'point' },
          { label: '7-day average', color: palette.weight, kind: 'line' },
        ]}
        empty={weight.data && pts.length === 0 ? <NoDataInRange what="weigh-ins" onShowAll={showAll} /> : undefined}
      >
        {model && <Chart model={model} width={width} height={height} label="Weight over the selected range" />}
      </ChartCard>
      {withFat && (
        <ChartCard
          title="Body fat"
          yLabel="Body fat (%)"
          testId="chart-fat"
          sources={fat.data?.sources}
          bodyRef={fatRef}
          loading={fat.loading}
          error={fat.error}
          empty={fat.data?.points.length === 0 ? <NoDataInRange what="body fat readings" onShowAll={showAll} /> : undefined}
        >
          {fatModel && <Chart model={fatModel} width={fatWidth} height={150} label="Body fat percentage over the selected range" />}
        </ChartCard>
      )}
    </Page>
  );
}
