/**
 * A query key that follows `key` only once it has stayed the same for `ms`:
 * for queries that can wait. The overview's insights banner is one: its
 * computation holds the backend's store for ~130 ms on ten years of data,
 * which at launch delayed the overview's own numbers by as much; and during
 * a sync (a new data version every second) it recomputed at every change.
 * Debounced, it asks once the page has answered and the data has settled.
 */
import { useEffect, useState } from 'preact/hooks';

export function useQuietKey(key: string | null, ms: number): string | null {
  const [quiet, setQuiet] = useState<string | null>(null);
  useEffect(() => {
    if (key === quiet) return undefined;
    const timer = setTimeout(() => {
      setQuiet(key);
    }, ms);
    return () => {
      clearTimeout(timer);
    };
  }, [key, quiet, ms]);
  return quiet;
}
