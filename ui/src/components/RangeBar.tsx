/** Presets, back/forward and the current range: the one range all pages share. */
import { viewerZone } from '../ipc';
import { formatRange } from '../lib/time';
import { PRESETS, goBack, goForward, rangeStore, selectPreset } from '../state/range';
import { useStore } from '../state/store';

export function RangeBar() {
  const range = useStore(rangeStore);
  return (
    <div class="range-bar" role="group" aria-label="Time range">
      <div class="range-bar__history">
        <button type="button" class="icon-button" onClick={goBack} disabled={!range.canBack} aria-label="Previous range" title="Previous range (Alt+← or [)">
          ‹
        </button>
        <button type="button" class="icon-button" onClick={goForward} disabled={!range.canForward} aria-label="Next range" title="Next range (Alt+→ or ])">
          ›
        </button>
      </div>
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
      <span class="range-bar__label" data-testid="range-label">
        {formatRange(range.window.from, range.window.to, viewerZone())}
        {range.preset === null && <span class="range-bar__zoomed"> · zoomed</span>}
      </span>
    </div>
  );
}
