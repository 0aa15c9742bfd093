/** Stroke icons for the navigation (24×24, currentColor). */
import type { Route } from '../state/route';

const PATHS: Record<Route | 'keyboard', string> = {
  overview: 'M4 4h7v7H4zM13 4h7v4h-7zM13 10h7v10h-7zM4 13h7v7H4z',
  insights: 'M9 18h6M10 21h4M12 3a6 6 0 0 0-3.5 10.9c.6.5 1 1.2 1 2V16h5v-.1c0-.8.4-1.5 1-2A6 6 0 0 0 12 3z',
  heart: 'M12 20s-7-4.4-7-10a4 4 0 0 1 7-2.6A4 4 0 0 1 19 10c0 5.6-7 10-7 10zM5 12h3l2-3 3 6 2-3h4',
  sleep: 'M20 14.5A8 8 0 0 1 9.5 4a8 8 0 1 0 10.5 10.5z',
  activity: 'M13 4a1.5 1.5 0 1 0 0 .01M10 20l2-6 3 3v4M8 11l3-3 3 2 3 1M12 14l-2-3',
  weight: 'M5 20h14l-2-12H7zM9 8a3 3 0 0 1 6 0M12 12l1.5 3',
  day: 'M4 6h16v14H4zM4 10h16M8 3v4M16 3v4M8 14h2M12 14h2M16 14h0',
  body: 'M12 3a2 2 0 1 0 0 .01M8 8h8l-1 6h-1.5l-.5 7h-2l-.5-7H9zM12 8v4',
  vitals: 'M12 3c3 4 6 7 6 11a6 6 0 0 1-12 0c0-4 3-7 6-11zM9 14h2l1-2 1 4 1-2h1',
  workouts: 'M4 10v4M7 8v8M17 8v8M20 10v4M7 12h10',
  metrics: 'M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM13 13h7v7h-7zM6 9l2-2 1 1M15 18l2-3 2 1',
  metric: 'M4 19h16M6 16l4-5 3 3 5-7',
  export: 'M12 4v11M7.5 10.5 12 15l4.5-4.5M5 19h14',
  connections: 'M9 15l6-6M8 11l-2 2a3 3 0 0 0 4.2 4.2l2-2M16 13l2-2a3 3 0 0 0-4.2-4.2l-2 2',
  settings:
    'M12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6zM19 12l2-1-1-3-2.2.3-1.3-1.3L17 4.8 14 4l-1 2h-2l-1-2-3 .8.5 2.2L6.2 8.3 4 8 3 11l2 1v0l-2 1 1 3 2.2-.3 1.3 1.3-.5 2.2 3 .8 1-2h2l1 2 3-.8-.5-2.2 1.3-1.3 2.2.3 1-3z',
  keyboard: 'M3 7h18v10H3zM6 10h1M9 10h1M12 10h1M15 10h1M18 10h0M7 14h10',
};

export function Icon({ name }: { name: Route | 'keyboard' }) {
  return (
    <svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}
