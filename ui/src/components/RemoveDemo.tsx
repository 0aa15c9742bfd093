/** "Remove demo data": the banner's and Settings' button, with its outcome. */
import { useState } from 'preact/hooks';
import { errorMessage } from '../ipc';
import { removeDemo } from '../state/data';

/** `link`: inline in a banner's sentence, so the banner stays one line. */
export function RemoveDemoButton({ link = false }: { link?: boolean }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        class={link ? 'link-button' : 'button'}
        disabled={busy}
        data-testid="remove-demo"
        onClick={() => {
          setBusy(true);
          setError(null);
          removeDemo().then(
            () => {
              setBusy(false);
            },
            (e: unknown) => {
              setBusy(false);
              setError(errorMessage(e));
            },
          );
        }}
      >
        {busy ? 'Removing demo data…' : 'Remove demo data'}
      </button>
      {error && (
        <span class="remove-demo__error" role="alert">
          Not removed: {error}
        </span>
      )}
    </>
  );
}
