/** The keyboard help, a native <dialog>: focus trapping and Escape come for free. */
import { useEffect, useRef } from 'preact/hooks';
import { SHORTCUTS, helpOpenStore } from '../state/keyboard';
import { useStore } from '../state/store';

export function KeyboardHelp() {
  const open = useStore(helpOpenStore);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      class="dialog"
      aria-labelledby="help-title"
      onClose={() => {
        helpOpenStore.set(false);
      }}
    >
      <h2 id="help-title">Keyboard shortcuts</h2>
      <table class="shortcuts">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys.join('+') + s.action}>
              <td>
                {s.keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 && ' + '}
                    <kbd>{k}</kbd>
                  </span>
                ))}
              </td>
              <td>{s.action}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted">Drag across a chart to zoom into that stretch of time; the previous range is one Alt+← away.</p>
      <form method="dialog">
        <button class="button button--primary" type="submit">
          Close
        </button>
      </form>
    </dialog>
  );
}
