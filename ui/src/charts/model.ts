/** What a chart builder hands to the <Chart> component. */
import type uPlot from 'uplot';
import { DAY, formatDateTime, formatDay, formatTime } from '../lib/time';
import type { Readout } from './base';

export interface ChartModel {
  options: Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
  /**
   * The values at data index `idx`, as the hover readout shows them. The same
   * text is announced at the keyboard cursor and fills the chart's table, so
   * all three always agree.
   */
  readout: (idx: number) => Readout | null;
  /** What a click at data index `idx` does; Enter at the keyboard cursor does the same. */
  pick?: ((idx: number) => void) | undefined;
}

/** "Tue 12 Mar 2026, 14:00 – 14:10", "Tue 12 Mar 2026", or a single time. */
export function bucketTitle(t: number, end: number, zone: string): string {
  const span = end - t;
  if (span <= 60) return formatDateTime(t, zone);
  if (span >= DAY - 3600) {
    return span <= DAY + 3600 ? formatDay(t, zone) : `${formatDay(t, zone)} – ${formatDay(end - 1, zone)}`;
  }
  return `${formatDateTime(t, zone)} – ${formatTime(end, zone)}`;
}

/**
 * x positions and the indices of points after which the line must break:
 * a gap wider than three typical steps (and than 10 min) is missing data, not
 * a slope to draw across.
 */
export function gapBreaks(xs: readonly number[]): Set<number> {
  const steps: number[] = [];
  for (let i = 1; i < xs.length; i++) steps.push((xs[i] ?? 0) - (xs[i - 1] ?? 0));
  steps.sort((a, b) => a - b);
  const typical = steps[Math.floor(steps.length / 2)] ?? 0;
  const limit = Math.max(3 * typical, 600);
  const breaks = new Set<number>();
  for (let i = 1; i < xs.length; i++) if ((xs[i] ?? 0) - (xs[i - 1] ?? 0) > limit) breaks.add(i - 1);
  return breaks;
}
