/** Reading the IPC calls the mock recorded. */
import type { SeriesArgs } from '../../src/ipc';
import type { Call } from '../fixtures/mock';

/**
 * The shown window's `series` query of `metric`. Pages with "vs previous"
 * tiles also ask for the window before it, in the same render: of the last
 * two calls, the later window.
 */
export function shownSeries(calls: readonly Call[], metric: string): SeriesArgs {
  const pair = calls
    .filter((c) => c.cmd === 'series')
    .map((c) => (c.args as { args: SeriesArgs }).args)
    .filter((a) => a.metric === metric)
    .slice(-2);
  const shown = pair.reduce<SeriesArgs | undefined>((a, b) => (a && a.from > b.from ? a : b), undefined);
  if (!shown) throw new Error(`no series call for ${metric}`);
  return shown;
}
