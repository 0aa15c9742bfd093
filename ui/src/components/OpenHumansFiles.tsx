/**
 * Open Humans holds files, not measurements: the Open Humans card lists the
 * files shared with the project, which ones the syncs read (and how many
 * records each gave) and which they skipped, and why.
 */
import type { SharedFile } from '../bindings';
import { useQuery } from '../hooks/useQuery';
import { api } from '../ipc';
import { formatNumber } from '../lib/format';
import { dataVersionStore } from '../state/data';
import { useStore } from '../state/store';

const ORIGIN: Record<string, string> = { withings: 'Withings', fitbit: 'Fitbit' };

function why(file: SharedFile): string {
  if (file.state === 'unsupported') return 'not a kind Healthdash reads';
  return `could not be read${file.reason ? `: ${file.reason}` : ''}`;
}

export function OpenHumansFiles() {
  const version = useStore(dataVersionStore);
  const q = useQuery(`openhumans-files|${String(version)}`, () => api.openhumansFiles());
  const files = q.data ?? [];
  if (files.length === 0) return null;
  const read = files.filter((f) => f.state === 'read');
  const skipped = files.filter((f) => f.state !== 'read');
  return (
    <section class="oh-files" aria-label="Files shared on Open Humans" data-testid="openhumans-files">
      <div class="oh-files__group">
        <h3>Files read</h3>
        {read.length === 0 ? (
          <p class="muted">None yet.</p>
        ) : (
          <ul data-testid="openhumans-files-read">
            {read.map((f) => (
              <li key={f.id}>
                <code class="oh-files__name">{f.basename}</code>
                <span class="muted">
                  {ORIGIN[f.origin ?? ''] ?? f.origin} · {formatNumber(f.records ?? 0)} records
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
      {skipped.length > 0 && (
        <div class="oh-files__group">
          <h3>Skipped</h3>
          <ul data-testid="openhumans-files-skipped">
            {skipped.map((f) => (
              <li key={f.id} data-state={f.state}>
                <code class="oh-files__name">{f.basename}</code>
                <span class={f.state === 'unreadable' ? 'oh-files__warn' : 'muted'}>{why(f)}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
