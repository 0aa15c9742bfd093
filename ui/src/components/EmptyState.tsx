/** What to do when there is nothing to show: load the demo, or connect a provider. */
import { useStore } from '../state/store';
import { appInfoStore, demoProgressStore, loadDemo } from '../state/data';
import { useState } from 'preact/hooks';
import { errorMessage } from '../ipc';

export function NoDataState() {
  const progress = useStore(demoProgressStore);
  const info = useStore(appInfoStore);
  const [error, setError] = useState<string | null>(null);
  const busy = progress !== null || info?.loading_demo === true;
  return (
    <section class="card empty" aria-labelledby="empty-title" data-testid="empty-state">
      <div class="empty__icon" aria-hidden="true">
        <svg viewBox="0 0 48 48" width="48" height="48">
          <path d="M4 26h9l4-9 7 18 6-14 3 5h11" fill="none" stroke="currentColor" stroke-width="3" stroke-linecap="round" stroke-linejoin="round" />
        </svg>
      </div>
      <h2 id="empty-title">No health data yet</h2>
      <p>
        Healthdash shows the readings stored on this computer. Load the demo data set to explore the dashboard with two
        years of a made-up person&rsquo;s data, or connect a service that holds your own.
      </p>
      <div class="empty__actions">
        <button
          type="button"
          class="button button--primary"
          disabled={busy}
          onClick={() => {
            setError(null);
            loadDemo().catch((e: unknown) => {
              setError(errorMessage(e));
            });
          }}
        >
          {busy ? 'Loading demo data…' : 'Load demo data'}
        </button>
        <a class="button" href="#/connections">
          Connect a provider
        </a>
      </div>
      {error && (
        <p class="empty__error" role="alert">
          The demo data could not be loaded: {error}
        </p>
      )}
    </section>
  );
}

/** The range holds no data for this chart. */
export function NoDataInRange({ what, onShowAll }: { what: string; onShowAll: () => void }) {
  return (
    <>
      <p>No {what} in this range.</p>
      <button type="button" class="button button--small" onClick={onShowAll}>
        Show all data
      </button>
    </>
  );
}
