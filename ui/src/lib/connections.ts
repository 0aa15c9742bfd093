/** Words for the Connections page: how long ago, what a sync is doing. */
import type { SyncProgress } from '../ipc';
import { sources } from '../state/catalog';
import { formatNumber, percent } from './format';

/** "just now", "5 min ago", "3 h ago", "yesterday", "4 days ago", "3 months ago". */
export function timeAgo(t: number, now: number): string {
  const seconds = Math.max(0, now - t);
  if (seconds < 60) return 'just now';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${String(minutes)} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${String(hours)} h ago`;
  const days = Math.floor(hours / 24);
  if (days === 1) return 'yesterday';
  if (days < 45) return `${String(days)} days ago`;
  const months = Math.round(days / 30.44);
  if (months < 18) return `${String(months)} months ago`;
  return `${String(Math.round(days / 365.25))} years ago`;
}

/** What a stream of a provider holds, in people's words (from the catalog). */
export function streamLabel(stream: string): string {
  for (const source of sources()) {
    const known = source.streams.find((s) => s.id === stream);
    if (known) return known.label;
  }
  return stream.charAt(0).toUpperCase() + stream.slice(1).replace(/_/g, ' ');
}

/** What a stream's `[done, total]` counts: Open Humans' `files` stream counts files, the others days. */
export function positionUnit(stream: string): 'files' | 'days' {
  return stream === 'files' ? 'files' : 'days';
}

/** A running sync as the card shows it. */
export interface SyncView {
  /** The stream being fetched, null before the first page. */
  stream: string | null;
  /** Days done and planned in that stream, when known. */
  done: number | null;
  total: number | null;
  /** Records stored so far in this run. */
  records: number;
  /** The provider could not be reached: which attempt comes now, of how many. */
  retry?: { attempt: number; attempts: number };
  /** A large file arriving (Open Humans): bytes so far, of `total` when known. */
  download?: { what: string; bytes: number; total: number | null };
}

export const SYNC_STARTING: SyncView = { stream: null, done: null, total: null, records: 0 };

/**
 * The next view of a running sync after `event`; null when the sync ended
 * (finished or failed), so the progress bar goes away. A stream that fails
 * leaves the bar as it was: the next stream goes on.
 */
export function nextSyncView(event: SyncProgress, current: SyncView | null = null): SyncView | null {
  switch (event.kind) {
    case 'stream_failed':
      return current ?? SYNC_STARTING;
    case 'retrying':
      return { ...(current ?? SYNC_STARTING), retry: { attempt: event.attempt, attempts: event.attempts } };
    case 'downloading': {
      // Bytes arriving means the provider answered: no retry to show.
      const { stream, done, total, records } = current ?? SYNC_STARTING;
      return { stream, done, total, records, download: { what: event.what, bytes: event.bytes, total: event.total } };
    }
    case 'started':
      return SYNC_STARTING;
    case 'page':
      return {
        stream: event.stream,
        done: event.position ? event.position[0] : null,
        total: event.position ? event.position[1] : null,
        records: event.records,
      };
    case 'finished':
    case 'failed':
      return null;
  }
}

/** Percent of the current stream (or download), or null when its size is unknown. */
export function syncPercent(view: SyncView): number | null {
  if (view.download) {
    const { bytes, total } = view.download;
    return total !== null && total > 0 ? percent(Math.min(bytes, total), total) : null;
  }
  if (view.done === null || view.total === null || view.total <= 0) return null;
  return percent(Math.min(view.done, view.total), view.total);
}

/**
 * "Daily activity · 45 of 730 days · 1,234 records", "Starting…", or while
 * the provider cannot be reached "Can’t reach Withings, retrying (3 of 6)".
 */
export function describeSync(view: SyncView, name = 'the provider'): string {
  if (view.retry) return `Can’t reach ${name}, retrying (${String(view.retry.attempt)} of ${String(view.retry.attempts)})`;
  if (view.download) {
    const { what, bytes, total } = view.download;
    const size = total === null ? formatMegabytes(bytes) : `${formatMegabytes(bytes, false)} of ${formatMegabytes(total)}`;
    return `Downloading ${what} · ${size}`;
  }
  if (view.stream === null) return 'Starting…';
  const parts = [streamLabel(view.stream)];
  if (view.done !== null && view.total !== null) {
    parts.push(`${formatNumber(Math.min(view.done, view.total))} of ${formatNumber(view.total)} ${positionUnit(view.stream)}`);
  }
  parts.push(`${formatNumber(view.records)} records`);
  return parts.join(' · ');
}

/** "12.4 MB" (decimal megabytes, as file managers show them); without the unit for "3.1 of 12.4 MB". */
export function formatMegabytes(bytes: number, unit = true): string {
  const text = formatNumber(bytes / 1_000_000, 1);
  return unit ? `${text} MB` : text;
}
