/**
 * Activity: daily steps against a goal, distance and active energy. Past ~90
 * days the bars become ISO weeks, past ~1.5 years months (per-day means, so
 * the goal line still means something), rolled up by the backend.
 */
import { useMemo } from 'preact/hooks';
import type { Palette, Readout } from '../charts/base';
import { edgesForSlots, usualRangeColour, withBand } from '../charts/band';
import { barsChart } from '../charts/bars';
import { workoutRows, type WorkoutMarks } from '../charts/marks';
import type { ChartModel } from '../charts/model';
import { ActiveMinutesCard } from '../components/ActiveMinutesCard';
import { BucketSources, useBucketCursor } from '../components/Provenance';
import { Chart } from '../components/Chart';
import { ChartCard } from '../components/ChartCard';
import { NoDataInRange } from '../components/EmptyState';
import { GoalControl } from '../components/GoalControl';
import { Page, Stats } from '../components/Page';
import { useDailyBand } from '../hooks/useBand';
import { useDaily, useDailyBuckets } from '../hooks/useDaily';
import { useChartHeight } from '../hooks/useChartHeight';
import { useSettledMemo } from '../hooks/useSettledMemo';
import { usePalette } from '../hooks/usePalette';
import { useMetricColours } from '../hooks/useMetricColours';
import { useWidth } from '../hooks/useWidth';
import { useWorkouts } from '../hooks/useWorkouts';
import { viewerZone, type DailyBucket, type Series } from '../ipc';
import { activeDays, perDay, total } from '../lib/activity';
import { granularityFor, mean, type Granularity } from '../lib/aggregate';
import { compare, periodName, previousWindow, type CompareOptions } from '../lib/compare';
import { formatDuration, formatNumber } from '../lib/format';
import { countAtGoal, parseActiveGoal, parseSteps } from '../lib/goals';
import { sourcesIn } from '../lib/priority';
import { daysBetween, formatDateString, localDate } from '../lib/time';
import { displayFor, type Display } from '../lib/units';
import { rangeStore, selectPreset, zoomTo } from '../state/range';
import { catalogueStore, hasMetric } from '../state/data';
import { openDay } from '../state/route';
import { prefsStore, setPrefs, settingsStore } from '../state/settings';
import { useStore } from '../state/store';

function bucketLabel(b: DailyBucket, g: Granularity): string {
  if (g === 'day') return formatDateString(b.start);
  if (g === 'week') return `Week of ${formatDateString(b.start, undefined, { day: 'numeric', month: 'short', year: 'numeric' })}`;
  return formatDateString(b.start, undefined, { month: 'long', year: 'numeric' });
}

interface BarsSpec {
  buckets: readonly DailyBucket[];
  g: Granularity;
  display: Display;
  color: string;
  label: string;
  palette: Palette;
  goal?: number | undefined;
  marks?: WorkoutMarks | undefined;
  /** The metric's daily series, for its usual range behind the bars. */
  band?: Series | undefined;
}

/** The backend's day, week or month buckets → bars, with exact readouts. */
function activityBars(spec: BarsSpec): ChartModel | null {
  const buckets = spec.buckets;
  if (buckets.length === 0) return null;
  const d = spec.display;
  const slots = buckets.map((b) => ({ from: b.from, to: b.to }));
  const model = barsChart({
    slots,
    layers: [{ label: spec.label, color: spec.color, values: buckets.map((b) => d.convert(b.mean)) }],
    palette: spec.palette,
    decimals: d.decimals,
    goal: spec.goal === undefined ? undefined : { value: spec.goal, color: spec.palette.goal },
    readout: (i): Readout | null => {
      const b = buckets[i];
      if (!b) return null;
      const rows =
        spec.g === 'day'
          ? [{ label: spec.label, value: d.format(b.sum), color: spec.color }]
          : [
              { label: 'Per day (average)', value: d.format(b.mean), color: spec.color },
              { label: 'Total', value: d.format(b.sum) },
              { label: 'Days with data', value: String(b.days) },
            ];
      rows.push(...workoutRows(spec.marks, b.from, b.to));
      return { title: bucketLabel(b, spec.g), rows };
    },
    onZoom: zoomTo,
    marks: spec.marks,
    // A day opens its day view (hourly steps); a week or month zooms in.
    onPick: (i) => {
      const b = buckets[i];
      if (!b) return;
      if (spec.g === 'day') openDay(b.start);
      else zoomTo(b.from, b.to);
    },
  });
  return withBand(model, edgesForSlots(slots, spec.band, d), usualRangeColour());
}

