/**
 * "Sources for <bucket>": under a chart, what every source said about the
 * bucket at the cursor (mouse or keyboard), which one the chart shows
 * ("chosen (priority)") and a link to the source order in Settings. The
 * panel keeps the last bucket when the pointer leaves the chart, so it can
 * be read and its link reached.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { bucketTitle } from '../charts/model';
import { useQuery } from '../hooks/useQuery';
import { api, viewerZone, type Metric } from '../ipc';
import { sourceRows, type BucketSpan } from '../lib/provenance';
import type { Display } from '../lib/units';
import { dataVersionStore } from '../state/data';
import { useStore } from '../state/store';

/** Hovering sweeps across many buckets: ask only once the cursor rests this long (ms). */
const REST = 120;

/**
 * The bucket under a chart's cursor, kept after the cursor leaves: pass
 * `onCursor` to the chart and `bucket` to <BucketSources>. `spanAt` maps a
 * data index to its bucket.
 */
export function useBucketCursor(spanAt: (idx: number) => BucketSpan | null): [BucketSpan | null, (idx: number | null) => void] {
  const [bucket, setBucket] = useState<BucketSpan | null>(null);
  const spanRef = useRef(spanAt);
  spanRef.current = spanAt;
  const onCursor = useRef((idx: number | null) => {
    if (idx === null) return;
    const span = spanRef.current(idx);
    if (span) setBucket((old) => (old?.from === span.from && old.to === span.to ? old : span));
  }).current;
  return [bucket, onCursor];
}

interface Props {
  metric: Metric;
  bucket: BucketSpan | null;
  display: Display;
  /** What the chart's points are, for the hint before the first hover: "day", "point". */
  what?: string;
}

export function BucketSources({ metric, bucket, display, what = 'point' }: Props) {
  const zone = viewerZone();
  const version = useStore(dataVersionStore);
  const [resting, setResting] = useState<BucketSpan | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => {
      setResting(bucket);
    }, REST);
    return () => {
      clearTimeout(timer);
    };
  }, [bucket]);
  const key = resting ? `provenance|${metric}|${String(resting.from)}|${String(resting.to)}|${zone}|${String(version)}` : null;
  const q = useQuery(key, () => api.provenance({ metric, from: resting?.from ?? 0, to: resting?.to ?? 1, zone }));
  const p = q.data;
  if (!p) {
    return (
      <p class="bucket-sources bucket-sources--hint muted" data-testid="bucket-sources">
        {q.error ?? `Point at a ${what} (or use the arrow keys) to see which sources reported it.`}
      </p>
    );
  }
  const rows = sourceRows(p, display);
  return (
    <section class="bucket-sources" data-testid="bucket-sources" aria-live="polite" aria-label="Sources for the point at the cursor">
      <h3 class="bucket-sources__title">Sources for {bucketTitle(p.from, p.to, zone)}</h3>
      {rows.length === 0 ? (
        <p class="muted">No source has data here.</p>
      ) : (
        <ul class="bucket-sources__list">
          {rows.map((r) => (
            <li key={r.source} data-testid={`bucket-source-${r.source}`} data-chosen={String(r.chosen)} class={r.chosen ? 'is-chosen' : undefined}>
              <span class="bucket-sources__name">{r.name}</span>
              <strong class="bucket-sources__value">{r.value}</strong>
              {r.range && <span class="muted bucket-sources__range">range {r.range}</span>}
              {r.chosen && <span class="bucket-sources__chosen">chosen (priority)</span>}
            </li>
          ))}
        </ul>
      )}
      {rows.length > 1 && (
        <a class="bucket-sources__link" href="#/settings" data-testid="bucket-sources-priority">
          Change which source comes first in Settings → Source priority
        </a>
      )}
    </section>
  );
}
