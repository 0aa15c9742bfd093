/**
 * Connections: one card per provider with its state, last sync and records;
 * Connect (browser sign-in, with the link shown and a paste fallback), Sync
 * now with progress, Disconnect, and the user's own client ID and secret.
 */
import { useEffect, useState } from 'preact/hooks';
import { Page } from '../components/Page';
import { useQuery } from '../hooks/useQuery';
import { api, errorMessage, viewerZone, type ProviderState, type ProviderStatus } from '../ipc';
import { SyncSteps } from '../components/SyncSteps';
import { describeSync, SYNC_STARTING, syncPercent, timeAgo, type SyncView } from '../lib/connections';
import { formatNumber } from '../lib/format';
import { formatDateTime } from '../lib/time';
import {
  cancelSignIn,
  cancelSync,
  connect,
  disconnect,
  noticesStore,
  pasteAddress,
  providersVersionStore,
  saveClient,
  saveRelayPage,
  setNotice,
  signInsStore,
  startConnections,
  syncNow,
  syncsStore,
  syncStepsStore,
  type Notice,
  type PendingSignIn,
} from '../state/connections';
import { dataVersionStore } from '../state/data';
import { useStore } from '../state/store';

const STATE_LABEL: Record<ProviderState, string> = {
  not_connected: 'Not connected',
  connected: 'Connected',
  needs_sign_in: 'Needs sign-in',
};

/** Seconds now, ticking every 30 s so "5 min ago" stays true. */
function useNow(): number {
  const [now, setNow] = useState(() => Math.floor(Date.now() / 1000));
  useEffect(() => {
    const timer = setInterval(() => {
      setNow(Math.floor(Date.now() / 1000));
    }, 30_000);
    return () => {
      clearInterval(timer);
    };
  }, []);
  return now;
}

export function ConnectionsPage() {
  const version = useStore(dataVersionStore);
  const providersVersion = useStore(providersVersionStore);
  useEffect(() => {
    void startConnections();
  }, []);
  const q = useQuery(`providers|${String(version)}|${String(providersVersion)}`, () => api.providers());
  const now = useNow();
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
      {q.data?.secrets_warning && (
        <p class="banner banner--demo" role="note" data-testid="secrets-warning">
          {q.data.secrets_warning}
        </p>
      )}
      <ul class="providers" aria-busy={q.loading && !q.data ? 'true' : 'false'}>
        {(q.data?.providers ?? []).map((p) => (
          <ProviderCard key={p.id} p={p} now={now} secrets={q.data?.secrets ?? 'OS keyring'} />
        ))}
      </ul>
    </Page>
  );
}

function ProviderCard({ p, now, secrets }: { p: ProviderStatus; now: number; secrets: string }) {
  const signIns = useStore(signInsStore);
  const syncs = useStore(syncsStore);
  const notices = useStore(noticesStore);
  const [confirming, setConfirming] = useState(false);
  const signIn = signIns[p.id] ?? null;
  const sync: SyncView | null = syncs[p.id] ?? (p.syncing ? SYNC_STARTING : null);
  const notice = notices[p.id] ?? null;
  const connected = p.status !== 'not_connected';
  const busy = signIn !== null || sync !== null;

  if (!p.supported) {
    return (
      <li class="card provider provider--unavailable" data-testid={`provider-${p.id}`} data-status="unavailable">
        <div class="provider__row">
          <Logo name={p.name} />
          <div class="provider__main">
            <h2>{p.name}</h2>
            <p>
              <span class="chip">Not available yet</span>
              <span class="muted">Sign-in to {p.name} comes in a later version.</span>
            </p>
          </div>
        </div>
      </li>
    );
  }

  return (
    <li class="card provider" data-testid={`provider-${p.id}`} data-status={p.status}>
      <div class="provider__row">
        <Logo name={p.name} />
        <div class="provider__main">
          <h2>{p.name}</h2>
          <p>
            <span class={`chip chip--${p.status}`} data-testid="provider-status">
              {STATE_LABEL[p.status]}
            </span>
            <LastSync p={p} now={now} />
          </p>
        </div>
        <div class="provider__action button-row">
          {!connected && signIn === null && (
            <button type="button" class="button button--primary" onClick={() => void connect(p.id)}>
              Connect
            </button>
          )}
          {p.status === 'needs_sign_in' && signIn === null && (
            <button type="button" class="button button--primary" onClick={() => void connect(p.id)}>
              Sign in again
            </button>
          )}
          {p.status === 'connected' && sync === null && (
            <button type="button" class="button button--primary" disabled={signIn !== null} onClick={() => void syncNow(p.id)}>
              Sync now
            </button>
          )}
          {connected && (
            <button type="button" class="button" disabled={confirming} onClick={() => { setConfirming(true); }}>
              Disconnect
            </button>
          )}
        </div>
      </div>
      {p.status === 'needs_sign_in' && p.last_error && (
        <p class="provider__problem" role="status" data-testid="provider-error">
          {p.last_error}
        </p>
      )}
      {p.status === 'connected' && p.last_error && !busy && notice === null && (
        <p class="provider__problem" data-testid="provider-error">
          Last sync failed: {p.last_error}
        </p>
      )}
      {signIn !== null && <Waiting id={p.id} name={p.name} signIn={signIn} />}
      {signIn === null && p.connecting && (
        <div class="provider__panel" role="status">
          <span>A sign-in to {p.name} is waiting for your browser.</span>
          <button type="button" class="button button--small" onClick={() => void cancelSignIn(p.id)}>
            Cancel
          </button>
        </div>
      )}
      {sync !== null && <SyncBar id={p.id} view={sync} />}
      {confirming && <ConfirmDisconnect p={p} onDone={() => { setConfirming(false); }} />}
      {notice !== null && <NoticeLine notice={notice} />}
      <OwnApp p={p} secrets={secrets} open={!p.has_client || notice?.kind === 'not_configured'} />
    </li>
  );
}

