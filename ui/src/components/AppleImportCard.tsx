/**
 * "Import Apple Health export…": the zip (or export.xml) from the Health
 * app, chosen in the open dialog or dropped on the window. The backend
 * imports on its own thread in one transaction and reports progress; Cancel
 * stops it with nothing stored. One import at a time.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, errorKind, errorMessage, onAppleImportProgress, type AppleImportOutcome, type AppleImportProgress } from '../ipc';
import { formatNumber } from '../lib/format';

type Result = { ok: true; outcome: AppleImportOutcome } | { ok: false; cancelled: boolean; message: string } | null;

const SKIPPED_SHOWN = 3;

/** The CLI's summary line, in the app's words. */
export function appleSummary(o: Extract<AppleImportOutcome, { status: 'imported' }>): string {
  const nights = `${formatNumber(o.nights)} ${o.nights === 1 ? 'night' : 'nights'}`;
  let line =
    `Imported ${formatNumber(o.records)} records from ${o.name} in ${formatNumber(o.elapsed_ms / 1000, 1)} s: ` +
    `${formatNumber(o.added)} new, ${formatNumber(o.replaced)} replaced, ${formatNumber(o.unchanged)} unchanged, ${nights}`;
  if (o.duplicates > 0) line += `; ${formatNumber(o.duplicates)} duplicates merged by source priority`;
  line += `; skipped ${formatNumber(o.skipped)}`;
  if (o.skipped > 0) {
    const kinds = o.skipped_types.slice(0, SKIPPED_SHOWN).map((t) => `${t.kind} ${formatNumber(t.count)}`);
    if (o.skipped_types.length > SKIPPED_SHOWN) kinds.push(`+${String(o.skipped_types.length - SKIPPED_SHOWN)} more types`);
    line += ` (${kinds.join(', ')})`;
  }
  return line;
}

function ProgressLine({ progress }: { progress: AppleImportProgress | null }) {
  const total = progress?.total_bytes ?? 0;
  const done = progress?.bytes ?? 0;
  const secs = Math.max((progress?.elapsed_ms ?? 0) / 1000, 0.001);
  const mb = (n: number) => n / 1e6;
  return (
    <div class="apple-import__progress" data-testid="apple-import-progress">
      <progress max={total || 1} value={done} aria-label="Apple Health import progress" />
      <p class="muted" role="status">
        {progress
          ? `${formatNumber(progress.records)} records, ${formatNumber(mb(done))} of ${formatNumber(mb(total))} MB ` +
            `(${formatNumber(progress.records / secs)} records/s, ${formatNumber(mb(done) / secs, 1)} MB/s)`
          : 'Starting…'}
      </p>
    </div>
  );
}

function ResultLine({ result }: { result: Result }) {
  if (!result) return null;
  if (!result.ok) {
    return (
      <p class={`export-result${result.cancelled ? '' : ' export-result--error'}`} role={result.cancelled ? 'status' : 'alert'} data-testid="apple-import-result">
        {result.cancelled ? 'Import cancelled: nothing was stored.' : `Nothing was imported: ${result.message}`}
      </p>
    );
  }
  const o = result.outcome;
  return (
    <p class="export-result" role="status" data-testid="apple-import-result">
      {o.status === 'cancelled' ? 'No file chosen: nothing was read.' : appleSummary(o)}
    </p>
  );
}

/** Paths dropped on the webview window, while this card is on screen. */
function useDroppedFiles(onDrop: (path: string) => void): void {
  const latest = useRef(onDrop);
  latest.current = onDrop;
  useEffect(() => {
    let stop: (() => void) | null = null;
    let gone = false;
    import('@tauri-apps/api/webview')
      .then(({ getCurrentWebview }) =>
        getCurrentWebview().onDragDropEvent((event) => {
          if (event.payload.type !== 'drop') return;
          const file = event.payload.paths.find((p) => /\.(zip|xml)$/i.test(p));
          if (file) latest.current(file);
        }),
      )
      .then((unlisten) => {
        if (gone) unlisten();
        else stop = unlisten;
      })
      // Outside Tauri (tests with a mocked backend) there is no webview to listen to.
      .catch(() => undefined);
    return () => {
      gone = true;
      stop?.();
    };
  }, []);
}

export function AppleImportCard() {
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<AppleImportProgress | null>(null);
  const [result, setResult] = useState<Result>(null);
  const running = useRef(false);

  useEffect(() => {
    let stop: (() => void) | null = null;
    let gone = false;
    void onAppleImportProgress((p) => {
      if (running.current) setProgress(p);
    }).then((unlisten) => {
      if (gone) unlisten();
      else stop = unlisten;
    });
    return () => {
      gone = true;
      stop?.();
    };
  }, []);

  const start = (file: string | null): void => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    setProgress(null);
    setResult(null);
    api
      .importAppleHealth(file)
      .then(
        (outcome) => {
          setResult({ ok: true, outcome });
        },
        (e: unknown) => {
          setResult({ ok: false, cancelled: errorKind(e) === 'cancelled', message: errorMessage(e) });
        },
      )
      .finally(() => {
        running.current = false;
        setBusy(false);
      });
  };
  useDroppedFiles(start);

  const cancel = (): void => {
    void api.cancelAppleImport().catch(() => undefined);
  };

  return (
    <section class="card export apple-import" aria-labelledby="apple-import-title" data-testid="apple-import">
      <h2 id="apple-import-title">Apple Health</h2>
      <p class="muted">
        In the Health app on your iPhone, tap your picture, then “Export All Health Data”, and bring the zip here: choose it, or drop
        it on this window. Everything is stored or nothing; importing it again changes nothing.
      </p>
      <div class="apple-import__actions">
        <button type="button" class="button" disabled={busy} onClick={() => { start(null); }}>
          {busy ? 'Importing…' : 'Import Apple Health export…'}
        </button>
        {busy && (
          <button type="button" class="button" onClick={cancel}>
            Cancel
          </button>
        )}
      </div>
      {busy && <ProgressLine progress={progress} />}
      <ResultLine result={result} />
    </section>
  );
}
