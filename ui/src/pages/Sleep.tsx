/**
 * Sleep: stage durations per night (weekly or monthly averages when zoomed
 * out), regularity of bed and wake times, and the hypnogram of a chosen night.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Readout } from '../charts/base';
import { barsChart, type BarSlot } from '../charts/bars';
import { hypnogramChart, STAGE_LABEL, stageColor } from '../charts/hypnogram';
import { Chart } from '../components/Chart';
import { ChartCard } from '../components/ChartCard';
import { NoDataInRange } from '../components/EmptyState';
import { Page, Stats } from '../components/Page';
import { usePalette } from '../hooks/usePalette';
import { useChartHeight } from '../hooks/useChartHeight';
import { useQuery } from '../hooks/useQuery';
import { useWidth } from '../hooks/useWidth';
import { api, viewerZone, type NightSummary, type Stage } from '../ipc';
import { granularityFor, mean, type Granularity } from '../lib/aggregate';
import { formatDuration } from '../lib/format';
import { addDays, daysBetween, formatDateString, formatTime, isoWeek, localDate, startOfDate } from '../lib/time';
import { asleepSeconds, formatClockStats, STAGES, stageSeconds, summarizeNights, wakeDate } from '../lib/sleep';
import { dataVersionStore } from '../state/data';
import { rangeStore, selectPreset, zoomTo } from '../state/range';
import { useStore } from '../state/store';

interface Slot extends BarSlot {
  label: string;
  nights: NightSummary[];
}

/** Nights grouped into bars: one per wake-up day, ISO week or month. */
function slotsFor(nights: readonly NightSummary[], g: Granularity, zone: string): Slot[] {
  const groups = new Map<string, NightSummary[]>();
  for (const n of nights) {
    const day = wakeDate(n);
    const key = g === 'day' ? day : g === 'week' ? isoWeek(day).monday : `${day.slice(0, 7)}-01`;
    const list = groups.get(key) ?? [];
    list.push(n);
    groups.set(key, list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([start, list]) => {
      const end = g === 'day' ? addDays(start, 1) : g === 'week' ? addDays(start, 7) : nextMonth(start);
      const label =
        g === 'day'
          ? `Night to ${formatDateString(start)}`
          : g === 'week'
            ? `Week of ${formatDateString(start, undefined, { day: 'numeric', month: 'short', year: 'numeric' })}`
            : formatDateString(start, undefined, { month: 'long', year: 'numeric' });
      return { from: startOfDate(start, zone), to: startOfDate(end, zone), label, nights: list };
    });
}

function nextMonth(first: string): string {
  const y = Number(first.slice(0, 4));
  const m = Number(first.slice(5, 7));
  return m === 12 ? `${String(y + 1)}-01-01` : `${String(y)}-${String(m + 1).padStart(2, '0')}-01`;
}

function avgStage(list: readonly NightSummary[], stage: Stage): number {
  return mean(list.map((n) => stageSeconds(n, stage))) ?? 0;
}

export function SleepPage() {
  const { window } = useStore(rangeStore);
  const version = useStore(dataVersionStore);
  const [ref, width] = useWidth<HTMLDivElement>();
  const [hypRef, hypWidth] = useWidth<HTMLDivElement>();
  const palette = usePalette();
  const height = useChartHeight(610, 150, 360);
  const zone = viewerZone();
  const args = { from: window.from, to: window.to, sources: [] };
  const nights = useQuery(`nights|${JSON.stringify(args)}|${String(version)}`, () => api.sleepNights(args));
  const list = useMemo(() => [...(nights.data ?? [])].sort((a, b) => a.start - b.start), [nights.data]);
  const days = daysBetween(localDate(window.from, zone), localDate(window.to - 1, zone)) + 1;
  const g = granularityFor(days);
  const slots = useMemo(() => slotsFor(list, g, zone), [list, g, zone]);
  const summary = summarizeNights(list);

  // The chosen night: the latest one until the user picks another.
  const [picked, setPicked] = useState<number | null>(null);
  useEffect(() => {
    setPicked(null);
  }, [nights.data]);
  const nightIdx = picked ?? list.length - 1;
  const night = list[nightIdx];

  const model = useMemo(() => {
    if (slots.length === 0) return null;
    const hours = (s: number): number => s / 3600;
    return barsChart({
      slots,
      layers: STAGES.map((stage) => ({
        label: STAGE_LABEL[stage],
        color: stageColor(palette, stage),
        values: slots.map((s) => hours(avgStage(s.nights, stage))),
      })),
      palette,
      decimals: 0,
      yValues: (_u, splits) => splits.map((v) => `${String(v)} h`),
      readout: (i): Readout | null => {
        const s = slots[i];
        const first = s?.nights[0];
        if (!s || !first) return null;
        const single = s.nights.length === 1;
        return {
          title: single ? `${s.label} · ${formatTime(first.start, zone)} – ${formatTime(first.end, zone)}` : `${s.label} · ${String(s.nights.length)} nights`,
          rows: [
            { label: single ? 'Asleep' : 'Asleep (average)', value: formatDuration(mean(s.nights.map(asleepSeconds)) ?? 0) },
            ...[...STAGES].reverse().map((stage) => ({
              label: STAGE_LABEL[stage],
              value: formatDuration(avgStage(s.nights, stage)),
              color: stageColor(palette, stage),
            })),
          ],
        };
      },
      onZoom: zoomTo,
      onPick: (i) => {
        const s = slots[i];
        if (!s) return;
        if (g === 'day') {
          const n = s.nights[s.nights.length - 1];
          if (n) setPicked(list.indexOf(n));
        } else {
          zoomTo(s.from, s.to);
        }
      },
    });
  }, [slots, palette, zone, g, list]);

  const stagesKey = night ? `stages|${night.source}|${String(night.start)}|${String(night.end)}|${String(version)}` : null;
  const stages = useQuery(stagesKey, () =>
    night ? api.nightStages({ source: night.source, start: night.start, end: night.end }) : Promise.resolve([]),
  );
  const hypModel = useMemo(
    () => (stages.data && stages.data.length > 0 ? hypnogramChart(stages.data, palette, zone) : null),
    [stages.data, palette, zone],
  );

  const bed = formatClockStats(summary.bedtime);
  const wake = formatClockStats(summary.wake);

  return (
    <Page title="Sleep">
      <Stats
        items={[
          { label: 'Average asleep', value: summary.averageAsleep === null ? '—' : formatDuration(summary.averageAsleep), testId: 'stat-asleep' },
          { label: 'Bedtime', value: bed?.clock ?? '—', detail: bed?.spread, testId: 'stat-bedtime' },
          { label: 'Wake time', value: wake?.clock ?? '—', detail: wake?.spread, testId: 'stat-wake' },
          { label: 'Nights', value: String(summary.nights) },
        ]}
      />
      <ChartCard
        title="Sleep stages"
        subtitle={
          g === 'day'
            ? 'Per night, by the day you woke up. Click a night for its hypnogram.'
            : `Average per night, by ${g === 'week' ? 'ISO week' : 'month'}. Click a bar to zoom in.`
        }
        yLabel="Time (hours)"
        testId="chart-sleep"
        bodyRef={ref}
        loading={nights.loading}
        error={nights.error}
        legend={[...STAGES].reverse().map((s) => ({ label: STAGE_LABEL[s], color: stageColor(palette, s), kind: 'bar' as const }))}
        empty={
          nights.data && list.length === 0 ? (
            <NoDataInRange
              what="sleep"
              onShowAll={() => {
                selectPreset('all');
              }}
            />
          ) : undefined
        }
      >
        {model && <Chart model={model} width={width} height={height} label="Sleep stages per night" dataKey={nights.dataKey} />}
      </ChartCard>
      {night && (
        <ChartCard
          title={`Night to ${formatDateString(wakeDate(night))}`}
          subtitle={`${formatTime(night.start, zone)} – ${formatTime(night.end, zone)} · asleep ${formatDuration(asleepSeconds(night))}`}
          testId="chart-hypnogram"
          bodyRef={hypRef}
          loading={stages.loading}
          error={stages.error}
          legend={[...STAGES].reverse().map((s) => ({ label: STAGE_LABEL[s], color: stageColor(palette, s), kind: 'bar' as const }))}
          actions={
            <div class="button-row">
              <button type="button" class="button button--small" disabled={nightIdx <= 0} onClick={() => { setPicked(nightIdx - 1); }}>
                ‹ Previous night
              </button>
              <button type="button" class="button button--small" disabled={nightIdx >= list.length - 1} onClick={() => { setPicked(nightIdx + 1); }}>
                Next night ›
              </button>
            </div>
          }
          empty={stages.data?.length === 0 ? <p>No stages were recorded for this night.</p> : undefined}
        >
          {hypModel && <Chart model={hypModel} width={hypWidth} height={140} label="Hypnogram of the chosen night" />}
        </ChartCard>
      )}
    </Page>
  );
}
