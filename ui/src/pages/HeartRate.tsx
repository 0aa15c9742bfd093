/** Heart rate: bucket means with the min–max band and resting heart rate overlaid. */
import { useEffect, useMemo } from 'preact/hooks';
import { heartChart } from '../charts/heart';
import { Chart } from '../components/Chart';
import { ChartCard } from '../components/ChartCard';
import { NoDataInRange } from '../components/EmptyState';
import { Page, Stats } from '../components/Page';
import { usePalette } from '../hooks/usePalette';
import { useChartHeight } from '../hooks/useChartHeight';
import { useSeries } from '../hooks/useSeries';
import { useMetricColours } from '../hooks/useMetricColours';
import { useWidth } from '../hooks/useWidth';
import { useWorkouts } from '../hooks/useWorkouts';
import { viewerZone, type Point } from '../ipc';
import { describeResolution } from '../lib/describe';
import { formatNumber } from '../lib/format';
import { unionSources } from '../lib/priority';
import { DAY, localDate } from '../lib/time';
import { currentChartStore } from '../state/chart';
import { catalogueStore, hasMetric } from '../state/data';
import { rangeStore, selectPreset, zoomTo } from '../state/range';
import { openDay } from '../state/route';
import { useStore } from '../state/store';

/** Reading-weighted mean, and the extremes, over bucketed points. */
function summarize(points: readonly Point[]): { mean: number; min: number; max: number } | null {
  if (points.length === 0) return null;
  let sum = 0;
  let n = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const p of points) {
    const w = Math.max(1, p.n);
    sum += p.value * w;
    n += w;
    min = Math.min(min, p.min);
    max = Math.max(max, p.max);
  }
  return { mean: sum / n, min, max };
}

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
  const workouts = useWorkouts(window, hasMetric(useStore(catalogueStore), 'workout'));
  const marks = useMemo(() => (workouts.data?.length ? { workouts: workouts.data, color: colours.workout, solid: colours.workoutSolid } : undefined), [workouts.data, colours]);

  useEffect(() => {
    currentChartStore.set({ title: 'Heart rate', args: heart.args });
    // args is rebuilt each render: its JSON is its identity.
  }, [JSON.stringify(heart.args)]);

  const model = useMemo(
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
  const hr = summarize(heart.data?.points ?? []);
  const rest = summarize(resting.data?.points ?? []);
  const resolution = heart.data ? describeResolution(heart.data.resolution) : '';

  return (
    <Page title="Heart rate">
      <Stats
        items={[
          { label: 'Average', value: hr ? `${formatNumber(hr.mean)} bpm` : '—' },
          { label: 'Lowest', value: hr ? `${formatNumber(hr.min)} bpm` : '—' },
          { label: 'Highest', value: hr ? `${formatNumber(hr.max)} bpm` : '—' },
          { label: 'Resting (average)', value: rest ? `${formatNumber(rest.mean)} bpm` : '—' },
        ]}
      />
      <ChartCard
        title="Heart rate"
        subtitle={resolution ? `Line: ${resolution}; band: lowest to highest. Drag to zoom${longRange ? ', click a day to open it' : ''}.` : undefined}
        yLabel="Heart rate (bpm)"
        testId="chart-heart"
        sources={heart.data && unionSources(heart.data.sources, resting.data?.sources)}
        bodyRef={ref}
        loading={heart.loading}
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
        {model && <Chart model={model} width={width} height={height} label="Heart rate over the selected range" dataKey={heart.dataKey} />}
      </ChartCard>
    </Page>
  );
}
