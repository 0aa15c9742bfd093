/** The metric colours for the active theme; a new object whenever the theme flips. */
import { useMemo } from 'preact/hooks';
import { readMetricColours, type MetricColours } from '../charts/colours';
import { useStore } from '../state/store';
import { themeStore } from '../state/theme';

export function useMetricColours(): MetricColours {
  const theme = useStore(themeStore);
  // `theme` is the dependency: CSS variables change with it.
  return useMemo(() => readMetricColours(), [theme]);
}
