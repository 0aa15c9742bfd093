/**
 * The chart last shown on a chart page, so Export can offer "the current
 * chart" with the exact SeriesArgs it was drawn from.
 */
import type { SeriesArgs } from '../ipc';
import { createStore } from './store';

export interface CurrentChart {
  title: string;
  args: SeriesArgs;
}

export const currentChartStore = createStore<CurrentChart | null>(null);
