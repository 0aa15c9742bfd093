/**
 * Active minutes: moderate and intense activity stacked per day (or per-day
 * means of ISO weeks and months), against the daily goal.
 */
import type { Palette, Readout } from '../charts/base';
import { barsChart } from '../charts/bars';
import { useDailyBuckets } from '../hooks/useDaily';
import { useSettledMemo } from '../hooks/useSettledMemo';
import { useWidth } from '../hooks/useWidth';
import { activeBuckets, type ActiveBucket } from '../lib/activity';
import type { Granularity } from '../lib/aggregate';
import { formatDuration } from '../lib/format';
import { formatDateString } from '../lib/time';
import type { TimeWindow } from '../state/range';
import { selectPreset, zoomTo } from '../state/range';
import { Chart } from './Chart';
import { ChartCard } from './ChartCard';
import { NoDataInRange } from './EmptyState';

interface Props {
  window: TimeWindow;
  g: Granularity;
  /** Seconds per day. */
  goal: number;
  palette: Palette;
  height: number;
}

function title(b: ActiveBucket, g: Granularity): string {
  const start = b.bucket.start;
  if (g === 'day') return formatDateString(start);
  if (g === 'week') return `Week of ${formatDateString(start, undefined, { day: 'numeric', month: 'short', year: 'numeric' })}`;
  return formatDateString(start, undefined, { month: 'long', year: 'numeric' });
}

const NO_BARS: ReturnType<typeof activeBuckets> = [];

export function ActiveMinutesCard({ window, g, goal, palette, height }: Props) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const moderate = useDailyBuckets('moderate_activity', window, g);
  const intense = useDailyBuckets('intense_activity', window, g);
  // Two answers, one drawing: nothing is rebuilt until both are in.
  const loading = moderate.loading || intense.loading;
  const bars = useSettledMemo(loading, () => activeBuckets(moderate.data ?? [], intense.data ?? []), [moderate.data, intense.data]) ?? NO_BARS;
  // Moderate reads as the calmer colour, intense as the hotter one.
  const colors = { moderate: palette.distance, intense: palette.energy };
  const minutes = (s: number): number => s / 60;

  // Settled too: `g` changes at the click, before the answers; the old bars
  // are not drawn again at the new granularity.
  const model = useSettledMemo(loading, () => {
    if (bars.length === 0) return null;
    const slots = bars.map((b) => ({ from: b.bucket.from, to: b.bucket.to }));
    return barsChart({
      slots,
      layers: [
        { label: 'Moderate', color: colors.moderate, values: bars.map((b) => minutes(b.moderate)) },
        { label: 'Intense', color: colors.intense, values: bars.map((b) => minutes(b.intense)) },
      ],
      palette,
      decimals: 0,
      goal: { value: minutes(goal), color: palette.goal },
      yValues: (_u, splits) => splits.map((v) => `${String(v)} min`),
      readout: (i): Readout | null => {
        const b = bars[i];
        if (!b) return null;
        const per = g === 'day' ? '' : ' (per day)';
        return {
          title: title(b, g),
          rows: [
            { label: `Active${per}`, value: formatDuration(b.bucket.mean) },
            { label: 'Intense', value: formatDuration(b.intense), color: colors.intense },
            { label: 'Moderate', value: formatDuration(b.moderate), color: colors.moderate },
            ...(g === 'day' ? [] : [{ label: 'Days with data', value: String(b.bucket.days) }]),
          ],
        };
      },
      onZoom: zoomTo,
      onPick:
        g === 'day'
          ? undefined
          : (i) => {
              const s = slots[i];
              if (s) zoomTo(s.from, s.to);
            },
    });
    // colors derive from palette.
  }, [bars, palette, goal, g]) ?? null;

  const loaded = moderate.data !== undefined && intense.data !== undefined;
  const per = g === 'day' ? 'Per day' : g === 'week' ? 'Per day, weekly average' : 'Per day, monthly average';
  return (
    <ChartCard
      title="Active minutes"
      subtitle={`${per}: moderate and intense activity. Dashed line: your goal of ${formatDuration(goal)}.`}
      yLabel={`Active time (minutes, ${g === 'day' ? 'per day' : 'daily average'})`}
      testId="chart-active"
      bodyRef={ref}
      loading={loading}
      error={moderate.error ?? intense.error}
      legend={[
        { label: 'Intense', color: colors.intense, kind: 'bar' },
        { label: 'Moderate', color: colors.moderate, kind: 'bar' },
        { label: 'Goal', color: palette.goal, kind: 'dash' },
      ]}
      empty={
        loaded && bars.length === 0 ? (
          <NoDataInRange
            what="active minutes"
            onShowAll={() => {
              selectPreset('all');
            }}
          />
        ) : undefined
      }
    >
      {model && <Chart model={model} width={width} height={height} label="Active minutes per day" />}
    </ChartCard>
  );
}
