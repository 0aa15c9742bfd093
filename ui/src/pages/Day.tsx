/**
 * One calendar day: steps per hour, the heart-rate curve, the night that
 * ended that morning and the day's weigh-ins. ‹ › step by day (never past
 * today); the shared range is left alone, so Back returns to where you were.
 */
import { useMemo } from 'preact/hooks';
import type { Readout } from '../charts/base';
import { barsChart } from '../charts/bars';
import { heartChart } from '../charts/heart';
import { hypnogramChart, STAGE_LABEL, stageColor } from '../charts/hypnogram';
import { Chart } from '../components/Chart';
import { ChartCard } from '../components/ChartCard';
import { Page, Stats } from '../components/Page';
import { useChartHeight } from '../hooks/useChartHeight';
import { useDaily } from '../hooks/useDaily';
import { usePalette } from '../hooks/usePalette';
import { useNights } from '../hooks/useNights';
import { useQuery } from '../hooks/useQuery';
import { useSeries } from '../hooks/useSeries';
import { useWidth } from '../hooks/useWidth';
import { useMetricColours } from '../hooks/useMetricColours';
import { useWorkouts } from '../hooks/useWorkouts';
import { api, viewerZone, type Metric, type Series } from '../ipc';
import { dayWindow, hourSlots, hourlyValues, nightEndingOn } from '../lib/day';
import { formatDuration, formatNumber } from '../lib/format';
import { asleepSeconds, STAGES } from '../lib/sleep';
import { addDays, formatDateString, formatTime, localDate } from '../lib/time';
import { displayFor } from '../lib/units';
import { workoutDuration, workoutName } from '../lib/workouts';
import { dataVersionStore } from '../state/data';
import { zoomTo } from '../state/range';
import { dayDateStore, dayHash } from '../state/route';
import { settingsStore } from '../state/settings';
import { useStore } from '../state/store';

/** A series of `metric` over the day at a fixed resolution (not the chart's width). */
function useDaySeries(metric: Metric, from: number, to: number, maxPoints: number) {
  const version = useStore(dataVersionStore);
  const args = { metric, from, to, max_points: maxPoints, sources: [], zone: viewerZone() };
  return useQuery<Series>(`day-series|${JSON.stringify(args)}|${String(version)}`, () => api.series(args));
}

/** The day in the hash, never after today (a link from the future shows today). */
function useDayDate(): { date: string; today: string } {
  const asked = useStore(dayDateStore);
  const today = localDate(Date.now() / 1000, viewerZone());
  return { date: asked && asked <= today ? asked : today, today };
}

/** Dragging on the day's heart rate opens that stretch on the Heart rate page. */
function zoomOnHeartPage(from: number, to: number): void {
  zoomTo(from, to);
  window.location.hash = '#/heart';
}