export function ActivityPage() {
  const { window } = useStore(rangeStore);
  const { units } = useStore(settingsStore);
  const { stepsGoal, activeGoal } = useStore(prefsStore);
  const [ref, width] = useWidth<HTMLDivElement>();
  const [distRef, distWidth] = useWidth<HTMLDivElement>();
  const [energyRef, energyWidth] = useWidth<HTMLDivElement>();
  const palette = usePalette();
  const height = useChartHeight(600, 150, 340);
  // The small charts give up a little at 700 px of window so the whole page fits.
  const smallHeight = useChartHeight(550, 150, 170);
  const zone = viewerZone();
  const g = granularityFor(daysBetween(localDate(window.from, zone), localDate(window.to - 1, zone)) + 1);
  // Single days only for "days at goal"; everything else comes rolled up.
  const stepDays = useDaily('steps', window);
  const steps = useDailyBuckets('steps', window, g);
  const distance = useDailyBuckets('distance', window, g);
  const energy = useDailyBuckets('active_energy', window, g);
  // The usual range behind steps and active energy (daily_buckets has none).
  const stepsBand = useDailyBand('steps', window);
  const energyBand = useDailyBand('active_energy', window);
  // Resting (basal) energy comes from Apple Health: a card only when there is some.
  const hasBasal = hasMetric(useStore(catalogueStore), 'basal_energy');
  const basal = useDailyBuckets('basal_energy', window, hasBasal ? g : null);
  const [basalRef, basalWidth] = useWidth<HTMLDivElement>();
  const colours = useMetricColours();
  const workouts = useWorkouts(window, hasMetric(useStore(catalogueStore), 'workout'));
  const marks = useMemo(() => (workouts.data?.length ? { workouts: workouts.data, color: colours.workout, solid: colours.workoutSolid } : undefined), [workouts.data, colours]);
  const moderateDays = useDaily('moderate_activity', window);
  const intenseDays = useDaily('intense_activity', window);
  // The same statistics over the window before, from the same queries.
  const before = previousWindow(window);
  const stepDaysBefore = useDaily('steps', before);
  const distanceBefore = useDailyBuckets('distance', before, g);
  const energyBefore = useDailyBuckets('active_energy', before, g);
  const moderateBefore = useDaily('moderate_activity', before);
  const intenseBefore = useDaily('intense_activity', before);
  // Each chart's model follows its own answer (with `g` as of that answer),
  // never the new granularity over the old range's bars.
  const stepsD = useMemo(() => displayFor('steps', 'count', units), [units]);
  const distD = useMemo(() => displayFor('distance', 'm', units), [units]);
  const energyD = useMemo(() => displayFor('active_energy', 'kcal', units), [units]);
  const per = g === 'day' ? 'per day' : g === 'week' ? 'per day, weekly average' : 'per day, monthly average';

  const [stepsBucket, onStepsCursor] = useBucketCursor((i) => {
    const b = steps.data?.[i];
    return b ? { from: b.from, to: b.to } : null;
  });
  const stepsModel = useSettledMemo(
    steps.loading || workouts.loading || stepsBand.loading,
    () => activityBars({ buckets: steps.data ?? [], g, display: stepsD, color: palette.steps, label: 'Steps', palette, goal: stepsGoal, marks, band: stepsBand.data }),
    [steps.data, g, stepsD, palette, stepsGoal, marks, stepsBand.data],
  ) ?? null;
  const distModel = useSettledMemo(
    distance.loading,
    () => activityBars({ buckets: distance.data ?? [], g, display: distD, color: palette.distance, label: 'Distance', palette }),
    [distance.data, g, distD, palette],
  ) ?? null;
  const basalModel = useSettledMemo(
    basal.loading,
    () => activityBars({ buckets: basal.data ?? [], g, display: energyD, color: palette.resting, label: 'Resting energy', palette }),
    [basal.data, g, energyD, palette],
  ) ?? null;
  const energyModel = useSettledMemo(
    energy.loading || energyBand.loading,
    () => activityBars({ buckets: energy.data ?? [], g, display: energyD, color: palette.energy, label: 'Active energy', palette, band: energyBand.data }),
    [energy.data, g, energyD, palette, energyBand.data],
  ) ?? null;

  const stepValues = (stepDays.data ?? []).map((v) => v.value);
  const stepValuesBefore = (stepDaysBefore.data ?? []).map((v) => v.value);
  const avgSteps = mean(stepValues);
  const goalDays = countAtGoal(stepValues, stepsGoal);
  const totalDistance = total(distance.data ?? []);
  const avgEnergy = perDay(energy.data ?? []);
  // Only when those answers change, not on each of the page's other answers.
  const active = useMemo(() => activeDays(moderateDays.data ?? [], intenseDays.data ?? []).map((d) => d.value), [moderateDays.data, intenseDays.data]);
  const activeBefore = useMemo(
    () => activeDays(moderateBefore.data ?? [], intenseBefore.data ?? []).map((d) => d.value),
    [moderateBefore.data, intenseBefore.data],
  );
  const period = periodName(window);
  const vs = (format: (v: number) => string): CompareOptions => ({ format, period });
  const days = (n: number): string => (n === 1 ? '1 day' : `${String(n)} days`);
  const distanceText = (m: number): string => `${formatNumber(distD.convert(m), distD.convert(m) >= 100 ? 0 : 1)} ${distD.unit}`;
  const showAll = (): void => {
    selectPreset('all');
  };

  return (
    <Page title="Activity">
      <Stats
        items={[
          {
            label: 'Steps per day',
            value: avgSteps === null ? '—' : formatNumber(avgSteps),
            testId: 'stat-steps',
            compare: compare(avgSteps, mean(stepValuesBefore), vs((v) => formatNumber(v))),
          },
          {
            label: 'Days at steps goal',
            value: stepValues.length ? `${String(goalDays)} of ${String(stepValues.length)}` : '—',
            testId: 'stat-steps-goal',
            compare: stepValues.length && stepValuesBefore.length ? compare(goalDays, countAtGoal(stepValuesBefore, stepsGoal), vs(days)) : null,
            extra: (
              <GoalControl
                name="steps goal, steps per day"
                text={formatNumber(stepsGoal)}
                parse={parseSteps}
                onSave={(steps) => {
                  if (steps !== null) setPrefs({ stepsGoal: steps });
                }}
                hint="e.g. 10,000"
                testId="goal-steps"
              />
            ),
          },
          {
            label: 'Active minutes',
            value: active.length ? formatDuration(mean(active) ?? 0) : '—',
            detail: 'per day',
            testId: 'stat-active',
            compare: compare(mean(active), mean(activeBefore), vs(formatDuration)),
          },
          {
            label: 'Days at active goal',
            value: active.length ? `${String(countAtGoal(active, activeGoal))} of ${String(active.length)}` : '—',
            testId: 'stat-active-goal',
            compare:
              active.length && activeBefore.length
                ? compare(countAtGoal(active, activeGoal), countAtGoal(activeBefore, activeGoal), vs(days))
                : null,
            extra: (
              <GoalControl
                name="active minutes goal, moderate and intense activity per day"
                text={formatDuration(activeGoal)}
                parse={parseActiveGoal}
                onSave={(seconds) => {
                  if (seconds !== null) setPrefs({ activeGoal: seconds });
                }}
                hint="e.g. 30 min"
                testId="goal-active"
              />
            ),
          },
          {
            label: 'Distance',
            // Totals reach thousands of km: whole units are precise enough there.
            value: distance.data?.length ? distanceText(totalDistance) : '—',
            detail: 'in total',
            compare: distance.data?.length && distanceBefore.data?.length ? compare(totalDistance, total(distanceBefore.data), vs(distanceText)) : null,
          },
          {
            label: 'Active energy',
            value: avgEnergy === null ? '—' : energyD.format(avgEnergy),
            detail: 'per day',
            compare: compare(avgEnergy, perDay(energyBefore.data ?? []), vs(energyD.format)),
          },
        ]}
      />
      <ChartCard
        title="Steps"
        subtitle={`${per[0]?.toUpperCase() ?? ''}${per.slice(1)}. Dashed line: your goal of ${formatNumber(stepsGoal)}. ${g === 'day' ? 'Click a day for its hours.' : 'Click a bar to zoom in.'}`}
        yLabel={`Steps (${per})`}
        testId="chart-steps"
        usualRange={stepsBand.data?.band ? usualRangeColour() : null}
        sources={stepDays.data && sourcesIn(stepDays.data)}
        bodyRef={ref}
        loading={steps.loading}
        error={steps.error}
        legend={[
          { label: 'Steps', color: palette.steps, kind: 'bar' },
          { label: 'Goal', color: palette.goal, kind: 'dash' },
          ...(marks ? [{ label: 'Workout', color: colours.workoutSolid, kind: 'point' as const }] : []),
        ]}
        empty={steps.data?.length === 0 ? <NoDataInRange what="steps" onShowAll={showAll} /> : undefined}
      >
        {stepsModel && <Chart model={stepsModel} width={width} height={height} label="Steps per day" onCursor={onStepsCursor} />}
        {stepsModel && <BucketSources metric="steps" bucket={stepsBucket} display={stepsD} what={g === 'day' ? 'day' : 'bar'} />}
      </ChartCard>
      <ActiveMinutesCard window={window} g={g} goal={activeGoal} palette={palette} height={170} />
      <div class="grid-2">
        <ChartCard
          title="Distance"
          yLabel={`Distance (${distD.unit}, ${g === 'day' ? 'per day' : 'daily average'})`}
          testId="chart-distance"
          bodyRef={distRef}
          loading={distance.loading}
          error={distance.error}
          empty={distance.data?.length === 0 ? <NoDataInRange what="distance" onShowAll={showAll} /> : undefined}
        >
          {distModel && <Chart model={distModel} width={distWidth} height={smallHeight} label="Distance per day" />}
        </ChartCard>
        <ChartCard
          title="Active energy"
          yLabel={`Active energy (kcal, ${g === 'day' ? 'per day' : 'daily average'})`}
          testId="chart-energy"
          usualRange={energyBand.data?.band ? usualRangeColour() : null}
          bodyRef={energyRef}
          loading={energy.loading}
          error={energy.error}
          empty={energy.data?.length === 0 ? <NoDataInRange what="active energy" onShowAll={showAll} /> : undefined}
        >
          {energyModel && <Chart model={energyModel} width={energyWidth} height={smallHeight} label="Active energy per day" />}
        </ChartCard>
      </div>
      {hasBasal && (
        <ChartCard
          title="Resting energy"
          yLabel={`Resting energy (kcal, ${g === 'day' ? 'per day' : 'daily average'})`}
          testId="chart-basal_energy"
          bodyRef={basalRef}
          loading={basal.loading}
          error={basal.error}
          empty={basal.data?.length === 0 ? <NoDataInRange what="resting energy" onShowAll={showAll} /> : undefined}
        >
          {basalModel && <Chart model={basalModel} width={basalWidth} height={smallHeight} label="Resting energy per day" />}
        </ChartCard>
      )}
    </Page>
  );
}
