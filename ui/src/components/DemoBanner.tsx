/** Says clearly when the demo data set is what you see, and shows its loading progress. */
import { percent } from '../lib/format';
import { appInfoStore, demoProgressStore } from '../state/data';
import { useStore } from '../state/store';

export function DemoBanner() {
  const info = useStore(appInfoStore);
  const progress = useStore(demoProgressStore);
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
  if (!info?.demo_shown) return null;
  return (
    <div class="banner banner--demo" role="note" data-testid="demo-banner">
      <strong>Demo data.</strong>
      <span>
        You are looking at a made-up person&rsquo;s readings, not yours. <a href="#/connections">Connect a provider</a> to
        see your own.
      </span>
    </div>
  );
}
