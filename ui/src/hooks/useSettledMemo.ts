/**
 * useMemo for a chart model built from several queries: while any of them
 * is still loading it keeps the model it last built, so a range switch draws
 * once, with every answer of the new range, instead of drawing the first
 * answer beside the old range's others and then again.
 */
import { useRef } from 'preact/hooks';

function changed(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length !== b.length || a.some((v, i) => !Object.is(v, b[i]));
}

/** `factory()` as of the last time nothing was loading (undefined before that). */
export function useSettledMemo<T>(loading: boolean, factory: () => T, deps: readonly unknown[]): T | undefined {
  const built = useRef<{ deps: readonly unknown[]; value: T } | null>(null);
  if (!loading && (built.current === null || changed(built.current.deps, deps))) {
    built.current = { deps, value: factory() };
  }
  return built.current?.value;
}
