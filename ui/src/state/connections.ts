/**
 * What the Connections page tracks between renders and across navigation:
 * sign-ins waiting for the browser, running syncs (fed by `sync-progress`),
 * the last message per provider, and a version that makes the provider list
 * refetch. The events are listened to once, for the whole session, so a sync
 * started before leaving the page still shows its progress on return.
 */
import { api, errorFix, errorKind, errorMessage, onConnectFinished, onSyncProgress, type ConnectFinished, type ErrorKind, type Fix } from '../ipc';
import { describeArrived } from '../lib/arrived';
import { nextSteps, startSteps, type SyncStep } from '../lib/syncSteps';
import { nextSyncView, streamLabel, SYNC_STARTING, type SyncView } from '../lib/connections';
import { explainError, type Explained } from '../lib/explain';
import { formatNumber } from '../lib/format';
import { sourceInfo } from './catalog';
import { createStore, type Store } from './store';

/** A sign-in waiting for the browser: the link, and whether the browser opened it. */
export interface PendingSignIn {
  url: string;
  browserOpened: boolean;
}

/** A line under a provider's card: what just happened or went wrong. */
export interface Notice {
  tone: 'ok' | 'error';
  /** What happened. */
  text: string;
  /** What to do about it (errors). */
  todo?: string;
  /** The backend's own words, behind "Details". */
  raw?: string;
  kind?: ErrorKind | null;
  /** What the backend says would fix it: shown as a button. */
  fix?: Fix | null;
  /**
   * Shown once the providers list of this version has answered: a notice
   * about a finished sync waits for the card's "last synced" line, which
   * would otherwise still say "Never synced" beside "Sync finished".
   */
  asOf?: number;
}

type PerProvider<T> = Readonly<Record<string, T>>;

export const signInsStore = createStore<PerProvider<PendingSignIn>>({});
export const syncsStore = createStore<PerProvider<SyncView>>({});
export const noticesStore = createStore<PerProvider<Notice>>({});
/** Per provider, the last sync's streams as a checklist (kept after it ends). */
export const syncStepsStore = createStore<PerProvider<readonly SyncStep[]>>({});
/** Bumped whenever a provider's state may have changed. */
export const providersVersionStore = createStore(0);

function put<T>(store: Store<PerProvider<T>>, id: string, value: T | null): void {
  store.update((all) => {
    const next = Object.entries(all).filter(([key]) => key !== id);
    if (value !== null) next.push([id, value]);
    return Object.fromEntries(next);
  });
}

export function setNotice(id: string, notice: Notice | null): void {
  put(noticesStore, id, notice);
}

/** The provider's name for sentences ("Withings"). */
export function providerName(id: string): string {
  return sourceInfo(id)?.name ?? id;
}

/** An error from the backend as the provider's notice, in plain words. */
export function errorNotice(id: string, raw: string, kind: ErrorKind | null, fix: Fix | null = null): Notice {
  const explained = explainError(raw, kind, providerName(id));
  return { tone: 'error', text: explained.what, todo: explained.todo, raw: explained.raw, kind, fix };
}

// The state each card last showed, per provider: status, client, sandbox.
const shownStates = new Map<string, string>();

/**
 * A card shows its provider in `state`. When that differs from what it last
 * showed (connected now, a client saved, pointed at the sandbox), an error
 * from before is about a situation that is gone: it is cleared.
 */
export function providerStateShown(id: string, state: string): void {
  const before = shownStates.get(id);
  shownStates.set(id, state);
  if (before !== undefined && before !== state && noticesStore.get()[id]?.tone === 'error') setNotice(id, null);
}

/** Asks the Connections page to list the providers again; the new version. */
function refreshProviders(): number {
  providersVersionStore.update((v) => v + 1);
  return providersVersionStore.get();
}

let started: Promise<void> | null = null;

/** Starts listening to the sign-in and sync events (once). */
export function startConnections(): Promise<void> {
  started ??= (async () => {
    await onConnectFinished(finished);
    // Streams that failed in the running sync, per provider.
    const failedStreams = new Map<string, string[]>();
    await onSyncProgress((event) => {
      const view = nextSyncView(event, syncsStore.get()[event.provider] ?? null);
      put(syncsStore, event.provider, view);
      const steps = syncStepsStore.get()[event.provider] ?? startSteps(sourceInfo(event.provider)?.streams ?? []);
      put(syncStepsStore, event.provider, nextSteps(steps, event));
      if (event.kind === 'started') {
        failedStreams.delete(event.provider);
      } else if (event.kind === 'stream_failed' && !event.optional) {
        failedStreams.set(event.provider, [...(failedStreams.get(event.provider) ?? []), `${streamLabel(event.stream)} (${event.error})`]);
      } else if (event.kind === 'finished') {
        const failed = failedStreams.get(event.provider) ?? [];
        failedStreams.delete(event.provider);
        const arrived = describeArrived(event.arrived);
        const asOf = refreshProviders();
        setNotice(
          event.provider,
          failed.length === 0
            ? { tone: 'ok', text: arrived ? `Sync finished: ${arrived}.` : 'Up to date: nothing new since the last sync.', asOf }
            : {
                tone: 'error',
                text: `Sync finished${arrived ? ` with ${arrived}` : ''}, but some could not be fetched. What arrived is kept.`,
                todo: 'Press “Sync now” to try the rest again.',
                raw: failed.join('; '),
                asOf,
              },
        );
      } else if (event.kind === 'failed') {
        const cancelled = event.error === 'cancelled';
        const asOf = refreshProviders();
        setNotice(
          event.provider,
          cancelled ? { tone: 'ok', text: 'Sync cancelled. What was fetched is kept.', asOf } : { ...errorNotice(event.provider, event.error, null), asOf },
        );
      }
    });
  })();
  return started;
}

