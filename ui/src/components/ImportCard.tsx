/**
 * Import on the Export page: a CSV that Healthdash exported comes back in
 * (a backup, or data from another computer). The backend shows the open
 * dialog and stores every row or none; we show what it did.
 */
import { useState } from 'preact/hooks';
import { api, errorMessage, type ImportOutcome } from '../ipc';
import { formatNumber } from '../lib/format';

type Result = { ok: true; outcome: ImportOutcome } | { ok: false; message: string } | null;

function ImportResult({ result }: { result: Result }) {
  if (!result) return null;
  if (!result.ok) {
    return (
      <p class="export-result export-result--error" role="alert">
        Nothing was imported: {result.message}
      </p>
    );
  }
  const o = result.outcome;
  if (o.status === 'cancelled') {
    return (
      <p class="export-result" role="status" data-testid="import-result">
        Import cancelled — nothing was read.
      </p>
    );
  }
  return (
    <p class="export-result" role="status" data-testid="import-result">
      Imported {formatNumber(o.rows)} {o.rows === 1 ? 'row' : 'rows'} from <code>{o.path}</code>: {formatNumber(o.added)} new,{' '}
      {formatNumber(o.replaced)} replaced, {formatNumber(o.unchanged)} already here.
    </p>
  );
}

export function ImportCard() {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result>(null);

  const importCsv = (): void => {
    setBusy(true);
    setResult(null);
    api
      .importCsv()
      .then(
        (outcome) => {
          setResult({ ok: true, outcome });
        },
        (e: unknown) => {
          setResult({ ok: false, message: errorMessage(e) });
        },
      )
      .finally(() => {
        setBusy(false);
      });
  };

  return (
    <section class="card export import-card" aria-labelledby="import-title">
      <h2 id="import-title">Import</h2>
      <p class="muted">
        Restore a backup or bring your data from another computer: choose a CSV that Healthdash exported (with intraday detail for a
        full copy). A row that is here already is replaced, so importing a file twice changes nothing; a file with a wrong line
        is refused whole.
      </p>
      <button type="button" class="button" disabled={busy} onClick={importCsv}>
        {busy ? 'Importing…' : 'Import a Healthdash CSV…'}
      </button>
      <ImportResult result={result} />
    </section>
  );
}
