/**
 * Hosts one uPlot instance. A new model (new data, colours or units) makes a
 * new chart — cheap with uPlot and simpler than diffing options; a new width
 * only resizes it.
 *
 * Every chart also works without a mouse: it takes focus, ←/→ (Home/End,
 * PageUp/PageDown) move a cursor over its points, the values at the cursor
 * are announced through a live region (the hover readout's text) and Enter
 * does what a click on the point does. Its card can show it as a table.
 */
import { useContext, useEffect, useId, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { cursorStops, stepCursor } from '../charts/access';
import { readoutText } from '../charts/base';
import type { ChartModel } from '../charts/model';
import { timed } from '../lib/perf';
import { ChartTable } from './ChartTable';
import { ChartTableView } from './chartView';

interface Props {
  model: ChartModel;
  width: number;
  height: number;
  /** Accessible description of what the chart shows. */
  label: string;
  /** The query the data answers (a data attribute, for tests and debugging). */
  dataKey?: string | null | undefined;
}

/** Hides uPlot's cursor and readout (its own "pointer left" position). */
function hideCursor(u: uPlot): void {
  u.setCursor({ left: -10, top: -10 });
}

export function Chart({ model, width, height, label, dataKey }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const cursor = useRef<number | null>(null);
  const stops = useRef<number[] | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const table = useContext(ChartTableView);
  const hintId = useId();

  useEffect(() => {
    const el = host.current;
    if (!el || width <= 0) return;
    const u = timed('uplot:create', () => new uPlot({ ...model.options, width, height }, model.data, el));
    plot.current = u;
    cursor.current = null;
    stops.current = null;
    setAnnouncement('');
    return () => {
      timed('uplot:destroy', () => {
        u.destroy();
      });
      plot.current = null;
    };
    // Only "has a width" matters here: width changes resize below.
  }, [model, height, width > 0, table]);

  useEffect(() => {
    const u = plot.current;
    if (width > 0 && u) {
      timed('uplot:size', () => {
        u.setSize({ width, height });
      });
    }
  }, [width, height]);

  if (table) return <ChartTable model={model} label={label} height={height} />;

  const onKeyDown = (e: KeyboardEvent): void => {
    const u = plot.current;
    if (!u || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'Enter' || e.key === ' ') {
      if (cursor.current !== null && model.pick) {
        e.preventDefault();
        model.pick(cursor.current);
      }
      return;
    }
    if (e.key === 'Escape') {
      cursor.current = null;
      hideCursor(u);
      setAnnouncement('');
      return;
    }
    // Points outside the visible x range (a zoom in progress) are skipped.
    stops.current ??= cursorStops(model, u.scales.x?.min ?? -Infinity, u.scales.x?.max ?? Infinity);
    const next = stepCursor(stops.current, cursor.current, e.key);
    if (next === undefined) return;
    e.preventDefault();
    if (next === null) return;
    cursor.current = next;
    const x = model.data[0][next];
    if (x !== undefined) u.setCursor({ left: u.valToPos(x, 'x'), top: u.over.clientHeight / 2 });
    const r = model.readout(next);
    setAnnouncement(r ? readoutText(r) : '');
  };

  return (
    <div class="chart-frame">
      <div
        ref={host}
        class="chart"
        role="application"
        aria-roledescription="chart"
        aria-label={label}
        aria-describedby={hintId}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onBlur={() => {
          if (plot.current && cursor.current !== null) hideCursor(plot.current);
        }}
        onFocus={() => {
          const u = plot.current;
          const x = cursor.current === null ? undefined : model.data[0][cursor.current];
          if (u && x !== undefined) u.setCursor({ left: u.valToPos(x, 'x'), top: u.over.clientHeight / 2 });
        }}
        data-points={model.data[0].length}
        data-key={dataKey ?? undefined}
      />
      <p id={hintId} class="visually-hidden">
        Use the left and right arrow keys to read the values point by point, Home and End for the first and last
        {model.pick ? '; Enter opens the point' : ''}.
      </p>
      <p class="visually-hidden chart-live" aria-live="polite" aria-atomic="true" data-testid="live-readout">
        {announcement}
      </p>
    </div>
  );
}