/**
 * A sign-in ended. A successful one that this page was waiting for starts the
 * first sync at once: someone who has just connected wants to see their data.
 * A pasted address is reported twice, by the command's answer and by the
 * event; only the first finds the sign-in still waiting.
 */
function finished(event: ConnectFinished): void {
  const waited = event.provider in signInsStore.get();
  const syncing = event.provider in syncsStore.get();
  put(signInsStore, event.provider, null);
  refreshProviders();
  if (!event.ok) {
    if (!event.cancelled) setNotice(event.provider, errorNotice(event.provider, event.error ?? 'The sign-in failed.', 'sign_in'));
  } else if (waited && !syncing) {
    void syncNow(event.provider);
  } else if (!syncing) {
    setNotice(event.provider, { tone: 'ok', text: 'Connected. Press “Sync now” to fetch your data.' });
  }
}

/** Runs `work`, turning a failure into the provider's notice. */
async function attempt(id: string, work: () => Promise<void>): Promise<boolean> {
  try {
    await work();
    return true;
  } catch (e) {
    setNotice(id, errorNotice(id, errorMessage(e), errorKind(e), errorFix(e)));
    refreshProviders();
    return false;
  }
}

export function connect(id: string): Promise<boolean> {
  setNotice(id, null);
  return attempt(id, async () => {
    const started = await api.connect(id);
    put(signInsStore, id, { url: started.authorization_url, browserOpened: started.browser_opened });
  });
}

/**
 * Finishes the sign-in with the address the browser ended on. A wrong
 * address is answered here (null when it worked), to be shown at the paste
 * field: the sign-in keeps waiting for a better one.
 */
export async function pasteAddress(id: string, url: string): Promise<Explained | null> {
  try {
    await api.connectPaste(id, url);
  } catch (e) {
    return explainError(errorMessage(e), errorKind(e), providerName(id));
  }
  setNotice(id, null);
  // connect-finished reports it too; whichever comes first acts.
  if (id in signInsStore.get()) finished({ provider: id, ok: true, error: null, cancelled: false });
  return null;
}

export function cancelSignIn(id: string): Promise<boolean> {
  put(signInsStore, id, null);
  return attempt(id, async () => {
    await api.cancelConnect(id);
  });
}

export function syncNow(id: string): Promise<boolean> {
  setNotice(id, null);
  put(syncsStore, id, SYNC_STARTING);
  return attempt(id, async () => {
    try {
      await api.syncNow(id);
    } catch (e) {
      // Busy: the background sync started first; its events show it here.
      if (errorKind(e) === 'busy') return;
      put(syncsStore, id, null);
      throw e;
    }
  });
}

export function cancelSync(id: string): Promise<boolean> {
  return attempt(id, async () => {
    await api.cancelSync(id);
  });
}

export function disconnect(id: string, purge: boolean): Promise<boolean> {
  return attempt(id, async () => {
    const deleted = await api.disconnect(id, purge);
    put(signInsStore, id, null);
    put(syncsStore, id, null);
    setNotice(id, { tone: 'ok', text: purge ? `Disconnected; ${formatNumber(deleted)} cached records deleted.` : 'Disconnected. The cached data is kept.' });
    refreshProviders();
  });
}

export function saveClient(id: string, clientId: string, clientSecret: string): Promise<boolean> {
  return attempt(id, async () => {
    await api.setClient(id, clientId.trim(), clientSecret.trim() === '' ? null : clientSecret.trim());
    setNotice(id, { tone: 'ok', text: 'Client ID saved.' });
    refreshProviders();
  });
}

/** Saves the sign-in relay page through the save dialog and says where it went. */
export function saveRelayPage(id: string): Promise<boolean> {
  return attempt(id, async () => {
    const outcome = await api.saveRelayPage();
    if (outcome.status === 'saved') {
      setNotice(id, { tone: 'ok', text: `Relay page saved as ${outcome.path}. Put it on an https host and register its address.` });
    }
  });
}
