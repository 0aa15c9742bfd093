/**
 * A chart height that fills the window: what is left of the viewport after
 * `reserved` pixels (header, stats, other cards), within [min, max]. Charts
 * stay fully visible at 1024×700 and use the room at 1280×800 and above.
 */
import { useEffect, useState } from 'preact/hooks';
import { RESIZE_DEBOUNCE_MS } from './useWidth';

export function chartHeight(viewport: number, reserved: number, min: number, max: number): number {
  return Math.round(Math.min(max, Math.max(min, viewport - reserved)));
}

export function useChartHeight(reserved: number, min: number, max: number): number {
  const [viewport, setViewport] = useState(window.innerHeight);
  useEffect(() => {
    let timer: number | undefined;
    const onResize = (): void => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => {
        setViewport(window.innerHeight);
      }, RESIZE_DEBOUNCE_MS);
    };
    window.addEventListener('resize', onResize);
    return () => {
      window.clearTimeout(timer);
      window.removeEventListener('resize', onResize);
    };
  }, []);
  return chartHeight(viewport, reserved, min, max);
}
