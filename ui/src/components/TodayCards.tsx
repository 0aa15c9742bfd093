/**
 * The overview's second row: last night's hypnogram and the last 24 hours of
 * heart rate — the two charts worth a look first thing in the morning.
 */
import { useMemo } from 'preact/hooks';
import { heartChart } from '../charts/heart';
import { hypnogramChart, STAGE_LABEL, stageColor } from '../charts/hypnogram';
import { usePalette } from '../hooks/usePalette';
import { useChartHeight } from '../hooks/useChartHeight';
import { useQuery } from '../hooks/useQuery';
import { useSeries } from '../hooks/useSeries';
import { useWidth } from '../hooks/useWidth';
import { api, viewerZone } from '../ipc';
import { formatDuration } from '../lib/format';
import { unionSources } from '../lib/priority';
import { asleepSeconds, STAGES } from '../lib/sleep';
import { DAY, formatTime } from '../lib/time';
import { dataVersionStore } from '../state/data';
import { zoomTo } from '../state/range';
import { useStore } from '../state/store';
import { Chart } from './Chart';
import { ChartCard } from './ChartCard';

/** "Now", fixed per data version so that query keys stay stable between renders. */
function useNow(): number {
  const version = useStore(dataVersionStore);
  return useMemo(() => Math.floor(Date.now() / 1000), [version]);
}

/** Both cards share one height that fills what the stat cards leave. */
function useTodayHeight(): number {
  return useChartHeight(600, 140, 280);
}

export function LastNightCard() {
  const version = useStore(dataVersionStore);
  const height = useTodayHeight();
  const now = useNow();
  const palette = usePalette();
  const zone = viewerZone();
  const [ref, width] = useWidth<HTMLDivElement>();
  const args = { from: now - 1.5 * DAY, to: now, sources: [] };
  const nights = useQuery(`nights|${JSON.stringify(args)}|${String(version)}`, () => api.sleepNights(args));
  const night = nights.data?.reduce<(typeof nights.data)[number] | undefined>((a, n) => (!a || n.end > a.end ? n : a), undefined);
  const stages = useQuery(night ? `stages|${night.source}|${String(night.start)}|${String(version)}` : null, () =>
    night ? api.nightStages({ source: night.source, start: night.start, end: night.end }) : Promise.resolve([]),
  );
  const model = useMemo(
    () => (stages.data && stages.data.length > 0 ? hypnogramChart(stages.data, palette, zone) : null),
    [stages.data, palette, zone],
  );
  return (
    <ChartCard
      title="Last night"
      subtitle={night ? `${formatTime(night.start, zone)} – ${formatTime(night.end, zone)} · asleep ${formatDuration(asleepSeconds(night))}` : undefined}
      testId="chart-last-night"
      sources={night && [night.source]}
      bodyRef={ref}
      loading={nights.loading || stages.loading}
      error={nights.error ?? stages.error}
      legend={[...STAGES].reverse().map((s) => ({ label: STAGE_LABEL[s], color: stageColor(palette, s), kind: 'bar' as const }))}
      empty={nights.data && !night ? <p>No night recorded in the last 36 hours.</p> : undefined}
    >
      {model && <Chart model={model} width={width} height={height + 18} label="Hypnogram of last night" />}
    </ChartCard>
  );
}

export function HeartTodayCard() {
  const now = useNow();
  const height = useTodayHeight();
  const palette = usePalette();
  const zone = viewerZone();
  const [ref, width] = useWidth<HTMLDivElement>();
  const window = useMemo(() => ({ from: now - DAY, to: now }), [now]);
  const heart = useSeries('heart_rate', window, width);
  const resting = useSeries('resting_heart_rate', window, width);
  const model = useMemo(
    () =>
      heart.data && heart.data.points.length > 0
        ? heartChart({
            heart: heart.data,
            resting: resting.data ?? null,
            window,
            palette,
            zone,
            onZoom: (from, to) => {
              zoomTo(from, to);
              location.hash = '#/heart';
            },
          })
        : null,
    [heart.data, resting.data, window, palette, zone],
  );
  return (
    <ChartCard
      title="Heart rate, last 24 hours"
      subtitle="Drag to open a stretch on the Heart rate page."
      yLabel="Heart rate (bpm)"
      testId="chart-heart-today"
      sources={heart.data && unionSources(heart.data.sources, resting.data?.sources)}
      bodyRef={ref}
      loading={heart.loading}
      error={heart.error}
      legend={[
        { label: 'Heart rate', color: palette.heart, kind: 'line' },
        { label: 'Resting', color: palette.resting, kind: 'dash' },
      ]}
      empty={heart.data?.points.length === 0 ? <p>No heart rate in the last 24 hours.</p> : undefined}
    >
      {model && <Chart model={model} width={width} height={height} label="Heart rate over the last 24 hours" />}
    </ChartCard>
  );
}
