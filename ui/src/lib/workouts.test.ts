import { describe, expect, it } from 'vitest';
import type { WorkoutSummary } from '../ipc';
import { workoutAt, workoutDuration, workoutName } from './workouts';

const run: WorkoutSummary = { start: 1000, end: 1000 + 42 * 60, utc_offset: 0, kind: 'running', energy_kcal: 512, distance_m: 8040, source: 'demo' };

describe('workouts', () => {
  it('names kinds in sentence case', () => {
    expect(workoutName('running')).toBe('Running');
    expect(workoutName('ice_skating')).toBe('Ice skating');
    expect(workoutName('')).toBe('Workout');
  });

  it('reads the duration from start and end', () => {
    expect(workoutDuration(run)).toBe('42 min');
    expect(workoutDuration({ start: 0, end: 5400 })).toBe('1 h 30 min');
  });

  it('finds the workout under a time, with slack for thin marks', () => {
    expect(workoutAt([run], 1000)?.kind).toBe('running');
    expect(workoutAt([run], 1000 + 42 * 60)).toBeUndefined();
    expect(workoutAt([run], 900, 200)?.kind).toBe('running');
  });
});
