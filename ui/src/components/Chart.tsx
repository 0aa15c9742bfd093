/**
 * Hosts one uPlot instance. A new model with the same layout (new data, a new
 * range) updates it in place with setData; a new layout (other series,
 * colours or units) rebuilds it (charts/live.ts); a new size only resizes it.
 * All of it happens in layout effects, before the browser paints: a range
 * switch draws its new data in the frame that shows the new range, never the
 * old chart for a frame first.
 *
 * Every chart also works without a mouse: it takes focus, ←/→ (Home/End,
 * PageUp/PageDown) move a cursor over its points, the values at the cursor
 * are announced through a live region (the hover readout's text) and Enter
 * does what a click on the point does. Its card can show it as a table.
 */
import { useContext, useId, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { cursorStops, stepCursor } from '../charts/access';
import { readoutText } from '../charts/base';
import { layoutSignature, liveOptions, patchStyle } from '../charts/live';
import type { ChartModel } from '../charts/model';
import { cursorPlugin } from '../lib/provenance';
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
  /** Told the data index under the cursor (mouse or keyboard), null when it leaves: the sources panel. */
  onCursor?: ((idx: number | null) => void) | undefined;
}

/** Hides uPlot's cursor and readout (its own "pointer left" position). */
function hideCursor(u: uPlot): void {
  u.setCursor({ left: -10, top: -10 });
}

export function Chart({ model, width, height, label, dataKey, onCursor }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const cursor = useRef<number | null>(null);
  const stops = useRef<number[] | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const table = useContext(ChartTableView);
  const hintId = useId();
  const onCursorRef = useRef(onCursor);
  onCursorRef.current = onCursor;

  // The model the instance's options call into (see charts/live.ts).
  const shown = useRef(model);
  const layout = useMemo(() => layoutSignature(model), [model]);

  const forgetCursor = (): void => {
    cursor.current = null;
    stops.current = null;
    setAnnouncement('');
  };

  useLayoutEffect(() => {
    const el = host.current;
    if (!el || width <= 0) return;
    shown.current = model;
    const options = liveOptions(() => shown.current);
    const plugins = [...(options.plugins ?? []), cursorPlugin(() => onCursorRef.current)];
    const u = timed('uplot:create', () => new uPlot({ ...options, plugins, width, height }, model.data, el));
    plot.current = u;
    forgetCursor();
    return () => {
      timed('uplot:destroy', () => {
        u.destroy();
      });
      plot.current = null;
    };
    // Only the layout and "has a width" matter here: data updates and resizes follow below.
  }, [layout, width > 0, table]);

  useLayoutEffect(() => {
    const u = plot.current;
    if (!u || shown.current === model) return;
    shown.current = model;
    timed('uplot:update', () => {
      patchStyle(u, model);
      u.setData(model.data);
    });
    // The keyboard cursor pointed into the old data.
    if (cursor.current !== null) hideCursor(u);
    forgetCursor();
  }, [model]);

  useLayoutEffect(() => {
    const u = plot.current;
    if (width > 0 && u && (u.width !== width || u.height !== height)) {
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
