/**
 * Workouts in the range, newest first: date, type, duration and whatever
 * figures the source reported (distance, energy). Long ranges hold hundreds,
 * so the list shows a page at a time.
 */
import { useMemo, useState } from 'preact/hooks';
import { Page } from '../components/Page';
import { Tiles } from '../components/Tiles';
import { useWorkouts } from '../hooks/useWorkouts';
import { viewerZone, type WorkoutSummary } from '../ipc';
import { formatDuration, formatNumber } from '../lib/format';
import { formatDay, formatTime } from '../lib/time';
import { displayFor } from '../lib/units';
import { workoutDuration, workoutName } from '../lib/workouts';
import { sourceInfo } from '../state/catalog';
import { catalogueStore, hasMetric } from '../state/data';
import { rangeStore, selectPreset } from '../state/range';
import { settingsStore } from '../state/settings';
import { useStore } from '../state/store';

export const WORKOUTS_PER_PAGE = 25;

function sum(list: readonly WorkoutSummary[], pick: (w: WorkoutSummary) => number | null): number | null {
  const values = list.map(pick).filter((v): v is number => v !== null);
  return values.length === 0 ? null : values.reduce((a, v) => a + v, 0);
}

export function WorkoutsPage() {
  const { window } = useStore(rangeStore);
  const { units } = useStore(settingsStore);
  const catalogue = useStore(catalogueStore);
  const zone = viewerZone();
  const stored = hasMetric(catalogue, 'workout');
  const workouts = useWorkouts(window, stored);
  const [shown, setShown] = useState(WORKOUTS_PER_PAGE);
  const distD = useMemo(() => displayFor('distance', 'm', units), [units]);
  const energyD = useMemo(() => displayFor('active_energy', 'kcal', units), [units]);
  const list = workouts.data ?? [];
  const distance = sum(list, (w) => w.distance_m);
  const energy = sum(list, (w) => w.energy_kcal);
  const time = sum(list, (w) => w.end - w.start);

  return (
    <Page title="Workouts">
      {!stored ? (
        <section class="card metrics-empty" data-testid="workouts-empty">
          <h2>No workouts yet</h2>
          <p>Runs, rides, swims and gym sessions recorded by a watch, a tracker or the Withings app appear here once connected.</p>
          <a class="button" href="#/connections">
            Connect a provider
          </a>
        </section>
      ) : (
        <>
          <Tiles
            label="Workouts in this range"
            items={[
              { label: 'Workouts', value: workouts.data ? formatNumber(list.length) : '—', detail: 'in this range', testId: 'tile-workout-count' },
              { label: 'Time', value: time === null ? '—' : formatDuration(time), detail: 'in total' },
              { label: 'Distance', value: distance === null ? '—' : distD.format(distance), detail: 'in total' },
              { label: 'Energy', value: energy === null ? '—' : energyD.format(energy), detail: 'in total' },
            ]}
          />
          <section class="card workouts" aria-label="Workouts" aria-busy={workouts.loading ? 'true' : 'false'} data-testid="workouts-list">
            {workouts.error && (
              <p class="chart-card__message chart-card__message--error" role="alert">
                Could not load the workouts: {workouts.error}
              </p>
            )}
            {workouts.data && list.length === 0 && (
              <div class="chart-card__message">
                <p>No workouts in this range.</p>
                <button
                  type="button"
                  class="button button--small"
                  onClick={() => {
                    selectPreset('all');
                  }}
                >
                  Show all data
                </button>
              </div>
            )}
            {list.length > 0 && (
              <table class="workouts__table">
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Type</th>
                    <th scope="col" class="num">
                      Duration
                    </th>
                    <th scope="col" class="num">
                      Distance
                    </th>
                    <th scope="col" class="num">
                      Energy
                    </th>
                    <th scope="col">Source</th>
                  </tr>
                </thead>
                <tbody>
                  {list.slice(0, shown).map((w) => (
                    <tr key={`${w.source}-${String(w.start)}`} data-testid="workout-row">
                      <td>
                        {formatDay(w.start, zone)}, {formatTime(w.start, zone)}
                      </td>
                      <th scope="row">{workoutName(w.kind)}</th>
                      <td class="num">{workoutDuration(w)}</td>
                      <td class="num">{w.distance_m !== null && w.distance_m > 0 ? distD.format(w.distance_m) : '—'}</td>
                      <td class="num">{w.energy_kcal !== null && w.energy_kcal > 0 ? energyD.format(w.energy_kcal) : '—'}</td>
                      <td class="workouts__source">{sourceInfo(w.source)?.name ?? w.source}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {list.length > shown && (
              <div class="workouts__more">
                <span>
                  Showing {formatNumber(shown)} of {formatNumber(list.length)}
                </span>
                <button
                  type="button"
                  class="button button--small"
                  onClick={() => {
                    setShown((n) => n + WORKOUTS_PER_PAGE);
                  }}
                >
                  Show {formatNumber(Math.min(WORKOUTS_PER_PAGE, list.length - shown))} more
                </button>
              </div>
            )}
          </section>
        </>
      )}
    </Page>
  );
}
