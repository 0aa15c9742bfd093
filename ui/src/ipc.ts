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
  CsvExportArgs,
  DailyArgs,
  DailyValue,
  ExportOutcome,
  IpcError,
  NightSummary,
  NightsArgs,
  Overview,
  ProviderStatus,
  Series,
  SeriesArgs,
  Settings,
  StageInterval,
  StagesArgs,
} from './bindings';

// Only the names docs/IPC.md defines are re-exported; helper names the
// generator invents (e.g. for inline unions) are derived here instead.
export type {
  AppInfo,
  CatalogueEntry,
  ChartExportArgs,
  CsvExportArgs,
  DailyArgs,
  DailyValue,
  ExportOutcome,
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
  Resolution,
  Series,
  SeriesArgs,
  Settings,
  SourceId,
  StageInterval,
  StagesArgs,
  Units,
} from './bindings';

type UnitsT = Settings['units'];
export type WeightUnit = UnitsT['weight'];
export type DistanceUnit = UnitsT['distance'];
export type TemperatureUnit = UnitsT['temperature'];
export type GlucoseUnit = UnitsT['glucose'];
export type Stage = StageInterval['stage'];
export type ProviderState = ProviderStatus['status'];
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
  sleepNights: (args: NightsArgs): Promise<NightSummary[]> => call('sleep_nights', () => commands.sleepNights(args)),
  nightStages: (args: StagesArgs): Promise<StageInterval[]> => call('night_stages', () => commands.nightStages(args)),
  overview: (zone: string): Promise<Overview> => call('overview', () => commands.overview(zone)),
  settings: (): Promise<Settings> => call('settings', () => commands.settings()),
  saveSettings: (settings: Settings): Promise<Settings> => call('save_settings', () => commands.saveSettings(settings)),
  providers: (): Promise<ProviderStatus[]> => call('providers', () => commands.providers()),
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

/** The viewer's IANA zone, sent with every query that buckets by local day. */
export function viewerZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** A human message for any error thrown by a command. */
export function errorMessage(e: unknown): string {
  if (e instanceof IpcFailure) return e.error.message;
  return e instanceof Error ? e.message : String(e);
}
