/** Words for things the backend returns: resolutions, relative days. */
import type { Resolution } from '../ipc';
import { formatDuration } from './format';
import { addDays, formatDateTime, formatTime, localDate } from './time';

/** "every reading", "mean per 10 min", "mean per day", "mean per 7 days". */
export function describeResolution(r: Resolution): string {
  switch (r.level) {
    case 'raw':
      return 'every reading';
    case 'seconds':
      return `mean per ${formatDuration(r.seconds)}`;
    case 'days':
      return r.days === 1 ? 'mean per day' : `mean per ${String(r.days)} days`;
  }
}

/** "today 07:12", "yesterday 22:40", or the full local date and time. */
export function relativeTime(t: number, now: number, zone: string): string {
  const day = localDate(t, zone);
  const today = localDate(now, zone);
  if (day === today) return `today ${formatTime(t, zone)}`;
  if (day === addDays(today, -1)) return `yesterday ${formatTime(t, zone)}`;
  return formatDateTime(t, zone);
}

/** "Good morning" and friends, by the viewer's local hour. */
export function greeting(hour: number): string {
  if (hour < 5) return 'Good night';
  if (hour < 12) return 'Good morning';
  if (hour < 18) return 'Good afternoon';
  return 'Good evening';
}
