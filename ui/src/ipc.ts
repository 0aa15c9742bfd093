/**
 * The only module that talks to Tauri. Everything else imports commands, types
 * and events from here, so the generated `bindings.ts` can be swapped without
 * touching app code, and tests can mock one surface.
 *
 * Commands resolve with their data or reject with an `IpcFailure` carrying the
 * backend's `IpcError`.
 */
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import { commands } from './bindings';
import type {
  AppInfo,
  CatalogueEntry,
  ChartExportArgs,
  ConnectFinished,
  ConnectStarted,
  CsvExportArgs,
  DailyArgs,
  DailyBucket,
  DailyBucketsArgs,
  DailyValue,
  ExportOutcome,
  IpcError,
  NightSummary,
  NightsArgs,
  Overview,
  Providers,
  Series,
  SeriesArgs,
  Settings,
  StageInterval,
  StagesArgs,
  SyncProgress,
} from './bindings';

// Only the names docs/IPC.md defines are re-exported; helper names the
// generator invents (e.g. for inline unions) are derived here instead.
export type {
  AppInfo,
  CatalogueEntry,
  ChartExportArgs,
  ConnectFinished,
  ConnectStarted,
  CsvExportArgs,
  DailyArgs,
  DailyBucket,
  DailyBucketsArgs,
  DailyValue,
  ExportOutcome,
  Granularity,
  IpcError,
  LatestValue,
  Metric,
  NightSummary,
  NightTotals,
  NightsArgs,
  Overview,
  OverviewCard,
  Point,
  ProviderStatus,
  Providers,
  Resolution,
  Series,
  SeriesArgs,
  Settings,
  SourceId,
  StageInterval,
  StagesArgs,
  SyncProgress,
  Units,
} from './bindings';

type UnitsT = Settings['units'];
export type WeightUnit = UnitsT['weight'];
export type DistanceUnit = UnitsT['distance'];
export type TemperatureUnit = UnitsT['temperature'];
export type GlucoseUnit = UnitsT['glucose'];
export type Stage = StageInterval['stage'];
export type ProviderState = Providers['providers'][number]['status'];
export type SecretsKind = Providers['secrets'];
export type ErrorKind = IpcError['kind'];
export type ChartFormat = ChartExportArgs['format'];
export type ChartTheme = ChartExportArgs['theme'];

/** Payload of the `demo-progress` event. */
export interface DemoProgress {
  done: number;
  total: number;
}

/** A command failed: the backend's error, or a transport failure (`internal`). */
export class IpcFailure extends Error {
  readonly command: string;
  readonly error: IpcError;

  constructor(command: string, error: IpcError) {
    super(`${command}: ${error.message}`);
    this.name = 'IpcFailure';
    this.command = command;
    this.error = error;
  }
}

type Outcome<T> = { status: 'ok'; data: T } | { status: 'error'; error: IpcError };

async function call<T>(command: string, run: () => Promise<Outcome<T>>): Promise<T> {
  let outcome: Outcome<T>;
  try {
    outcome = await run();
  } catch (e) {
    // The generated wrapper rethrows real `Error`s (no Tauri, serialisation).
    throw new IpcFailure(command, { kind: 'internal', message: e instanceof Error ? e.message : String(e) });
  }
  if (outcome.status === 'error') throw new IpcFailure(command, outcome.error);
  return outcome.data;
}

/** The backend's commands (docs/IPC.md), unwrapped. */
export const api = {
  appInfo: (): Promise<AppInfo> => call('app_info', () => commands.appInfo()),
  catalogue: (): Promise<CatalogueEntry[]> => call('catalogue', () => commands.catalogue()),
  series: (args: SeriesArgs): Promise<Series> => call('series', () => commands.series(args)),
  dailyValues: (args: DailyArgs): Promise<DailyValue[]> => call('daily_values', () => commands.dailyValues(args)),
  dailyBuckets: (args: DailyBucketsArgs): Promise<DailyBucket[]> => call('daily_buckets', () => commands.dailyBuckets(args)),
  sleepNights: (args: NightsArgs): Promise<NightSummary[]> => call('sleep_nights', () => commands.sleepNights(args)),
  nightStages: (args: StagesArgs): Promise<StageInterval[]> => call('night_stages', () => commands.nightStages(args)),
  overview: (zone: string): Promise<Overview> => call('overview', () => commands.overview(zone)),
  settings: (): Promise<Settings> => call('settings', () => commands.settings()),
  saveSettings: (settings: Settings): Promise<Settings> => call('save_settings', () => commands.saveSettings(settings)),
  providers: (): Promise<Providers> => call('providers', () => commands.providers()),
  setClient: (provider: string, clientId: string, clientSecret: string | null): Promise<null> =>
    call('set_client', () => commands.setClient(provider, clientId, clientSecret)),
  connect: (provider: string): Promise<ConnectStarted> => call('connect', () => commands.connect(provider)),
  connectPaste: (provider: string, url: string): Promise<null> => call('connect_paste', () => commands.connectPaste(provider, url)),
  cancelConnect: (provider: string): Promise<boolean> => call('cancel_connect', () => commands.cancelConnect(provider)),
  syncNow: (provider: string): Promise<null> => call('sync_now', () => commands.syncNow(provider)),
  cancelSync: (provider: string): Promise<boolean> => call('cancel_sync', () => commands.cancelSync(provider)),
  disconnect: (provider: string, purge: boolean): Promise<number> => call('disconnect', () => commands.disconnect(provider, purge)),
  openDeveloperPage: (provider: string): Promise<null> => call('open_developer_page', () => commands.openDeveloperPage(provider)),
  saveRelayPage: (): Promise<ExportOutcome> => call('save_relay_page', () => commands.saveRelayPage()),
  exportCsv: (args: CsvExportArgs): Promise<ExportOutcome> => call('export_csv', () => commands.exportCsv(args)),
  exportChart: (args: ChartExportArgs): Promise<ExportOutcome> => call('export_chart', () => commands.exportChart(args)),
  loadDemo: (): Promise<AppInfo> => call('load_demo', () => commands.loadDemo()),
};

/** Listens to `demo-progress`; resolves with the function that stops listening. */
export function onDemoProgress(handler: (progress: DemoProgress) => void): Promise<UnlistenFn> {
  return listen<DemoProgress>('demo-progress', (event) => {
    handler(event.payload);
  });
}

/** Listens to `data-changed` (demo loaded, later a sync). */
export function onDataChanged(handler: () => void): Promise<UnlistenFn> {
  return listen('data-changed', () => {
    handler();
  });
}

/** Listens to `connect-finished` (a browser sign-in ended). */
export function onConnectFinished(handler: (event: ConnectFinished) => void): Promise<UnlistenFn> {
  return listen<ConnectFinished>('connect-finished', (event) => {
    handler(event.payload);
  });
}

/** Listens to `sync-progress` (started, page, finished, failed). */
export function onSyncProgress(handler: (event: SyncProgress) => void): Promise<UnlistenFn> {
  return listen<SyncProgress>('sync-progress', (event) => {
    handler(event.payload);
  });
}

/** The backend's error kind of a failed command, if it was one. */
export function errorKind(e: unknown): ErrorKind | null {
  return e instanceof IpcFailure ? e.error.kind : null;
}

/** The viewer's IANA zone, sent with every query that buckets by local day. */
export function viewerZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** A human message for any error thrown by a command. */
export function errorMessage(e: unknown): string {
  if (e instanceof IpcFailure) return e.error.message;
  return e instanceof Error ? e.message : String(e);
}
