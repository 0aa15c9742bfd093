/**
 * Sleep: stage durations per night (weekly or monthly averages when zoomed
 * out, rolled up by the backend), regularity of bed and wake times, and the
 * hypnogram of a chosen night.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Readout } from '../charts/base';
import { edgesForSlots, usualRangeColour, withBand } from '../charts/band';
import { barsChart, type BarSlot } from '../charts/bars';
import { hypnogramChart, STAGE_LABEL, stageColor } from '../charts/hypnogram';
import { Chart } from '../components/Chart';
import { ChartCard } from '../components/ChartCard';
import { NoDataInRange } from '../components/EmptyState';
import { GoalControl } from '../components/GoalControl';
import { Page, Stats } from '../components/Page';
import { usePalette } from '../hooks/usePalette';
import { useChartHeight } from '../hooks/useChartHeight';
import { useDailyBand } from '../hooks/useBand';
import { useDailyBuckets } from '../hooks/useDaily';
import { useNights } from '../hooks/useNights';
import { useQuery } from '../hooks/useQuery';
import { useWidth } from '../hooks/useWidth';
import { api, viewerZone, type DailyBucket, type Metric, type NightSummary, type Stage } from '../ipc';
import { granularityFor, mean, type Granularity } from '../lib/aggregate';
import { clockDifference, compare, periodName, previousWindow, type CompareOptions } from '../lib/compare';
import { formatDuration } from '../lib/format';
import { countAtGoal, parseSleepGoal } from '../lib/goals';
import { sourcesIn } from '../lib/priority';
import { addDays, daysBetween, formatDateString, formatTime, localDate, startOfDate } from '../lib/time';
import { asleepSeconds, formatClockStats, STAGES, stageSeconds, summarizeNights, wakeDate } from '../lib/sleep';
import { dataVersionStore } from '../state/data';
import { rangeStore, selectPreset, zoomTo } from '../state/range';
import { dayHash } from '../state/route';
import { prefsStore, setPrefs } from '../state/settings';
import { useStore } from '../state/store';

/** One bar: a night (or the nights to one wake-up day), an ISO week or a month. */
interface Slot extends BarSlot {
  label: string;
  /** Nights the bar averages. */
  count: number;
  /** The nights themselves, for a day's bar (its hypnogram); empty for weeks and months. */
  nights: NightSummary[];
  /** Mean seconds asleep and per stage. */
  asleep: number;
  stages: Record<Stage, number>;
}

/** The backend's per-night metric of each stage. */
const STAGE_METRIC: Record<Stage, Metric> = {
  deep: 'sleep_deep_duration',
  light: 'sleep_light_duration',
  rem: 'sleep_rem_duration',
  awake: 'sleep_awake_duration',
};

function stageMeans(list: readonly NightSummary[]): Record<Stage, number> {
  const avg = (stage: Stage): number => mean(list.map((n) => stageSeconds(n, stage))) ?? 0;
  return { deep: avg('deep'), light: avg('light'), rem: avg('rem'), awake: avg('awake') };
}

