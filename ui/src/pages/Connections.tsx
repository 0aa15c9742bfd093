/**
 * Connections: one card per provider this version can sync, with its state,
 * last and next sync and records; a guided setup until the user's own app
 * at the provider is known; Connect (browser sign-in, with the link shown
 * and a paste fallback), Sync now with progress, Disconnect. Providers still
 * planned are one line.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Page } from '../components/Page';
import { useQuery } from '../hooks/useQuery';
import { api, errorMessage, viewerZone, type ProviderState, type ProviderStatus } from '../ipc';
import { SignInExpiry } from '../components/SignInExpiry';
import { OpenHumansFiles } from '../components/OpenHumansFiles';
import { CoverageMap } from '../components/CoverageMap';
import { SyncSteps } from '../components/SyncSteps';
import { ExistPush } from '../components/ExistPush';
import { describeSync, SYNC_STARTING, syncPercent, timeAgo, type SyncView } from '../lib/connections';
import { explainError, type Explained } from '../lib/explain';
import { formatNumber } from '../lib/format';
import { formatDateTime, formatTime } from '../lib/time';
import {
  cancelSignIn,
  cancelSync,
  connect,
  disconnect,
  noticesStore,
  pasteAddress,
  providerStateShown,
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
  // Which refresh of the list is shown (a notice may wait for it).
  const listed = Number(q.dataKey?.split('|')[2] ?? -1);
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
        {(q.data?.providers ?? [])
          .filter((p) => p.supported)
          .map((p) => (
            <ProviderCard key={p.id} p={p} now={now} secrets={q.data?.secrets ?? 'OS keyring'} listed={listed} />
          ))}
      </ul>
      <Coming providers={(q.data?.providers ?? []).filter((p) => !p.supported)} />
      <CoverageMap />
    </Page>
  );
}

/** Providers this version cannot sync yet, as one quiet line. */
function Coming({ providers }: { providers: ProviderStatus[] }) {
  if (providers.length === 0) return null;
  return (
    <p class="muted providers__coming" data-testid="providers-coming">
      Coming: {providers.map((p) => p.name).join(', ')}
    </p>
  );
}

/**
 * The provider accepts only https redirect addresses (Withings) and no relay
 * page is set yet: sign-in cannot work until it is. The sandbox's fake
 * accepts this computer's address.
 */
function needsRelay(p: ProviderStatus): boolean {
  return p.needs_https_redirect && !p.sandbox && !p.redirect_uri_hint.startsWith('https://');
}

/** Everything Connect needs is set up: the client, and a redirect the provider accepts. */
function setUp(p: ProviderStatus): boolean {
  return p.has_client && !needsRelay(p);
}

