/**
 * What a finished sync says arrived: "303 weigh-ins, 365 nights and
 * 146 workouts", counted by the backend per metric (new or corrected values,
 * never intraday detail). The things people count get a noun; every other
 * value is summed into "other values", so nothing is hidden.
 */
import type { Arrived } from '../ipc';
import { formatNumber } from './format';

/** The metrics a person counts, in the order they are named, with their nouns. */
const NOUNS: readonly (readonly [Arrived['metric'], string, string])[] = [
  ['weight', 'weigh-in', 'weigh-ins'],
  ['sleep_duration', 'night', 'nights'],
  ['workout', 'workout', 'workouts'],
  ['steps', 'day of steps', 'days of steps'],
  ['heart_rate', 'heart-rate reading', 'heart-rate readings'],
  ['blood_pressure_systolic', 'blood-pressure reading', 'blood-pressure readings'],
  ['spo2', 'blood-oxygen reading', 'blood-oxygen readings'],
  ['body_temperature', 'temperature reading', 'temperature readings'],
];

const count = (n: number, one: string, many: string): string => `${formatNumber(n)} ${n === 1 ? one : many}`;

/** "A, B and C". */
function list(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] ?? ''}`;
}

/** The summary, or null when nothing arrived (the sync found the data up to date). */
export function describeArrived(arrived: readonly Arrived[]): string | null {
  const named = new Map(arrived.map((a) => [a.metric, a.count]));
  const parts: string[] = [];
  for (const [metric, one, many] of NOUNS) {
    const n = named.get(metric);
    if (n) parts.push(count(n, one, many));
    named.delete(metric);
  }
  const others = [...named.values()].reduce((a, b) => a + b, 0);
  if (others > 0) parts.push(count(others, parts.length > 0 ? 'other value' : 'value', parts.length > 0 ? 'other values' : 'values'));
  return parts.length > 0 ? list(parts) : null;
}
