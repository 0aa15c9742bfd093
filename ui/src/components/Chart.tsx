/**
 * Hosts one uPlot instance. A new model (new data, colours or units) makes a
 * new chart — cheap with uPlot and simpler than diffing options; a new width
 * only resizes it.
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ChartModel } from '../charts/model';

interface Props {
  model: ChartModel;
  width: number;
  height: number;
  /** Accessible description of what the chart shows. */
  label: string;
  /** The query the data answers (a data attribute, for tests and debugging). */
  dataKey?: string | null | undefined;
}

export function Chart({ model, width, height, label, dataKey }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    const el = host.current;
    if (!el || width <= 0) return;
    const u = new uPlot({ ...model.options, width, height }, model.data, el);
    plot.current = u;
    return () => {
      u.destroy();
      plot.current = null;
    };
    // Only "has a width" matters here: width changes resize below.
  }, [model, height, width > 0]);

  useEffect(() => {
    if (width > 0) plot.current?.setSize({ width, height });
  }, [width, height]);

  return <div ref={host} class="chart" role="img" aria-label={label} data-points={model.data[0].length} data-key={dataKey ?? undefined} />;
}