function ProviderCard({ p, now, secrets, listed }: { p: ProviderStatus; now: number; secrets: string; listed: number }) {
  const signIns = useStore(signInsStore);
  const syncs = useStore(syncsStore);
  const notices = useStore(noticesStore);
  const [confirming, setConfirming] = useState(false);
  const signIn = signIns[p.id] ?? null;
  const sync: SyncView | null = syncs[p.id] ?? (p.syncing ? SYNC_STARTING : null);
  const pending = notices[p.id] ?? null;
  const notice = pending && (pending.asOf === undefined || listed >= pending.asOf) ? pending : null;
  const connected = p.status !== 'not_connected';
  const busy = signIn !== null || sync !== null;
  const ready = setUp(p);
  // An error about a situation that has changed since goes away.
  const shown = `${p.status}|${String(p.has_client)}|${String(p.sandbox)}|${p.redirect_uri_hint}`;
  useEffect(() => {
    providerStateShown(p.id, shown);
  }, [p.id, shown]);
  const syncFailed = p.status === 'connected' && p.last_error !== null && !busy;

  return (
    <li class="card provider" data-testid={`provider-${p.id}`} data-status={p.status}>
      <div class="provider__row">
        <Logo name={p.name} />
        <div class="provider__main">
          <h2>{p.name}</h2>
          <p>
            <StatusChip p={p} failed={syncFailed} />
            {p.sandbox && (
              <span class="chip chip--sandbox" data-testid="provider-sandbox" title={`A fake ${p.name} on this computer (healthdash sandbox), with made-up data`}>
                Pointed at the sandbox
              </span>
            )}
            <LastSync p={p} now={now} failed={syncFailed} />
          </p>
        </div>
        <div class="provider__action button-row">
          {!connected && signIn === null && (
            <button
              type="button"
              class="button button--primary"
              disabled={!ready}
              title={ready ? undefined : 'Finish the three steps below first'}
              onClick={() => void connect(p.id)}
            >
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
        <Problem explained={explainError(p.last_error, 'needs_sign_in', p.name)} role="status" testid="provider-error" />
      )}
      {syncFailed && p.last_error && notice === null && (
        <Problem explained={explainError(p.last_error, null, p.name)} role="status" testid="provider-error" />
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
      <SignInExpiry p={p} now={now} syncing={sync !== null} signingIn={signIn !== null} />
      {sync !== null && <SyncBar id={p.id} name={p.name} view={sync} />}
      {confirming && <ConfirmDisconnect p={p} onDone={() => { setConfirming(false); }} />}
      {notice !== null && <NoticeLine notice={notice} />}
      {p.id === 'openhumans' && connected && <OpenHumansFiles />}
      {p.id === 'exist' && p.status === 'connected' && <ExistPush />}
      {!connected && !ready ? <Setup p={p} secrets={secrets} /> : <OwnApp p={p} secrets={secrets} />}
    </li>
  );
}

/** "Connected", "Sync failed · retrying at 01:48", "Needs sign-in", "Not connected". */
function StatusChip({ p, failed }: { p: ProviderStatus; failed: boolean }) {
  if (failed) {
    const retry = p.next_sync === null ? '' : ` · retrying at ${formatTime(p.next_sync, viewerZone())}`;
    return (
      <span class="chip chip--failed" data-testid="provider-status">
        Sync failed{retry}
      </span>
    );
  }
  return (
    <span class={`chip chip--${p.status}`} data-testid="provider-status">
      {STATE_LABEL[p.status]}
    </span>
  );
}

/** What went wrong, what to do, and the backend's words behind "Details". */
function Problem({ explained, role, testid, children }: { explained: Explained; role: 'alert' | 'status'; testid: string; children?: ComponentChildren }) {
  return (
    <div class="provider__problem" role={role} data-testid={testid}>
      <p>
        <strong>{explained.what}</strong> {explained.todo}
        {children}
      </p>
      <Details raw={explained.raw} />
    </div>
  );
}

function Details({ raw }: { raw: string }) {
  return (
    <details class="provider__details" data-testid="error-details">
      <summary>Details</summary>
      <code>{raw}</code>
    </details>
  );
}

function Logo({ name }: { name: string }) {
  return (
    <div class="provider__logo" aria-hidden="true">
      {name.charAt(0)}
    </div>
  );
}

function LastSync({ p, now, failed }: { p: ProviderStatus; now: number; failed: boolean }) {
  const zone = viewerZone();
  // After a failure the chip says when it retries.
  const next = p.next_sync !== null && !failed ? ` · next sync at ${formatTime(p.next_sync, zone)}` : '';
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
      {next}
    </span>
  );
}

function NoticeLine({ notice }: { notice: Notice }) {
  const fix = notice.fix?.kind === 'sign_in' ? notice.fix : null;
  const button = fix !== null && (
    <>
      {' '}
      <button type="button" class="button button--small" data-testid="notice-fix" onClick={() => void connect(fix.provider)}>
        Sign in again
      </button>
    </>
  );
  if (notice.tone === 'error') {
    const explained: Explained = { what: notice.text, todo: notice.todo ?? '', raw: notice.raw ?? notice.text, atPaste: false, signInAgain: false };
    return (
      <Problem explained={explained} role="alert" testid="provider-notice">
        {button}
      </Problem>
    );
  }
  return (
    <p class="provider__ok" role="status" data-testid="provider-notice">
      {notice.text}
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
  const [wrong, setWrong] = useState<Explained | null>(null);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (pasted.trim() === '') return;
    setSending(true);
    const problem = await pasteAddress(id, pasted);
    setSending(false);
    if (problem === null) {
      setPasted('');
      setWrong(null);
    } else if (problem.atPaste) {
      // The address was wrong: the sign-in keeps waiting for a better one.
      setWrong(problem);
    } else {
      // The sign-in itself ended (refused, or the code was not accepted).
      void cancelSignIn(id);
      setNotice(id, { tone: 'error', text: problem.what, todo: problem.todo, raw: problem.raw });
    }
  };
  return (
    <div class="provider__panel provider__waiting" role="status" data-testid="sign-in-waiting">
      {signIn.browserOpened ? (
        <>
          <p class="provider__waiting-title">
            <span class="spinner" aria-hidden="true" />
            Waiting for {name} in your browser…
          </p>
          <p class="hint">If no browser opened, open this link yourself:</p>
        </>
      ) : (
        <>
          <p class="provider__waiting-title" data-testid="browser-failed">
            Couldn’t open your browser — open this link:
          </p>
          <p class="hint">
            <span class="spinner" aria-hidden="true" /> Healthdash waits until you have signed in to {name} there.
          </p>
        </>
      )}
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
            aria-invalid={wrong !== null ? 'true' : undefined}
            onInput={(e) => {
              setPasted(e.currentTarget.value);
              setWrong(null);
            }}
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
        {wrong !== null && (
          <div class="provider__paste-error">
            <Problem explained={wrong} role="alert" testid="paste-error" />
          </div>
        )}
      </form>
    </div>
  );
}

function SyncBar({ id, name, view }: { id: string; name: string; view: SyncView }) {
  const pct = syncPercent(view);
  const steps = useStore(syncStepsStore)[id] ?? [];
  return (
    <div class="provider__panel provider__sync" role="status" data-testid="sync-progress">
      <span class="provider__sync-text" data-testid="sync-text">
        {describeSync(view, name)}
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

/** Saves the client ID and secret of the user's app at the provider. */
function ClientForm({ p }: { p: ProviderStatus }) {
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
  );
}

function DeveloperPageButton({ p, primary = false }: { p: ProviderStatus; primary?: boolean }) {
  if (p.developer_url === '') return null;
  return (
    <button
      type="button"
      class={primary ? 'button button--small button--primary' : 'button button--small'}
      onClick={() => {
        api.openDeveloperPage(p.id).catch((e: unknown) => {
          setNotice(p.id, { tone: 'error', text: `Couldn’t open the ${p.name} developer page.`, todo: `Open ${p.developer_url} in your browser.`, raw: errorMessage(e) });
        });
      }}
    >
      Open the {p.name} developer page
    </button>
  );
}

/**
 * The redirect address to register at the provider: the exact one with Copy,
 * or, for a provider that refuses this computer's address and has no relay
 * page set yet, how to set one up instead.
 */
function RedirectHelp({ p }: { p: ProviderStatus }) {
  if (needsRelay(p)) {
    return (
      <div class="provider__help" data-testid="relay-help">
        <p>
          {p.name} accepts only https addresses, so its sign-in comes back through a small relay page that you host:
        </p>
        <ol class="provider__substeps">
          <li>
            Save the relay page (<code>index.html</code>, one static file with no secrets).{' '}
            <button type="button" class="button button--small" onClick={() => void saveRelayPage(p.id)}>
              Save the relay page…
            </button>
          </li>
          <li>Put it on any https static host, such as GitHub Pages.</li>
          <li>
            Register its address at {p.name} as the redirect URI, and set it as <code>redirect_uri</code> under{' '}
            <code>[providers.{p.id}]</code> in config.toml. Connect is ready once Healthdash sees it.
          </li>
        </ol>
      </div>
    );
  }
  return (
    <div class="provider__help">
      <p>
        <strong>Redirect URI to register:</strong> <code data-testid="redirect-uri">{p.redirect_uri_hint}</code>{' '}
        <CopyButton text={p.redirect_uri_hint} label="Copy the redirect URI" />
      </p>
    </div>
  );
}

/** Where the client secret is kept, in words. */
function keptIn(secrets: string): string {
  return `They are kept in ${secrets === 'OS keyring' ? 'the OS keyring' : secrets}, not in config.toml.`;
}

/** Until Connect can work: the three steps to set up the user's own app at the provider. */
function Setup({ p, secrets }: { p: ProviderStatus; secrets: string }) {
  return (
    <section class="provider__setup" aria-label={`Set up ${p.name}`} data-testid="setup">
      <p class="provider__setup-intro">
        To connect, Healthdash needs an app of your own at {p.name}. It takes a few minutes, once:
      </p>
      <ol class="provider__steps">
        <li data-done={String(p.has_client)}>
          <h3>Create an app at {p.name}</h3>
          <p class="hint">Sign in on the {p.name} developer page and create an application; any name will do.</p>
          <DeveloperPageButton p={p} primary={!p.has_client} />
        </li>
        <li data-done={String(p.has_client)}>
          <h3>Paste its client ID and secret</h3>
          <p class="hint">
            {p.has_client ? `A client ID for ${p.name} is saved. Enter another to replace it.` : `${p.name} shows them on your app’s page.`} {keptIn(secrets)}
          </p>
          <ClientForm p={p} />
        </li>
        <li data-done={String(!needsRelay(p))}>
          <h3>Register the redirect address</h3>
          <RedirectHelp p={p} />
        </li>
      </ol>
    </section>
  );
}

/** Once set up: the user's own app at the provider, folded away, to replace it. */
function OwnApp({ p, secrets }: { p: ProviderStatus; secrets: string }) {
  return (
    <details class="provider__own" data-testid="own-app">
      <summary>Use your own app at {p.name}</summary>
      <div class="provider__own-body">
        <p class="hint">
          {p.has_client
            ? `A client ID for ${p.name} is set. Enter another to replace it.`
            : `Healthdash needs the client ID and secret of an app you register at ${p.name}.`}{' '}
          {keptIn(secrets)}
        </p>
        <ClientForm p={p} />
        <RedirectHelp p={p} />
        <div class="button-row">
          <DeveloperPageButton p={p} />
        </div>
      </div>
    </details>
  );
}