export function DayPage() {
  const { date, today } = useDayDate();
  const zone = viewerZone();
  const version = useStore(dataVersionStore);
  const { units } = useStore(settingsStore);
  const palette = usePalette();
  const height = useChartHeight(560, 160, 280);
  const [stepsRef, stepsWidth] = useWidth<HTMLDivElement>();
  const [heartRef, heartWidth] = useWidth<HTMLDivElement>();
  const [hypRef, hypWidth] = useWidth<HTMLDivElement>();
  const day = useMemo(() => dayWindow(date, zone), [date, zone]);
  const slots = useMemo(() => hourSlots(date, zone), [date, zone]);

  // One point per hour: the backend gives hour buckets when intraday rows exist.
  const steps = useDaySeries('steps', day.from, day.to, slots.length);
  const stepsTotal = useDaily('steps', day);
  const weighIns = useDaySeries('weight', day.from, day.to, 1000);
  const heart = useSeries('heart_rate', day, heartWidth);
  const resting = useSeries('resting_heart_rate', day, heartWidth);
  // The nights woken up on this day (asked from the evening before); the main one.
  const nights = useNights(day);
  const night = nights.data ? nightEndingOn(nights.data, date) : null;
  const stagesKey = night ? `stages|${night.source}|${String(night.start)}|${String(night.end)}|${String(version)}` : null;
  const stages = useQuery(stagesKey, () => (night ? api.nightStages({ source: night.source, start: night.start, end: night.end }) : Promise.resolve([])));
  const workouts = useWorkouts(day);
  const colours = useMetricColours();
  const marks = useMemo(
    () => (workouts.data?.length ? { workouts: workouts.data, color: colours.workout, solid: colours.workoutSolid } : undefined),
    [workouts.data, colours],
  );

  const stepsD = useMemo(() => displayFor('steps', 'count', units), [units]);
  const weightD = useMemo(() => displayFor('weight', 'kg', units), [units]);
  const hourly = steps.data ? hourlyValues(slots, steps.data.points) : null;
  const daySteps = stepsTotal.data?.[0]?.value ?? null;

  const stepsModel = useMemo(() => {
    if (!hourly || hourly.every((v) => v === null)) return null;
    return barsChart({
      slots,
      layers: [{ label: 'Steps', color: palette.steps, values: hourly }],
      palette,
      decimals: 0,
      readout: (i): Readout | null => {
        const s = slots[i];
        if (!s) return null;
        const v = hourly[i];
        return {
          title: `${formatTime(s.from, zone)} – ${formatTime(s.to, zone)}`,
          rows: [{ label: 'Steps', value: v === null || v === undefined ? 'none recorded' : stepsD.format(v), color: palette.steps }],
        };
      },
      onZoom: zoomOnHeartPage,
    });
  }, [hourly === null ? null : hourly.join(','), slots, palette, zone, stepsD]);

  const heartModel = useMemo(
    () =>
      heart.data && heart.data.points.length > 0
        ? heartChart({ heart: heart.data, resting: resting.data ?? null, window: day, palette, zone, onZoom: zoomOnHeartPage, marks })
        : null,
    [heart.data, resting.data, day, palette, zone, marks],
  );
  const hypModel = useMemo(
    () => (stages.data && stages.data.length > 0 ? hypnogramChart(stages.data, palette, zone) : null),
    [stages.data, palette, zone],
  );
  const weights = weighIns.data?.points ?? [];
  const hr = heart.data?.points ?? [];
  const hrMean = hr.length ? hr.reduce((s, p) => s + p.value * Math.max(1, p.n), 0) / hr.reduce((s, p) => s + Math.max(1, p.n), 0) : null;
  const activeHours = hourly ? hourly.filter((v) => v !== null && v > 0).length : null;

  return (
    <Page
      title={formatDateString(date, undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })}
      noRange
      actions={
        <nav class="day-nav" aria-label="Day">
          <a class="icon-button" href={dayHash(addDays(date, -1))} aria-label="Previous day" title="Previous day (←)">
            ‹
          </a>
          <a class={date === today ? 'button button--small is-disabled' : 'button button--small'} href={dayHash(today)} aria-disabled={date === today}>
            Today
          </a>
          {date < today ? (
            <a class="icon-button" href={dayHash(addDays(date, 1))} aria-label="Next day" title="Next day (→)">
              ›
            </a>
          ) : (
            <button type="button" class="icon-button" aria-label="Next day" disabled>
              ›
            </button>
          )}
        </nav>
      }
    >
      <Stats
        items={[
          { label: 'Steps', value: daySteps === null ? '—' : stepsD.format(daySteps), detail: date === today ? 'so far today' : undefined, testId: 'day-steps' },
          { label: 'Heart rate', value: hrMean === null ? '—' : `${formatNumber(hrMean)} bpm`, detail: hr.length ? 'average' : undefined },
          { label: 'Asleep', value: night ? formatDuration(asleepSeconds(night)) : '—' },
          { label: 'Weight', value: weights.length ? weightD.format(weights[weights.length - 1]?.value ?? 0) : '—', detail: weights.length > 1 ? `last of ${String(weights.length)}` : undefined },
        ]}
      />
      <ChartCard
        title="Steps per hour"
        subtitle={activeHours === null ? undefined : `Steps in ${String(activeHours)} of ${String(slots.length)} hours`}
        yLabel="Steps"
        testId="chart-day-steps"
        bodyRef={stepsRef}
        loading={steps.loading}
        error={steps.error}
        legend={[{ label: 'Steps', color: palette.steps, kind: 'bar' }]}
        empty={
          steps.data && !stepsModel ? (
            <p class="day-empty">
              {steps.data.points.length === 0
                ? 'No steps recorded on this day.'
                : `No hourly steps for this day: its source gives a daily total only${daySteps === null ? '' : ` (${stepsD.format(daySteps)})`}.`}
            </p>
          ) : undefined
        }
      >
        {stepsModel && <Chart model={stepsModel} width={stepsWidth} height={height} label="Steps per hour of the day" dataKey={steps.dataKey} />}
      </ChartCard>
      <ChartCard
        title="Heart rate"
        subtitle={heartModel ? 'Line: mean; band: lowest to highest. Drag to open a stretch on the Heart rate page.' : undefined}
        yLabel="Heart rate (bpm)"
        testId="chart-day-heart"
        bodyRef={heartRef}
        loading={heart.loading}
        error={heart.error}
        legend={[
          { label: 'Heart rate', color: palette.heart, kind: 'line' },
          { label: 'Min–max', color: palette.heartBand, kind: 'band' },
        ]}
        empty={heart.data?.points.length === 0 ? <p class="day-empty">No heart rate recorded on this day.</p> : undefined}
      >
        {heartModel && <Chart model={heartModel} width={heartWidth} height={height} label="Heart rate over the day" dataKey={heart.dataKey} />}
      </ChartCard>
      <div class="day-grid">
        <ChartCard
          title="The night before"
          subtitle={night ? `${formatTime(night.start, zone)} – ${formatTime(night.end, zone)} · asleep ${formatDuration(asleepSeconds(night))}` : undefined}
          testId="chart-day-night"
          bodyRef={hypRef}
          loading={nights.loading || stages.loading}
          error={nights.error ?? stages.error}
          legend={night ? [...STAGES].reverse().map((s) => ({ label: STAGE_LABEL[s], color: stageColor(palette, s), kind: 'bar' as const })) : undefined}
          empty={nights.data && !night ? <p class="day-empty">No night ended on this morning.</p> : stages.data?.length === 0 ? <p class="day-empty">No stages were recorded for this night.</p> : undefined}
        >
          {hypModel && <Chart model={hypModel} width={hypWidth} height={140} label="Hypnogram of the night before" />}
        </ChartCard>
        <div class="day-side">
          <section class="card day-weighins" aria-label="Weigh-ins" data-testid="day-weighins">
            <h2 class="chart-card__title">Weigh-ins</h2>
            {weighIns.data && weights.length === 0 && <p class="day-empty">No weigh-in on this day.</p>}
            {weights.length > 0 && (
              <ul>
                {weights.map((w) => (
                  <li key={w.t}>
                    <span class="day-weighins__time">{formatTime(w.t, zone)}</span>
                    <span class="day-weighins__value">{weightD.format(w.value)}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section class="card day-weighins" aria-label="Workouts" data-testid="day-workouts">
            <h2 class="chart-card__title">Workouts</h2>
            {workouts.data?.length === 0 && <p class="day-empty">No workout on this day.</p>}
            {workouts.data && workouts.data.length > 0 && (
              <ul>
                {[...workouts.data].reverse().map((w) => (
                  <li key={`${w.source}-${String(w.start)}`}>
                    <span class="day-weighins__time">{formatTime(w.start, zone)}</span>
                    <span class="day-weighins__value">
                      {workoutName(w.kind)} · {workoutDuration(w)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      </div>
    </Page>
  );
}
