const SECONDS_PER_MINUTE = 60;
const MINUTES_PER_HOUR = 60;

/**
 * Formats a duration given in seconds as hours and minutes, e.g. `27120` →
 * `"7 h 32 min"`. Rounds to the nearest minute and leaves out a zero part:
 * `3600` → `"1 h"`, `2700` → `"45 min"`, anything under 30 s → `"0 min"`.
 *
 * @throws RangeError if `seconds` is negative, NaN or infinite
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new RangeError(`duration must be a finite, non-negative number of seconds, got ${String(seconds)}`);
  }
  const totalMinutes = Math.round(seconds / SECONDS_PER_MINUTE);
  const hours = Math.floor(totalMinutes / MINUTES_PER_HOUR);
  const minutes = totalMinutes % MINUTES_PER_HOUR;
  if (hours === 0) {
    return `${String(minutes)} min`;
  }
  if (minutes === 0) {
    return `${String(hours)} h`;
  }
  return `${String(hours)} h ${String(minutes)} min`;
}
