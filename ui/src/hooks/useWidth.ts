/**
 * The width of an element in CSS pixels, debounced: a window drag re-queries
 * the backend (max_points follows the width) once, not on every frame.
 * Returns a callback ref, so an element that appears later (a chart card
 * shown once data exists) is measured too.
 */
import { useCallback, useLayoutEffect, useState } from 'preact/hooks';

export const RESIZE_DEBOUNCE_MS = 200;

export type WidthRef<E extends HTMLElement> = (el: E | null) => void;

export function useWidth<E extends HTMLElement>(): [WidthRef<E>, number] {
  const [el, setEl] = useState<E | null>(null);
  const [width, setWidth] = useState(0);
  const ref = useCallback((node: E | null) => {
    setEl(node);
  }, []);
  // Measured before the paint: a page's queries (whose max_points follow the
  // width) leave in the task that shows the page, not a frame later.
  useLayoutEffect(() => {
    if (!el) return;
    let timer: number | undefined;
    const measure = (): void => {
      setWidth(Math.floor(el.getBoundingClientRect().width));
    };
    measure();
    const observer = new ResizeObserver(() => {
      window.clearTimeout(timer);
      timer = window.setTimeout(measure, RESIZE_DEBOUNCE_MS);
    });
    observer.observe(el);
    return () => {
      window.clearTimeout(timer);
      observer.disconnect();
    };
  }, [el]);
  return [ref, width];
}

/** The backend returns at most max_points; two pixels per point is dense enough. */
export function maxPointsFor(width: number): number {
  return Math.max(50, Math.round(width / 2));
}
