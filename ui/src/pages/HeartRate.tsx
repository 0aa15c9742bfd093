/** Heart rate: bucket means with the min–max band and resting heart rate overlaid. */
import { useEffect, useMemo } from 'preact/hooks';
import { usualRangeColour } from '../charts/band';
import { heartChart } from '../charts/heart';
import { Chart } from '../components/Chart';
import { ChartCard } from '../components/ChartCard';
import { MetricChartCard } from '../components/MetricChartCard';
import { BucketSources, useBucketCursor } from '../components/Provenance';
import { displayFor } from '../lib/units';
import { NoDataInRange } from '../components/EmptyState';
import { Page, Stats } from '../components/Page';
import { usePalette } from '../hooks/usePalette';
import { useChartHeight } from '../hooks/useChartHeight';
import { useSeries } from '../hooks/useSeries';
import { useSettledMemo } from '../hooks/useSettledMemo';
import { useMetricColours } from '../hooks/useMetricColours';
import { useWidth } from '../hooks/useWidth';
import { useWorkouts } from '../hooks/useWorkouts';
import { viewerZone } from '../ipc';
import { compare, periodName, previousWindow } from '../lib/compare';
import { describeResolution } from '../lib/describe';
import { formatNumber } from '../lib/format';
import { summarizeHeart } from '../lib/heart';
import { unionSources } from '../lib/priority';
import { pointSpan } from '../lib/provenance';
import { DAY, localDate } from '../lib/time';
import { currentChartStore } from '../state/chart';
import { catalogueStore, hasMetric } from '../state/data';
import { rangeStore, selectPreset, zoomTo } from '../state/range';
import { openDay } from '../state/route';
import { settingsStore } from '../state/settings';
import { useStore } from '../state/store';

export function HeartRatePage() {
  const { window } = useStore(rangeStore);
  const [ref, width] = useWidth<HTMLDivElement>();
  const palette = usePalette();
  const height = useChartHeight(360, 220, 460);
  const zone = viewerZone();
  const heart = useSeries('heart_rate', window, width);
  const longRange = window.to - window.from > 3 * DAY;
  const resting = useSeries('resting_heart_rate', window, width);
  const colours = useMetricColours();
  // HRV (from Apple Health) only when the store has some.
  const hasHrv = hasMetric(useStore(catalogueStore), 'hrv_sdnn');
  const hrv = useSeries('hrv_sdnn', window, width, hasHrv);
  const { units } = useStore(settingsStore);
  const hrvD = useMemo(() => displayFor('hrv_sdnn', 'ms', units), [units]);
  const heartD = useMemo(() => displayFor('heart_rate', 'bpm', units), [units]);
  const workouts = useWorkouts(window, hasMetric(useStore(catalogueStore), 'workout'));
  const marks = useMemo(() => (workouts.data?.length ? { workouts: workouts.data, color: colours.workout, solid: colours.workoutSolid } : undefined), [workouts.data, colours]);
  // The window before, at the same width: the same resolution, so the same statistics.
  const before = previousWindow(window);
  const heartBefore = useSeries('heart_rate', before, width);
  const restingBefore = useSeries('resting_heart_rate', before, width);

  useEffect(() => {
    currentChartStore.set({ title: 'Heart rate', args: heart.args });
    // args is rebuilt each render: its JSON is its identity.
  }, [JSON.stringify(heart.args)]);

  // The line, the resting line and the workouts arrive as three answers: one drawing when all are in.
  const loading = heart.loading || resting.loading || workouts.loading;
  const model = useSettledMemo(
    loading,
    () =>
      heart.data && heart.data.points.length > 0
        ? heartChart({
            heart: heart.data,
            resting: resting.data ?? null,
            window: heart.data.range,
            palette,
            zone,
            onZoom: zoomTo,
            // Past a few days a point is (part of) a day: a click opens that day.
            onPick: longRange ? (t) => { openDay(localDate(t, zone)); } : undefined,
            marks,
          })
        : null,
    [heart.data, resting.data, palette, zone, longRange, marks],
  );
  // The chart joins resting heart rate into its x values: a cursor index is
  // a time, and the heart-rate bucket is the one around it.
  const [bucket, onCursor] = useBucketCursor((i) => {
    const x = model?.data[0][i];
    return x === undefined ? null : pointSpan(heart.data?.points.find((p) => p.t <= x && x <= p.end));
  });
  const hr = summarizeHeart(heart.data?.points ?? []);
  const rest = summarizeHeart(resting.data?.points ?? []);
  const hrBefore = summarizeHeart(heartBefore.data?.points ?? []);
  const restBefore = summarizeHeart(restingBefore.data?.points ?? []);
  const bpm = (v: number): string => `${formatNumber(v)} bpm`;
  const vs = { format: bpm, period: periodName(window) };
  const resolution = heart.data ? describeResolution(heart.data.resolution) : '';

  return (
    <Page title="Heart rate">
      <Stats
        items={[
          { label: 'Average', value: hr ? bpm(hr.mean) : '—', testId: 'stat-hr-average', compare: compare(hr?.mean, hrBefore?.mean, vs) },
          { label: 'Lowest', value: hr ? bpm(hr.min) : '—', compare: compare(hr?.min, hrBefore?.min, vs) },
          { label: 'Highest', value: hr ? bpm(hr.max) : '—', compare: compare(hr?.max, hrBefore?.max, vs) },
          {
            label: 'Resting (average)',
            value: rest ? bpm(rest.mean) : '—',
            testId: 'stat-hr-resting',
            compare: compare(rest?.mean, restBefore?.mean, vs),
          },
        ]}
      />
      <ChartCard
        title="Heart rate"
        subtitle={resolution ? `Line: ${resolution}; band: lowest to highest. Drag to zoom${longRange ? ', click a day to open it' : ''}.` : undefined}
        yLabel="Heart rate (bpm)"
        testId="chart-heart"
        usualRange={resting.data?.band ? usualRangeColour() : null}
        sources={heart.data && unionSources(heart.data.sources, resting.data?.sources)}
        bodyRef={ref}
        loading={loading}
        error={heart.error}
        legend={[
          { label: 'Heart rate', color: palette.heart, kind: 'line' },
          { label: 'Min–max', color: palette.heartBand, kind: 'band' },
          { label: 'Resting', color: palette.resting, kind: 'dash' },
          ...(marks ? [{ label: 'Workout', color: colours.workout, kind: 'band' as const }] : []),
        ]}
        empty={
          heart.data?.points.length === 0 ? (
            <NoDataInRange
              what="heart rate readings"
              onShowAll={() => {
                selectPreset('all');
              }}
            />
          ) : undefined
        }
      >
        {model && (
          <Chart model={model} width={width} height={height} label="Heart rate over the selected range" dataKey={heart.dataKey} onCursor={onCursor} />
        )}
        {model && <BucketSources metric="heart_rate" bucket={bucket} display={heartD} />}
      </ChartCard>
      {hasHrv && (
        <MetricChartCard
          title="Heart rate variability (SDNN)"
          series={hrv}
          display={hrvD}
          color={palette.resting}
          pointColor={palette.heart}
          trend
          height={170}
          what="heart rate variability readings"
          testId="chart-hrv_sdnn"
        />
      )}
    </Page>
  );
}
