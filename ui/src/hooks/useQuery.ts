/**
 * Runs an async query whenever its key changes and keeps only the newest
 * answer: a slow response to an old range never overwrites a newer one.
 * The previous data stays visible while the next request is in flight.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { errorMessage } from '../ipc';
import { recordSpan } from '../lib/perf';

export interface QueryState<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  /** The key `data` answers (it can lag behind the current key while loading). */
  dataKey: string | null;
}

/**
 * @param key a string that identifies the request (JSON of its arguments);
 *   `null` means "not ready, do not fetch"
 */
export function useQuery<T>(key: string | null, fetcher: () => Promise<T>): QueryState<T> {
  const [state, setState] = useState<Answer<T>>({ data: undefined, error: null, dataKey: null, answered: null });
  const latest = useRef(0);
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;

  // A layout effect: the request leaves in the same task as the render that
  // changed the key, not after the next frame (a passive effect's delay).
  useLayoutEffect(() => {
    if (key === null) return;
    const id = ++latest.current;
    const asked = performance.now();
    const what = `ipc:${key.split('|', 1)[0] ?? key}`;
    fetcherRef.current().then(
      (data) => {
        recordSpan(what, asked);
        deliver(() => {
          if (id !== latest.current) return; // stale: a newer request is on its way
          setState({ data, error: null, dataKey: key, answered: key });
        });
      },
      (e: unknown) => {
        deliver(() => {
          if (id !== latest.current) return;
          setState((s) => ({ ...s, error: errorMessage(e), answered: key }));
        });
      },
    );
  }, [key]);

  // Loading from the very render in which the key changes: the effect that
  // fetches runs only after that render, and anyone looking in between (a
  // user, a test waiting for aria-busy) must not take the old answer as final.
  return { data: state.data, error: state.error, dataKey: state.dataKey, loading: key !== null && state.answered !== key };
}

/**
 * Answers waiting to be applied. A page asks a dozen queries at once and the
 * answers come back as as many tasks; applied one by one, each would re-render
 * the page. Gathered until the tasks already queued have run (a zero timeout),
 * they re-render it once or twice.
 */
let waiting: (() => void)[] = [];

function deliver(apply: () => void): void {
  waiting.push(apply);
  if (waiting.length > 1) return;
  setTimeout(() => {
    const batch = waiting;
    waiting = [];
    // Preact batches the state updates of one task into one render.
    for (const f of batch) f();
  }, 0);
}

/** What the newest request left behind, and which key it answered. */
interface Answer<T> {
  data: T | undefined;
  error: string | null;
  dataKey: string | null;
  answered: string | null;
}
