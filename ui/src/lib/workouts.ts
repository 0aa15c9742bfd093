/** Workouts as people read them: "Running", "42 min", "8.0 km · 512 kcal". */
import type { WorkoutSummary } from '../ipc';
import { formatDuration } from './format';
import type { Display } from './units';

/** "running" → "Running", "ice_skating" → "Ice skating". */
export function workoutName(kind: string): string {
  const words = kind.replace(/[_-]+/g, ' ').trim();
  if (words === '') return 'Workout';
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function workoutDuration(w: Pick<WorkoutSummary, 'start' | 'end'>): string {
  return formatDuration(Math.max(0, w.end - w.start));
}

/** Distance and energy where the source reported them, e.g. "8.0 km · 512 kcal". */
export function workoutFigures(w: WorkoutSummary, distance: Display, energy: Display): string {
  const parts: string[] = [];
  if (w.distance_m !== null && w.distance_m > 0) parts.push(distance.format(w.distance_m));
  if (w.energy_kcal !== null && w.energy_kcal > 0) parts.push(energy.format(w.energy_kcal));
  return parts.join(' · ');
}

/** The workout under `t` (the latest one that started before it), if any. */
export function workoutAt(workouts: readonly WorkoutSummary[], t: number, slack = 0): WorkoutSummary | undefined {
  return workouts.find((w) => w.start - slack <= t && t < w.end + slack);
}
