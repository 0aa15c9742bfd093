/**
 * The only module that talks to Tauri. Everything else imports commands, types
 * and events from here, so the generated `bindings.ts` can be swapped without
 * touching app code, and tests can mock one surface.
 *
 * Commands resolve with their data or reject with an `IpcFailure` carrying the
 * backend's `IpcError`.
 */
import type { UnlistenFn } from '@tauri-apps/api/event';
import { commands, events } from './bindings';
import type {
  AppleImportProgress,
  ChartExportArgs,
  ConnectFinished,
  DemoProgress,
  Fix,
  IpcError,
  Providers,
  Settings,
  StageInterval,
  SyncProgress,
} from './bindings';

// Only the names docs/IPC.md defines are re-exported; helper names the
// generator invents (e.g. for inline unions) are derived here instead.
export type {
  AppInfo,
  AppleImportOutcome,
  AppleImportProgress,
  Arrived,
  Band,
  Catalog,
  CatalogueEntry,
  ChartExportArgs,
  ConnectFinished,
  ConnectStarted,
  Coverage,
  CoverageArgs,
  CoverageRun,
  CsvExportArgs,
  DailyArgs,
  DailyBucket,
  DailyBucketsArgs,
  DailyValue,
  DayState,
  DemoProgress,
  DisplayUnit,
  ExportOutcome,
  Feature,
  Flag,
  FlagDay,
  Correlation,
  Insights,
  InsightsArgs,
  RuleId,
  RuleSetting,
  ScatterArgs,
  ScatterPoint,
  Granularity,
  Fix,
  ImportOutcome,
  IpcError,
  LatestValue,
  Metric,
  MetricInfo,
  NightSummary,
  NightTotals,
  NightsArgs,
  Overview,
  OverviewCard,
  Point,
  Provenance,
  ProvenanceArgs,
  ProviderStatus,
  Providers,
  Resolution,
  Series,
  SeriesArgs,
  Settings,
  SourceCoverage,
  SourceId,
  SourceInfo,
  SourceSaid,
  StageInterval,
  StagesArgs,
  StreamLabel,
  SyncProgress,
  UnitRule,
  Units,
  WorkoutSummary,
  WorkoutsArgs,
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

type Commands = typeof commands;
type CommandName = keyof Commands;

/**
 * A generated command with its `{ status, data | error }` result unwrapped.
 * Every command answers `Result<T, IpcError>` in Rust; one that did not
 * would become `never` here, and uncallable.
 */
type Unwrapped<F> = F extends (...args: infer A) => Promise<Outcome<infer T>> ? (...args: A) => Promise<T> : never;

/** The backend's commands (docs/IPC.md), as generated, unwrapped. */
export type Api = { [K in CommandName]: Unwrapped<Commands[K]> };

/** `appInfo` → `app_info`: the command's own name, for messages and logs. */
const commandName = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function unwrap<K extends CommandName>(key: K): Api[K] {
  const run = commands[key] as (...args: unknown[]) => Promise<Outcome<unknown>>;
  const unwrapped = (...args: unknown[]): Promise<unknown> => call(commandName(key), () => run(...args));
  return unwrapped as Api[K];
}

/** Every command of `bindings.ts`, resolving with its data (no list to keep by hand). */
export const api = Object.fromEntries((Object.keys(commands) as CommandName[]).map((key) => [key, unwrap(key)])) as Api;

/** Listens to `demo-progress`; resolves with the function that stops listening. */
export function onDemoProgress(handler: (progress: DemoProgress) => void): Promise<UnlistenFn> {
  return events.demoProgress.listen((event) => {
    handler(event.payload);
  });
}

/** Listens to `data-changed` (demo loaded, later a sync). */
export function onDataChanged(handler: () => void): Promise<UnlistenFn> {
  return events.dataChanged.listen(() => {
    handler();
  });
}

/** Listens to `connect-finished` (a browser sign-in ended). */
export function onConnectFinished(handler: (event: ConnectFinished) => void): Promise<UnlistenFn> {
  return events.connectFinished.listen((event) => {
    handler(event.payload);
  });
}

/** Listens to `sync-progress` (started, page, finished, failed). */
export function onSyncProgress(handler: (event: SyncProgress) => void): Promise<UnlistenFn> {
  return events.syncProgress.listen((event) => {
    handler(event.payload);
  });
}

/** Listens to `apple-import-progress` (an Apple Health import running). */
export function onAppleImportProgress(handler: (progress: AppleImportProgress) => void): Promise<UnlistenFn> {
  return events.appleImportProgress.listen((event) => {
    handler(event.payload);
  });
}

/** The backend's error kind of a failed command, if it was one. */
export function errorKind(e: unknown): ErrorKind | null {
  return e instanceof IpcFailure ? e.error.kind : null;
}

/** What the backend says would fix an error (a button's action), if anything. */
export function errorFix(e: unknown): Fix | null {
  return e instanceof IpcFailure ? (e.error.fix ?? null) : null;
}

/** The viewer's IANA zone, sent with every query that buckets by local day. */
export function viewerZone(): string {
  // Building an Intl.DateTimeFormat to ask costs ~0.1 ms (more in WebKit) and
  // a render asks dozens of times: look again at most once a second, which
  // still follows a zone change (travel) promptly.
  const now = performance.now();
  if (zoneCache === null || now - zoneCache.at > 1000) {
    zoneCache = { zone: Intl.DateTimeFormat().resolvedOptions().timeZone, at: now };
  }
  return zoneCache.zone;
}

let zoneCache: { zone: string; at: number } | null = null;

/** A human message for any error thrown by a command. */
export function errorMessage(e: unknown): string {
  if (e instanceof IpcFailure) return e.error.message;
  return e instanceof Error ? e.message : String(e);
}
