/** Weight: every weigh-in with a 7-day moving-average trend; body fat % when there is some. */
import { useEffect, useMemo } from 'preact/hooks';
import { usualRangeColour } from '../charts/band';
import { pointsChart } from '../charts/weight';
import { Chart } from '../components/Chart';
import { ChartCard } from '../components/ChartCard';
import { NoDataInRange } from '../components/EmptyState';
import { BucketSources, useBucketCursor } from '../components/Provenance';
import { GoalControl } from '../components/GoalControl';
import { Page, Stats } from '../components/Page';
import { usePalette } from '../hooks/usePalette';
import { useChartHeight } from '../hooks/useChartHeight';
import { useSeries } from '../hooks/useSeries';
import { useWidth } from '../hooks/useWidth';
import { viewerZone } from '../ipc';
import { pointSpan } from '../lib/provenance';
import { compare, periodName, previousWindow } from '../lib/compare';
import { describeResolution } from '../lib/describe';
import { parseWeight } from '../lib/goals';
import { displayFor } from '../lib/units';
import { summarizeWeight } from '../lib/weight';
import { currentChartStore } from '../state/chart';
import { catalogueStore, hasMetric } from '../state/data';
import { rangeStore, selectPreset, zoomTo } from '../state/range';
import { prefsStore, setPrefs, settingsStore } from '../state/settings';
import { useStore } from '../state/store';

/** "3.4 kg to lose", "1 lb to gain", "at your target"; null without a latest weight or a target. */
function toGoal(latest: number | undefined, goal: number | null, format: (kg: number) => string): string | null {
  if (latest === undefined || goal === null) return null;
  const gap = format(Math.abs(latest - goal));
  if (gap === format(0)) return 'at your target';
  return `${gap} to ${latest > goal ? 'lose' : 'gain'}`;
}

export function WeightPage() {
  const { window } = useStore(rangeStore);
  const { units } = useStore(settingsStore);
  const { weightGoal } = useStore(prefsStore);
  const catalogue = useStore(catalogueStore);
  const [ref, width] = useWidth<HTMLDivElement>();
  const [fatRef, fatWidth] = useWidth<HTMLDivElement>();
  const palette = usePalette();
  const zone = viewerZone();
  const withFat = hasMetric(catalogue, 'body_fat_percent');
  // The body fat card below takes ~230 px when there is some.
  const height = useChartHeight(withFat ? 590 : 360, 200, 460);
  const weight = useSeries('weight', window, width);
  const weightBefore = useSeries('weight', previousWindow(window), width);
  const fat = useSeries('body_fat_percent', window, fatWidth, withFat);
  const d = useMemo(() => displayFor('weight', 'kg', units), [units]);
  const fatD = useMemo(() => displayFor('body_fat_percent', '%', units), [units]);

  useEffect(() => {
    currentChartStore.set({ title: 'Weight', args: weight.args });
    // args is rebuilt each render: its JSON is its identity.
  }, [JSON.stringify(weight.args)]);

  const [bucket, onCursor] = useBucketCursor((i) => pointSpan(weight.data?.points[i]));
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
            goal: weightGoal === null ? undefined : { value: weightGoal, color: palette.goal },
            onZoom: zoomTo,
          })
        : null,
    [weight.data, d, palette, zone, weightGoal],
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
  const now = summarizeWeight(pts);
  const then = summarizeWeight(weightBefore.data?.points ?? []);
  // Differences of weights are weights: "0.4 kg", "3 lb", "1 st 2 lb".
  const vs = { format: d.format, period: periodName(window) };
  const goalText = weightGoal === null ? null : d.format(weightGoal);
  const toGo = toGoal(now?.latest, weightGoal, d.format);
  const showAll = (): void => {
    selectPreset('all');
  };

  return (
    <Page title="Weight">
      <Stats
        items={[
          {
            label: 'Latest',
            value: now ? d.format(now.latest) : '—',
            testId: 'stat-weight-latest',
            compare: compare(now?.latest, then?.latest, vs),
            extra: (
              <>
                <GoalControl
                  name="target weight"
                  text={goalText}
                  parse={(text) => parseWeight(text, d)}
                  onSave={(kg) => {
                    setPrefs({ weightGoal: kg });
                  }}
                  hint={d.unit === 'st' ? 'e.g. 11 st 11 lb' : `e.g. ${d.format(75).replace(/\s.*$/, '')}`}
                  clearable
                  testId="goal-weight"
                />
                {toGo && (
                  <span class="stats__detail" data-testid="weight-to-goal">
                    {toGo}
                  </span>
                )}
              </>
            ),
          },
          {
            label: 'Change (trend)',
            value: now?.change != null ? d.formatChange(now.change) : '—',
            detail: 'over this range',
            compare: compare(now?.change, then?.change, vs),
          },
          { label: 'Lowest', value: now ? d.format(now.lowest) : '—', compare: compare(now?.lowest, then?.lowest, vs) },
          { label: 'Highest', value: now ? d.format(now.highest) : '—', compare: compare(now?.highest, then?.highest, vs) },
        ]}
      />
      <ChartCard
        title="Weight"
        subtitle={
          weight.data
            ? `Points: ${describeResolution(weight.data.resolution)}; line: 7-day moving average.${goalText ? ` Dashed line: your target of ${goalText}.` : ''}`
            : undefined
        }
        yLabel={`Weight (${d.unit})`}
        testId="chart-weight"
        usualRange={weight.data?.band ? usualRangeColour() : null}
        sources={weight.data?.sources}
        bodyRef={ref}
        loading={weight.loading}
        error={weight.error}
        legend={[
          { label: 'Weigh-in', color: palette.weightPoint, kind: 'point' },
          { label: '7-day average', color: palette.weight, kind: 'line' },
          ...(goalText ? [{ label: 'Target', color: palette.goal, kind: 'dash' as const }] : []),
        ]}
        empty={weight.data && pts.length === 0 ? <NoDataInRange what="weigh-ins" onShowAll={showAll} /> : undefined}
      >
        {model && <Chart model={model} width={width} height={height} label="Weight over the selected range" onCursor={onCursor} />}
        {model && <BucketSources metric="weight" bucket={bucket} display={d} />}
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