/** One bar per wake-up day. */
function nightSlots(nights: readonly NightSummary[], zone: string): Slot[] {
  const groups = new Map<string, NightSummary[]>();
  for (const n of nights) {
    const day = wakeDate(n);
    const list = groups.get(day) ?? [];
    list.push(n);
    groups.set(day, list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([day, list]) => ({
      from: startOfDate(day, zone),
      to: startOfDate(addDays(day, 1), zone),
      label: `Night to ${formatDateString(day)}`,
      count: list.length,
      nights: list,
      asleep: mean(list.map(asleepSeconds)) ?? 0,
      stages: stageMeans(list),
    }));
}

/** One bar per backend bucket of time asleep, with the same buckets of each stage. */
function rolledSlots(asleep: readonly DailyBucket[], stages: Record<Stage, readonly DailyBucket[]>, g: Granularity): Slot[] {
  const meanOf = (stage: Stage, start: string): number => stages[stage].find((b) => b.start === start)?.mean ?? 0;
  return asleep.map((b) => ({
    from: b.from,
    to: b.to,
    label:
      g === 'week'
        ? `Week of ${formatDateString(b.start, undefined, { day: 'numeric', month: 'short', year: 'numeric' })}`
        : formatDateString(b.start, undefined, { month: 'long', year: 'numeric' }),
    count: b.days,
    nights: [],
    asleep: b.mean,
    stages: { deep: meanOf('deep', b.start), light: meanOf('light', b.start), rem: meanOf('rem', b.start), awake: meanOf('awake', b.start) },
  }));
}

/** "3 nights", "1 night". */
function nightsText(n: number): string {
  return n === 1 ? '1 night' : `${String(n)} nights`;
}

export function SleepPage() {
  const { window } = useStore(rangeStore);
  const version = useStore(dataVersionStore);
  const [ref, width] = useWidth<HTMLDivElement>();
  const [hypRef, hypWidth] = useWidth<HTMLDivElement>();
  const palette = usePalette();
  const height = useChartHeight(610, 140, 360);
  // At 700 px of window the hypnogram card must fit below the stages, so it gives up a little height.
  const hypHeight = useChartHeight(580, 112, 140);
  const zone = viewerZone();
  const { sleepGoal } = useStore(prefsStore);
  const nights = useNights(window);
  const nightsBefore = useNights(previousWindow(window));
  const list = useMemo(() => nights.data ?? [], [nights.data]);
  const days = daysBetween(localDate(window.from, zone), localDate(window.to - 1, zone)) + 1;
  const g = granularityFor(days);
  // Weeks and months come rolled up by the backend; single nights need no roll-up.
  const rolled = g === 'day' ? null : g;
  const asleepBuckets = useDailyBuckets('sleep_duration', window, rolled);
  const deep = useDailyBuckets(STAGE_METRIC.deep, window, rolled);
  const light = useDailyBuckets(STAGE_METRIC.light, window, rolled);
  const rem = useDailyBuckets(STAGE_METRIC.rem, window, rolled);
  const awake = useDailyBuckets(STAGE_METRIC.awake, window, rolled);
  const buckets = [asleepBuckets, deep, light, rem, awake];
  // Time asleep's usual range behind the stacked bars.
  const asleepBand = useDailyBand('sleep_duration', window);
  const slots = useMemo(
    () =>
      g === 'day'
        ? nightSlots(list, zone)
        : rolledSlots(asleepBuckets.data ?? [], { deep: deep.data ?? [], light: light.data ?? [], rem: rem.data ?? [], awake: awake.data ?? [] }, g),
    [list, g, zone, asleepBuckets.data, deep.data, light.data, rem.data, awake.data],
  );
  const summary = summarizeNights(list);
  const before = summarizeNights(nightsBefore.data ?? []);

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
    const model = barsChart({
      slots,
      layers: STAGES.map((stage) => ({
        label: STAGE_LABEL[stage],
        color: stageColor(palette, stage),
        values: slots.map((s) => hours(s.stages[stage])),
      })),
      palette,
      decimals: 0,
      goal: { value: hours(sleepGoal), color: palette.goal },
      yValues: (_u, splits) => splits.map((v) => `${String(v)} h`),
      readout: (i): Readout | null => {
        const s = slots[i];
        if (!s) return null;
        const first = s.nights[0];
        const single = s.count === 1;
        return {
          title: single && first ? `${s.label} · ${formatTime(first.start, zone)} – ${formatTime(first.end, zone)}` : `${s.label} · ${String(s.count)} nights`,
          rows: [
            { label: single ? 'Asleep' : 'Asleep (average)', value: formatDuration(s.asleep) },
            ...[...STAGES].reverse().map((stage) => ({
              label: STAGE_LABEL[stage],
              value: formatDuration(s.stages[stage]),
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
    return withBand(model, edgesForSlots(slots, asleepBand.data, { convert: hours, format: formatDuration }), usualRangeColour());
  }, [slots, palette, zone, g, list, sleepGoal, asleepBand.data]);

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
  const period = periodName(window);
  const vsDuration: CompareOptions = { format: formatDuration, period };
  // Clock times differ the short way round midnight; minutes → seconds for the duration format.
  const vsClock: CompareOptions = { format: formatDuration, period, words: { up: 'later', down: 'earlier' } };
  const clockChange = (now: number | undefined, then: number | undefined) =>
    now === undefined || then === undefined ? null : compare(clockDifference(then, now) * 60, 0, vsClock);
  const hadNights = before.nights > 0;
  const atGoal = (list: readonly NightSummary[]): number => countAtGoal(list.map(asleepSeconds), sleepGoal);
  const goalText = formatDuration(sleepGoal);

  return (
    <Page title="Sleep">
      <Stats
        items={[
          {
            label: 'Average asleep',
            value: summary.averageAsleep === null ? '—' : formatDuration(summary.averageAsleep),
            testId: 'stat-asleep',
            compare: compare(summary.averageAsleep, before.averageAsleep, vsDuration),
          },
          {
            label: 'Nights at goal',
            value: list.length ? `${String(atGoal(list))} of ${String(list.length)}` : '—',
            testId: 'stat-sleep-goal',
            compare: list.length && hadNights ? compare(atGoal(list), atGoal(nightsBefore.data ?? []), { format: nightsText, period }) : null,
            extra: (
              <GoalControl
                name="sleep goal, hours asleep per night"
                text={goalText}
                parse={parseSleepGoal}
                onSave={(seconds) => {
                  if (seconds !== null) setPrefs({ sleepGoal: seconds });
                }}
                hint="e.g. 7 h 30 min"
                testId="goal-sleep"
              />
            ),
          },
          {
            label: 'Bedtime',
            value: bed?.clock ?? '—',
            detail: bed?.spread,
            testId: 'stat-bedtime',
            compare: clockChange(summary.bedtime?.mean, before.bedtime?.mean),
          },
          {
            label: 'Wake time',
            value: wake?.clock ?? '—',
            detail: wake?.spread,
            testId: 'stat-wake',
            compare: clockChange(summary.wake?.mean, before.wake?.mean),
          },
        ]}
      />
      <ChartCard
        title="Sleep stages"
        subtitle={
          g === 'day'
            ? `Per night, by the day you woke up. Dashed line: your goal of ${goalText} asleep. Click a night for its hypnogram.`
            : `Average per night, by ${g === 'week' ? 'ISO week' : 'month'}. Dashed line: your goal of ${goalText} asleep. Click a bar to zoom in.`
        }
        yLabel="Time (hours)"
        testId="chart-sleep"
        usualRange={asleepBand.data?.band ? usualRangeColour() : null}
        sources={nights.data && sourcesIn(nights.data)}
        bodyRef={ref}
        loading={nights.loading || buckets.some((b) => b.loading)}
        error={nights.error ?? buckets.find((b) => b.error)?.error ?? null}
        legend={[
          ...[...STAGES].reverse().map((s) => ({ label: STAGE_LABEL[s], color: stageColor(palette, s), kind: 'bar' as const })),
          { label: 'Goal', color: palette.goal, kind: 'dash' as const },
        ]}
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
        {model && <Chart model={model} width={width} height={height} label="Sleep stages per night" dataKey={rolled ? asleepBuckets.dataKey : nights.dataKey} />}
      </ChartCard>
      {night && (
        <ChartCard
          title={`Night to ${formatDateString(wakeDate(night))}`}
          subtitle={`${formatTime(night.start, zone)} – ${formatTime(night.end, zone)} · asleep ${formatDuration(asleepSeconds(night))}`}
          testId="chart-hypnogram"
          sources={[night.source]}
          bodyRef={hypRef}
          loading={stages.loading}
          error={stages.error}
          legend={[...STAGES].reverse().map((s) => ({ label: STAGE_LABEL[s], color: stageColor(palette, s), kind: 'bar' as const }))}
          actions={
            <div class="button-row">
              <a class="button button--small" href={dayHash(wakeDate(night))}>
                Open day
              </a>
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
          {hypModel && <Chart model={hypModel} width={hypWidth} height={hypHeight} label="Hypnogram of the chosen night" />}
        </ChartCard>
      )}
    </Page>
  );
}
