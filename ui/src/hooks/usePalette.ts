/** Chart colours for the active theme; a new object whenever the theme flips. */
import { useMemo } from 'preact/hooks';
import { readPalette, type Palette } from '../charts/base';
import { useStore } from '../state/store';
import { themeStore } from '../state/theme';

export function usePalette(): Palette {
  const theme = useStore(themeStore);
  // `theme` is the dependency: CSS variables change with it.
  return useMemo(() => readPalette(), [theme]);
}
