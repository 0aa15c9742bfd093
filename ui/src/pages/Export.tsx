/**
 * Export: readings as CSV (chosen metrics, range and sources) and the current
 * chart as PNG or SVG; below, importing such a CSV back. The backend shows the save dialog; we show where the
 * file went, or that the dialog was cancelled.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { NoDataState } from '../components/EmptyState';
import { AppleImportCard } from '../components/AppleImportCard';
import { ImportCard } from '../components/ImportCard';
import { Page } from '../components/Page';
import { seriesArgs } from '../hooks/useSeries';
import { api, errorMessage, viewerZone, type ChartFormat, type ChartTheme, type ExportOutcome, type Metric, type SourceId } from '../ipc';
import { formatNumber } from '../lib/format';
import { metricName, sourceName } from '../lib/priority';
import { windowLabel } from '../lib/range';
import { addDays, localDate, startOfDate } from '../lib/time';
import { currentChartStore } from '../state/chart';
import { asMetric } from '../state/catalog';
import { appInfoStore, catalogueStore } from '../state/data';
import { rangeStore } from '../state/range';
import { useStore } from '../state/store';
import { themeStore } from '../state/theme';

type RangeChoice = 'current' | 'all' | 'custom';
type Result = { ok: true; outcome: ExportOutcome } | { ok: false; message: string } | null;

function ResultLine({ result, what }: { result: Result; what: string }) {
  if (!result) return null;
  if (!result.ok) {
    return (
      <p class="export-result export-result--error" role="alert">
        The {what} could not be exported: {result.message}
      </p>
    );
  }
  const o = result.outcome;
  return (
    <p class="export-result" role="status" data-testid={`export-result-${what}`}>
      {o.status === 'cancelled' ? (
        'Export cancelled — nothing was saved.'
      ) : (
        <>
          Saved{o.rows === null ? '' : ` ${formatNumber(o.rows)} rows`} to <code>{o.path}</code>
        </>
      )}
    </p>
  );
}

const CHART_METRICS: readonly Metric[] = ['heart_rate', 'resting_heart_rate', 'weight', 'body_fat_percent', 'steps', 'distance', 'active_energy', 'sleep_duration'];

export function ExportPage() {
  const catalogue = useStore(catalogueStore);
  const info = useStore(appInfoStore);
  const range = useStore(rangeStore);
  const current = useStore(currentChartStore);
  const theme = useStore(themeStore);
  const zone = viewerZone();

  const metrics = useMemo(() => [...new Set(catalogue.map((e) => e.metric))].sort(), [catalogue]);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [rangeChoice, setRangeChoice] = useState<RangeChoice>('current');
  const [customFrom, setCustomFrom] = useState(() => localDate(range.window.from, zone));
  const [customTo, setCustomTo] = useState(() => localDate(range.window.to - 1, zone));
  const [intraday, setIntraday] = useState(false);
  const [csvBusy, setCsvBusy] = useState(false);
  const [csvResult, setCsvResult] = useState<Result>(null);

  // Sources that hold any chosen metric (all of them when none is chosen yet).
  // The catalogue leaves out a hidden demo person: it can still be exported,
  // but is never chosen for you beside your own data.
  const demoHidden = info?.demo === 'hidden';
  const sources = useMemo(() => {
    const held = new Set(catalogue.filter((e) => chosen.size === 0 || chosen.has(e.metric)).map((e) => e.source));
    if (demoHidden) held.add('demo');
    return [...held].sort();
  }, [catalogue, chosen, demoHidden]);
  const [excluded, setExcluded] = useState<Set<SourceId>>(() => new Set(demoHidden ? ['demo'] : []));
  useEffect(() => {
    if (demoHidden) setExcluded((x) => new Set([...x, 'demo']));
  }, [demoHidden]);
  const chosenSources = sources.filter((s) => !excluded.has(s));

  const toggle = <T,>(set: Set<T>, item: T): Set<T> => {
    const next = new Set(set);
    if (next.has(item)) next.delete(item);
    else next.add(item);
    return next;
  };

  const csvWindow = (): { from: number | null; to: number | null } => {
    if (rangeChoice === 'all') return { from: null, to: null };
    if (rangeChoice === 'custom') return { from: startOfDate(customFrom, zone), to: startOfDate(addDays(customTo, 1), zone) };
    return { from: range.window.from, to: range.window.to };
  };

  const exportCsv = (): void => {
    setCsvBusy(true);
    setCsvResult(null);
    api
      .exportCsv({ metrics: metrics.filter((m) => chosen.has(m)), ...csvWindow(), sources: chosenSources, intraday })
      .then(
        (outcome) => {
          setCsvResult({ ok: true, outcome });
        },
        (e: unknown) => {
          setCsvResult({ ok: false, message: errorMessage(e) });
        },
      )
      .finally(() => {
        setCsvBusy(false);
      });
  };

  // Chart export: the chart last shown, at the current range.
  const [chartMetric, setChartMetric] = useState(current?.args.metric ?? 'heart_rate');
  useEffect(() => {
    if (current) setChartMetric(current.args.metric);
  }, [current?.args.metric]);
  const [format, setFormat] = useState<ChartFormat>('png');
  const [size, setSize] = useState({ width: 1600, height: 900 });
  const [chartTheme, setChartTheme] = useState<ChartTheme>(theme);
  const [chartBusy, setChartBusy] = useState(false);
  const [chartResult, setChartResult] = useState<Result>(null);
  const chartMetrics = CHART_METRICS.filter((m) => metrics.includes(m) || m === chartMetric);

  const exportChart = (): void => {
    const series =
      current?.args.metric === chartMetric
        ? { ...current.args, from: range.window.from, to: range.window.to, max_points: Math.round(size.width / 2) }
        : seriesArgs(chartMetric, range.window, size.width);
    setChartBusy(true);
    setChartResult(null);
    api
      .exportChart({ series, format, width: size.width, height: size.height, theme: chartTheme })
      .then(
        (outcome) => {
          setChartResult({ ok: true, outcome });
        },
        (e: unknown) => {
          setChartResult({ ok: false, message: errorMessage(e) });
        },
      )
      .finally(() => {
        setChartBusy(false);
      });
  };

  // The range bar's own words, so "Current range" reads the same as the bar.
  const rangeLabel = windowLabel(range.window, zone);

  // Nothing to export yet, but a backup can come in: a fresh install is
  // where a restore starts.
  if (info !== null && !info.has_data) {
    return (
      <Page title="Export" noRange always>
        <NoDataState />
        <ImportCard />
        <AppleImportCard />
      </Page>
    );
  }

  return (
    <Page title="Export">
      <div class="grid-2 grid-2--export">
        <section class="card export" aria-labelledby="csv-title">
          <h2 id="csv-title">Readings as CSV</h2>
          <fieldset>
            <legend>Metrics</legend>
            <div class="button-row">
              <button type="button" class="button button--small" onClick={() => { setChosen(new Set(metrics)); }}>
                Select all
              </button>
              <button type="button" class="button button--small" onClick={() => { setChosen(new Set()); }}>
                Clear
              </button>
            </div>
            <div class="check-grid">
              {metrics.map((m) => (
                <label key={m}>
                  <input type="checkbox" name="metric" value={m} checked={chosen.has(m)} onChange={() => { setChosen((s) => toggle(s, m)); }} />{' '}
                  {metricName(m)}
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend>Range</legend>
            <div class="radio-list">
              <label>
                <input type="radio" name="csv-range" checked={rangeChoice === 'current'} onChange={() => { setRangeChoice('current'); }} /> Current range ({rangeLabel})
              </label>
              <label>
                <input type="radio" name="csv-range" checked={rangeChoice === 'all'} onChange={() => { setRangeChoice('all'); }} /> Everything
              </label>
              <label>
                <input type="radio" name="csv-range" checked={rangeChoice === 'custom'} onChange={() => { setRangeChoice('custom'); }} /> From
                <input type="date" aria-label="First day" value={customFrom} disabled={rangeChoice !== 'custom'} onChange={(e) => { setCustomFrom(e.currentTarget.value); }} />
                to
                <input type="date" aria-label="Last day" value={customTo} disabled={rangeChoice !== 'custom'} onChange={(e) => { setCustomTo(e.currentTarget.value); }} />
              </label>
            </div>
          </fieldset>
          <fieldset>
            <legend>Sources</legend>
            <div class="check-grid">
              {sources.map((s) => (
                <label key={s}>
                  <input type="checkbox" name="source" value={s} checked={!excluded.has(s)} onChange={() => { setExcluded((x) => toggle(x, s)); }} />{' '}
                  {sourceName(s)}
                </label>
              ))}
            </div>
            <label class="check">
              <input type="checkbox" checked={intraday} onChange={() => { setIntraday((v) => !v); }} /> Include intraday detail (e.g. steps per
              interval)
            </label>
          </fieldset>
          <button type="button" class="button button--primary" disabled={csvBusy || chosen.size === 0 || chosenSources.length === 0} onClick={exportCsv}>
            {csvBusy ? 'Exporting…' : 'Export CSV…'}
          </button>
          {chosen.size === 0 && <p class="hint">Choose at least one metric.</p>}
          <ResultLine result={csvResult} what="csv" />
        </section>

        <section class="card export" aria-labelledby="chart-title">
          <h2 id="chart-title">Chart as an image</h2>
          <p class="muted">
            {current ? `Current chart: ${current.title}, ${rangeLabel}.` : `The chosen metric over ${rangeLabel}.`}
          </p>
          <label class="field">
            <span>Chart</span>
            <select value={chartMetric} onChange={(e) => { setChartMetric(asMetric(e.currentTarget.value) ?? chartMetric); }}>
              {chartMetrics.map((m) => (
                <option key={m} value={m}>
                  {metricName(m)}
                </option>
              ))}
            </select>
          </label>
          <fieldset>
            <legend>Format</legend>
            <div class="segmented">
              {(['png', 'svg'] as const).map((f) => (
                <label key={f} class="segmented__option">
                  <input type="radio" name="format" value={f} checked={format === f} onChange={() => { setFormat(f); }} />
                  <span>{f.toUpperCase()}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend>Size (pixels)</legend>
            <div class="size-row">
              <input type="number" aria-label="Width" min={320} max={8000} value={size.width} onChange={(e) => { setSize((s) => ({ ...s, width: Number(e.currentTarget.value) || s.width })); }} />
              ×
              <input type="number" aria-label="Height" min={200} max={8000} value={size.height} onChange={(e) => { setSize((s) => ({ ...s, height: Number(e.currentTarget.value) || s.height })); }} />
            </div>
          </fieldset>
          <fieldset>
            <legend>Theme</legend>
            <div class="segmented">
              {(['light', 'dark'] as const).map((t) => (
                <label key={t} class="segmented__option">
                  <input type="radio" name="chart-theme" value={t} checked={chartTheme === t} onChange={() => { setChartTheme(t); }} />
                  <span>{t === 'light' ? 'Light' : 'Dark'}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <button type="button" class="button button--primary" disabled={chartBusy} onClick={exportChart}>
            {chartBusy ? 'Exporting…' : `Export ${format.toUpperCase()}…`}
          </button>
          <ResultLine result={chartResult} what="chart" />
        </section>
      </div>
      <ImportCard />
      <AppleImportCard />
    </Page>
  );
}