function Logo({ name }: { name: string }) {
  return (
    <div class="provider__logo" aria-hidden="true">
      {name.charAt(0)}
    </div>
  );
}

function LastSync({ p, now }: { p: ProviderStatus; now: number }) {
  const zone = viewerZone();
  return (
    <span class="muted" data-testid="provider-last-sync">
      {p.last_sync === null ? (
        p.status === 'not_connected' ? (
          ''
        ) : (
          'Never synced'
        )
      ) : (
        <>
          Last sync <time title={formatDateTime(p.last_sync, zone)}>{timeAgo(p.last_sync, now)}</time>
        </>
      )}
      {p.records > 0 && `${p.last_sync === null && p.status === 'not_connected' ? '' : ' · '}${formatNumber(p.records)} records cached`}
    </span>
  );
}

function NoticeLine({ notice }: { notice: Notice }) {
  const fix = notice.fix?.kind === 'sign_in' ? notice.fix : null;
  return (
    <p class={notice.tone === 'error' ? 'provider__problem' : 'provider__ok'} role={notice.tone === 'error' ? 'alert' : 'status'} data-testid="provider-notice">
      {notice.text}
      {fix !== null && (
        <>
          {' '}
          <button type="button" class="button button--small" data-testid="notice-fix" onClick={() => void connect(fix.provider)}>
            Sign in again
          </button>
        </>
      )}
    </p>
  );
}

/** Copies `text`; says so, or asks to copy by hand when the clipboard is closed. */
function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return (
    <button type="button" class="button button--small" aria-label={label} onClick={() => void copy()} data-testid="copy-link">
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Select and copy it' : 'Copy'}
    </button>
  );
}

function Waiting({ id, name, signIn }: { id: string; name: string; signIn: PendingSignIn }) {
  const [pasted, setPasted] = useState('');
  const [sending, setSending] = useState(false);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (pasted.trim() === '') return;
    setSending(true);
    if (await pasteAddress(id, pasted)) setPasted('');
    setSending(false);
  };
  return (
    <div class="provider__panel provider__waiting" role="status" data-testid="sign-in-waiting">
      <p class="provider__waiting-title">
        <span class="spinner" aria-hidden="true" />
        Waiting for {name} in your browser…
      </p>
      <p class="hint">If no browser opened, open this link yourself:</p>
      <div class="provider__link">
        <code data-testid="authorization-url">{signIn.url}</code>
        <CopyButton text={signIn.url} label="Copy the sign-in link" />
      </div>
      <form class="provider__paste" onSubmit={(e) => void submit(e)}>
        <label class="field">
          Paste address instead
          <span class="hint">If the browser ends on a page that does not load, copy its address here.</span>
          <input
            type="url"
            value={pasted}
            placeholder="http://127.0.0.1:…/callback?code=…"
            onInput={(e) => { setPasted(e.currentTarget.value); }}
            data-testid="paste-input"
          />
        </label>
        <div class="button-row">
          <button type="submit" class="button button--small" disabled={sending || pasted.trim() === ''}>
            Finish sign-in
          </button>
          <button type="button" class="button button--small" onClick={() => void cancelSignIn(id)}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}

