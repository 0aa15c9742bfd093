/**
 * Body composition: fat, lean (fat-free) mass, muscle, bone and water from a
 * body-composition scale, each charted over the range in the user's weight
 * unit, with the latest value and its change over the range; BMI from the
 * latest weight and stored height.
 */
import { useMemo } from 'preact/hooks';
import { MetricChartCard, seriesChange } from '../components/MetricChartCard';
import { Page } from '../components/Page';
import { shortDay, Tiles, type Tile } from '../components/Tiles';
import { useMetricColours } from '../hooks/useMetricColours';
import { useSeries } from '../hooks/useSeries';
import { useWidth } from '../hooks/useWidth';
import { useLatestValues } from '../hooks/useWorkouts';
import { viewerZone, type LatestValue, type Metric } from '../ipc';
import { bmi, bmiBand } from '../lib/body';
import { formatNumber } from '../lib/format';
import { displayFor } from '../lib/units';
import { metricInfo } from '../state/catalog';
import { catalogueStore, hasMetric } from '../state/data';
import { rangeStore } from '../state/range';
import { settingsStore } from '../state/settings';
import { useStore } from '../state/store';

/** The body-composition metrics, in the order a scale report lists them. */
export const BODY_METRICS: readonly Metric[] = ['body_fat_percent', 'fat_mass', 'fat_free_mass', 'muscle_mass', 'bone_mass', 'hydration'];

export function latestOf(values: readonly LatestValue[] | undefined, metric: Metric): LatestValue | undefined {
  return values?.find((v) => v.metric === metric);
}

export function BodyPage() {
  const { window } = useStore(rangeStore);
  const { units } = useStore(settingsStore);
  const catalogue = useStore(catalogueStore);
  const colours = useMetricColours();
  const zone = viewerZone();
  const [gridRef, gridWidth] = useWidth<HTMLDivElement>();
  const latest = useLatestValues();
  // Two cards a row: each chart is about half the grid wide.
  const queryWidth = Math.floor(gridWidth / 2);
  const present = BODY_METRICS.map((m) => hasMetric(catalogue, m));
  // One hook per metric, always in the same order (hooks rule).
  const series = [
    useSeries('body_fat_percent', window, queryWidth, present[0]),
    useSeries('fat_mass', window, queryWidth, present[1]),
    useSeries('fat_free_mass', window, queryWidth, present[2]),
    useSeries('muscle_mass', window, queryWidth, present[3]),
    useSeries('bone_mass', window, queryWidth, present[4]),
    useSeries('hydration', window, queryWidth, present[5]),
  ];
  const displays = useMemo(() => BODY_METRICS.map((m) => displayFor(m, metricInfo(m)?.unit ?? '', units)), [units]);
  const any = present.some(Boolean);

  const tiles: Tile[] = [];
  const weight = latestOf(latest.data, 'weight');
  const height = latestOf(latest.data, 'height');
  const index = weight && height ? bmi(weight.value, height.value) : null;
  if (index !== null) {
    tiles.push({
      label: 'BMI',
      value: formatNumber(index, 1),
      detail: `${bmiBand(index)} · ${shortDay(weight?.start ?? 0, zone)}`,
      testId: 'tile-bmi',
    });
  }
  BODY_METRICS.forEach((metric, i) => {
    const last = latestOf(latest.data, metric);
    const d = displays[i];
    if (!last || !d) return;
    const change = seriesChange(series[i]?.data);
    const when = shortDay(last.start, zone);
    tiles.push({
      label: metricInfo(metric)?.label ?? metric,
      value: d.format(last.value),
      detail: change === null ? when : `${d.formatChange(change)} in range · ${when}`,
      testId: `tile-${metric}`,
    });
  });

  return (
    <Page title="Body">
      <Tiles items={tiles} label="Latest body measurements" />
      {!any ? (
        <section class="card metrics-empty" data-testid="body-empty">
          <h2>No body composition yet</h2>
          <p>
            A scale that measures body composition (Withings Body+, Body Comp or Body Scan) fills this page with fat, lean and
            muscle mass, bone mass and hydration once it is connected.
          </p>
          <a class="button" href="#/connections">
            Connect a provider
          </a>
        </section>
      ) : (
        <div class="metrics-grid" ref={gridRef}>
          {BODY_METRICS.map((metric, i) => {
            const s = series[i];
            const d = displays[i];
            if (!present[i] || !s || !d) return null;
            const label = metricInfo(metric)?.label ?? metric;
            return (
              <MetricChartCard
                key={metric}
                title={label}
                series={s}
                display={d}
                color={colours.body}
                pointColor={colours.bodyPoint}
                trend
                height={190}
                what={`${label.toLowerCase()} readings`}
                testId={`chart-${metric}`}
              />
            );
          })}
        </div>
      )}
    </Page>
  );
}
