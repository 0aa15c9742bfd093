/** Connections: the five providers, their state, and an honest "not yet" for sign-in. */
import { Page } from '../components/Page';
import { useQuery } from '../hooks/useQuery';
import { api, viewerZone, type ProviderState } from '../ipc';
import { relativeTime } from '../lib/describe';
import { formatNumber } from '../lib/format';
import { dataVersionStore } from '../state/data';
import { useStore } from '../state/store';

const STATE_LABEL: Record<ProviderState, string> = {
  not_connected: 'Not connected',
  connected: 'Connected',
  needs_sign_in: 'Needs sign-in',
};

export function ConnectionsPage() {
  const version = useStore(dataVersionStore);
  const q = useQuery(`providers|${String(version)}`, () => api.providers());
  const now = Math.floor(Date.now() / 1000);
  return (
    <Page title="Connections" noRange always>
      <p class="muted intro">
        Healthdash signs in to each service through your browser and keeps a copy of your readings on this computer.
      </p>
      {q.error && (
        <p class="error" role="alert">
          Could not list the providers: {q.error}
        </p>
      )}
      <ul class="providers">
        {(q.data ?? []).map((p) => (
          <li key={p.id} class="card provider" data-testid={`provider-${p.id}`}>
            <div class="provider__logo" aria-hidden="true">
              {p.name.charAt(0)}
            </div>
            <div class="provider__main">
              <h2>{p.name}</h2>
              <p>
                <span class={`chip chip--${p.status}`}>{STATE_LABEL[p.status]}</span>
                <span class="muted">
                  {p.last_sync === null ? 'Never synced' : `Last sync ${relativeTime(p.last_sync, now, viewerZone())}`} ·{' '}
                  {formatNumber(p.records)} records
                </span>
              </p>
            </div>
            <div class="provider__action">
              <button type="button" class="button" disabled aria-describedby={`why-${p.id}`}>
                Connect
              </button>
              <span id={`why-${p.id}`} class="hint">
                Browser sign-in is not available yet
              </span>
            </div>
          </li>
        ))}
      </ul>
    </Page>
  );
}
