/**
 * One metric's series over the shared range as points (and, for frequent
 * readings, a 7-day trend), in the user's display unit. The series is
 * fetched by the page, so tiles and chart read the same answer.
 */
import { useMemo } from 'preact/hooks';
import { usualRangeColour } from '../charts/band';
import { pointsChart } from '../charts/weight';
import type { QueryState } from '../hooks/useQuery';
import { usePalette } from '../hooks/usePalette';
import { useWidth } from '../hooks/useWidth';
import { viewerZone, type Series } from '../ipc';
import type { Display } from '../lib/units';
import { selectPreset, zoomTo } from '../state/range';
import { Chart } from './Chart';
import { ChartCard } from './ChartCard';
import { NoDataInRange } from './EmptyState';
import { BucketSources, useBucketCursor } from './Provenance';
import { pointSpan } from '../lib/provenance';

interface Props {
  title: string;
  series: QueryState<Series>;
  display: Display;
  color: string;
  pointColor: string;
  /** Draw the 7-day moving average. */
  trend?: boolean;
  height: number;
  /** What the empty range lacks, e.g. "hydration readings". */
  what: string;
  testId?: string;
}

export function MetricChartCard({ title, series, display, color, pointColor, trend = false, height, what, testId }: Props) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const palette = usePalette();
  const zone = viewerZone();
  const data = series.data;
  const [bucket, onCursor] = useBucketCursor((i) => pointSpan(data?.points[i]));
  const model = useMemo(
    () =>
      data && data.points.length > 0
        ? pointsChart({ series: data, window: data.range, display, palette, zone, color, pointColor, label: title, trend, onZoom: zoomTo })
        : null,
    [data, display, palette, zone, color, pointColor, title, trend],
  );
  const unit = display.unit === '' ? '' : ` (${display.unit})`;
  return (
    <ChartCard
      title={title}
      yLabel={`${title}${unit}`}
      testId={testId}
      bodyRef={ref}
      loading={series.loading}
      error={series.error}
      legend={trend ? [{ label: 'Reading', color: pointColor, kind: 'point' }, { label: '7-day average', color, kind: 'line' }] : undefined}
      usualRange={data?.band ? usualRangeColour() : null}
      empty={
        data?.points.length === 0 ? (
          <NoDataInRange
            what={what}
            onShowAll={() => {
              selectPreset('all');
            }}
          />
        ) : undefined
      }
    >
      {model && <Chart model={model} width={width} height={height} label={`${title} over the selected range`} dataKey={series.dataKey} onCursor={onCursor} />}
      {model && data && <BucketSources metric={data.metric} bucket={bucket} display={display} />}
    </ChartCard>
  );
}

/** The change from the first to the last point of a series, or null with fewer than two. */
export function seriesChange(series: Series | undefined): number | null {
  const pts = series?.points ?? [];
  const first = pts[0];
  const last = pts[pts.length - 1];
  return pts.length > 1 && first && last ? last.value - first.value : null;
}
