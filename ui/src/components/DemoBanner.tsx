/**
 * Says clearly when the demo data set is what you see, shows its loading
 * progress, and offers to remove it. Once the user's own data has arrived
 * the backend hides the demo person from every chart; the banner then says
 * so, quietly, until the user removes the demo or keeps it.
 */
import { useState } from 'preact/hooks';
import { percent } from '../lib/format';
import { appInfoStore, demoProgressStore } from '../state/data';
import { useStore } from '../state/store';
import { RemoveDemoButton } from './RemoveDemo';

/** Remembers "keep it for now" for the hidden-demo notice. */
const KEEP_KEY = 'healthdash.keepHiddenDemo';

function keptBefore(): boolean {
  try {
    return localStorage.getItem(KEEP_KEY) === '1';
  } catch {
    return false;
  }
}

export function DemoBanner() {
  const info = useStore(appInfoStore);
  const progress = useStore(demoProgressStore);
  const [kept, setKept] = useState(keptBefore);
  const loading = progress !== null || info?.loading_demo === true;
  if (loading) {
    const pct = progress && progress.total > 0 ? percent(progress.done, progress.total) : null;
    return (
      <div class="banner banner--progress" role="status" data-testid="demo-progress">
        <span>Loading the demo data set…</span>
        <progress max={100} value={pct ?? undefined} aria-label="Demo data loading progress" />
        <span class="banner__pct">{pct === null ? '' : `${String(pct)}%`}</span>
      </div>
    );
  }
  if (info?.demo === 'shown') {
    return (
      <div class="banner banner--demo" role="note" data-testid="demo-banner">
        <strong>Demo data.</strong>
        <span>
          A made-up person, not you. <a href="#/connections">Connect a provider</a> to see your own.
        </span>
        <RemoveDemoButton link />
      </div>
    );
  }
  if (info?.demo === 'hidden' && !kept) {
    return (
      <div class="banner banner--quiet" role="note" data-testid="demo-hidden-banner">
        <span>Your own data is on screen; the demo person is hidden.</span>
        <RemoveDemoButton link />
        <button
          type="button"
          class="link-button"
          onClick={() => {
            try {
              localStorage.setItem(KEEP_KEY, '1');
            } catch {
              // Private storage off: the notice comes back next time, no harm.
            }
            setKept(true);
          }}
        >
          Keep it for now
        </button>
      </div>
    );
  }
  return null;
}