function SyncBar({ id, view }: { id: string; view: SyncView }) {
  const pct = syncPercent(view);
  const steps = useStore(syncStepsStore)[id] ?? [];
  return (
    <div class="provider__panel provider__sync" role="status" data-testid="sync-progress">
      <span class="provider__sync-text" data-testid="sync-text">
        {describeSync(view)}
      </span>
      <progress max={100} value={pct ?? undefined} aria-label="Sync progress" data-testid="sync-bar" />
      <button type="button" class="button button--small" onClick={() => void cancelSync(id)}>
        Cancel
      </button>
      <SyncSteps steps={steps} />
    </div>
  );
}

function ConfirmDisconnect({ p, onDone }: { p: ProviderStatus; onDone: () => void }) {
  const [purge, setPurge] = useState(false);
  return (
    <div class="provider__panel provider__confirm" role="group" aria-label={`Disconnect ${p.name}`} data-testid="confirm-disconnect">
      <span>
        Disconnect {p.name}? Healthdash forgets the sign-in{purge ? '.' : ' and keeps the cached data.'}
      </span>
      <label class="check">
        <input type="checkbox" checked={purge} onChange={(e) => { setPurge(e.currentTarget.checked); }} data-testid="purge" />
        also delete cached data{p.records > 0 ? ` (${formatNumber(p.records)} records)` : ''}
      </label>
      <div class="button-row">
        <button
          type="button"
          class="button button--small button--danger"
          onClick={() => {
            void disconnect(p.id, purge).then(onDone);
          }}
        >
          Disconnect
        </button>
        <button type="button" class="button button--small" onClick={onDone}>
          Keep connected
        </button>
      </div>
    </div>
  );
}

/** The user's own app at the provider: client ID and secret, and how to register one. */
function OwnApp({ p, secrets, open }: { p: ProviderStatus; secrets: string; open: boolean }) {
  const [clientId, setClientId] = useState('');
  const [secret, setSecret] = useState('');
  const [saving, setSaving] = useState(false);
  const save = async (e: Event): Promise<void> => {
    e.preventDefault();
    setSaving(true);
    if (await saveClient(p.id, clientId, secret)) {
      setClientId('');
      setSecret('');
    }
    setSaving(false);
  };
  return (
    <details class="provider__own" open={open} data-testid="own-app">
      <summary>Use your own app at {p.name}</summary>
      <div class="provider__own-body">
        <p class="hint">
          {p.has_client
            ? `A client ID for ${p.name} is set. Enter another to replace it.`
            : `Healthdash needs the client ID and secret of an app you register at ${p.name}.`}{' '}
          They are kept in {secrets === 'OS keyring' ? 'the OS keyring' : secrets}, not in config.toml.
        </p>
        <form class="provider__client" onSubmit={(e) => void save(e)}>
          <label class="field">
            Client ID
            <input type="text" autocomplete="off" spellcheck={false} value={clientId} onInput={(e) => { setClientId(e.currentTarget.value); }} data-testid="client-id" />
          </label>
          <label class="field">
            Client secret
            <input type="password" autocomplete="off" value={secret} onInput={(e) => { setSecret(e.currentTarget.value); }} data-testid="client-secret" />
          </label>
          <button type="submit" class="button" disabled={saving || clientId.trim() === ''}>
            Save
          </button>
        </form>
        <div class="provider__help">
          <p>
            <strong>Redirect URI to register:</strong> <code data-testid="redirect-uri">{p.redirect_uri_hint}</code>{' '}
            <CopyButton text={p.redirect_uri_hint} label="Copy the redirect URI" />
          </p>
          {p.needs_https_redirect && (
            <p class="hint" data-testid="relay-help">
              {p.name} refuses <code>http://127.0.0.1</code> redirects. Save the relay page that ships with Healthdash
              (<code>index.html</code>, one static file with no secrets), host it on any https static host such as GitHub
              Pages, register its address at {p.name} as the redirect URI, and set <code>redirect_uri</code> to it under{' '}
              <code>[providers.{p.id}]</code> in config.toml. The page forwards the browser back to Healthdash on this
              computer.
            </p>
          )}
          <div class="button-row">
            {p.needs_https_redirect && (
              <button type="button" class="button button--small" onClick={() => void saveRelayPage(p.id)}>
                Save the relay page…
              </button>
            )}
            {p.developer_url !== '' && (
              <button
                type="button"
                class="button button--small"
                onClick={() => {
                  api.openDeveloperPage(p.id).catch((e: unknown) => {
                    setNotice(p.id, { tone: 'error', text: errorMessage(e) });
                  });
                }}
              >
                Open the {p.name} developer page
              </button>
            )}
          </div>
        </div>
      </div>
    </details>
  );
}
