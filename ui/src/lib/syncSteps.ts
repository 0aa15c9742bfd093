/**
 * A running sync as a checklist of its streams ("Weigh-ins ✓, Daily
 * activity ✓, Sleep …, Minute detail 53 of 365 days"), so the streams that
 * flash by leave a trace and a failed one stays named. Streams run one after
 * the other in the catalog's order, so a page of one stream means every
 * stream before it has finished.
 */
import type { StreamLabel, SyncProgress } from '../ipc';

export type StepState = 'waiting' | 'running' | 'done' | 'failed' | 'skipped';

export interface SyncStep {
  id: string;
  label: string;
  state: StepState;
  /** `[done, total]` in the stream's units (days), when the stream says. */
  position: readonly [number, number] | null;
}

/** The checklist at the start of a sync of a provider with these streams. */
export function startSteps(streams: readonly StreamLabel[]): SyncStep[] {
  return streams.map((s) => ({ id: s.id, label: s.label, state: 'waiting', position: null }));
}

/** Streams before `index` that never reported a page had nothing to fetch. */
function closeBefore(steps: SyncStep[], index: number): SyncStep[] {
  return steps.map((s, i) => (i < index && (s.state === 'waiting' || s.state === 'running') ? { ...s, state: 'done' } : s));
}

/**
 * The checklist after `event`. Unknown streams are added at the end (a
 * provider newer than the catalog); events of other providers are ignored.
 * At the end of a run, a stream that failed stays failed; when the whole
 * run fails, the running stream failed and the ones never reached are
 * `skipped`.
 */
export function nextSteps(steps: readonly SyncStep[], event: SyncProgress): SyncStep[] {
  const list = [...steps];
  const at = (stream: string): number => {
    const i = list.findIndex((s) => s.id === stream);
    if (i >= 0) return i;
    list.push({ id: stream, label: stream, state: 'waiting', position: null });
    return list.length - 1;
  };
  switch (event.kind) {
    case 'started':
      return list.map((s) => ({ ...s, state: 'waiting', position: null }));
    case 'retrying':
    case 'downloading':
      // The bar's text says it; the checklist stays as it is.
      return list;
    case 'page': {
      const i = at(event.stream);
      const next = closeBefore(list, i);
      next[i] = { ...list[i], id: event.stream, label: list[i]?.label ?? event.stream, state: 'running', position: event.position };
      return next;
    }
    case 'stream_failed': {
      const i = at(event.stream);
      const next = closeBefore(list, i);
      next[i] = { ...list[i], id: event.stream, label: list[i]?.label ?? event.stream, state: 'failed', position: list[i]?.position ?? null };
      return next;
    }
    case 'finished':
      return list.map((s) => (s.state === 'failed' ? s : { ...s, state: 'done' }));
    case 'failed': {
      // The stream that was running is where the run stopped (unless the
      // user cancelled it); those after it were never reached.
      const stopped: StepState = event.error === 'cancelled' ? 'skipped' : 'failed';
      return list.map((s) => (s.state === 'running' ? { ...s, state: stopped } : s.state === 'waiting' ? { ...s, state: 'skipped' } : s));
    }
  }
}
