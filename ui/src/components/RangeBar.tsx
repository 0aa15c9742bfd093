/**
 * The one range all pages share: presets, ‹ Today › stepping, the date label
 * and a date picker. Every part has a fixed size: the label box is as wide
 * and tall whatever it says (the zoom note and the day link are its second
 * line), so nothing moves under the pointer when the range changes.
 */
import { viewerZone } from '../ipc';
import { describeStep, stepOf, wholeDays, windowLabel } from '../lib/range';
import { addDays, daysBetween, localDate } from '../lib/time';
import { PRESETS, goToday, rangeStore, resetZoom, selectPreset, stepRange } from '../state/range';
import { dayHash } from '../state/route';
import { useStore } from '../state/store';
import { DateRangePicker } from './DateRangePicker';

export function RangeBar() {
  const range = useStore(rangeStore);
  const zone = viewerZone();
  const step = describeStep(stepOf(range.window, zone));
  const label = windowLabel(range.window, zone);
  const days = wholeDays(range.window, zone);
  const oneDay = days && daysBetween(days.first, days.end) === 1 ? days.first : null;
  const zoomed = range.preset === null && !range.custom;
  return (
    <div class="range-bar" role="group" aria-label="Time range">
      <div class="segmented" role="group" aria-label="Presets">
        {PRESETS.map((p, i) => (
          <button
            key={p.id}
            type="button"
            data-preset={p.id}
            aria-pressed={range.preset === p.id}
            title={`${p.long} (${String(i + 1)})`}
            onClick={() => {
              selectPreset(p.id);
            }}
          >
            {p.label}
          </button>
        ))}
      </div>
      <div class="range-bar__step">
        <button
          type="button"
          class="icon-button"
          onClick={() => {
            stepRange(-1);
          }}
          disabled={!range.canStepBack}
          aria-label="Previous period"
          title={`Previous ${step} (←)`}
        >
          ‹
        </button>
        <button type="button" class="button button--small range-bar__today" onClick={goToday} disabled={!range.canToday} title="Back to today (T)">
          Today
        </button>
        <button
          type="button"
          class="icon-button"
          onClick={() => {
            stepRange(1);
          }}
          disabled={!range.canStepForward}
          aria-label="Next period"
          title={`Next ${step} (→)`}
        >
          ›
        </button>
      </div>
      <div class="range-bar__label">
        <span class="range-bar__dates" data-testid="range-label" title={label}>
          {label}
        </span>
        {zoomed && (
          <span class="range-bar__note">
            <span class="range-bar__zoomed">Zoomed</span>
            {' · '}
            <button type="button" class="link-button" onClick={resetZoom}>
              Reset zoom
            </button>
          </span>
        )}
        {oneDay && (
          <span class="range-bar__note">
            <a href={dayHash(oneDay)}>Open day view</a>
          </span>
        )}
      </div>
      <DateRangePicker
        first={days ? days.first : localDate(range.window.from, zone)}
        last={days ? addDays(days.end, -1) : localDate(range.window.to - 1, zone)}
      />
    </div>
  );
}
