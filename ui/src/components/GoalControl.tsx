/**
 * A goal edited where it is drawn: "Goal: 7 h 30 min ✎" is a button; it
 * becomes a text field (Enter or leaving it saves, Escape cancels) and is a
 * button again afterwards, with focus back on it.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';

interface Props {
  /** What the goal is, for screen readers: "sleep goal". */
  name: string;
  /** The goal as text, or null when none is set. */
  text: string | null;
  /** Typed text → the goal, or null when it cannot be read. */
  parse: (text: string) => number | null;
  onSave: (value: number | null) => void;
  /** How to type it, shown under a refused entry: "e.g. 7 h 30 min". */
  hint: string;
  /** An empty entry clears the goal (a target weight is optional). */
  clearable?: boolean;
  testId?: string;
}

export function GoalControl({ name, text, parse, onSave, hint, clearable = false, testId }: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  const [invalid, setInvalid] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  // Focus follows the mode, so the keyboard user never loses their place;
  // before paint, so keys typed at once land in the field.
  const refocus = useRef(false);
  useLayoutEffect(() => {
    if (draft !== null) {
      input.current?.focus();
      input.current?.select();
    } else if (refocus.current) {
      refocus.current = false;
      button.current?.focus();
    }
  }, [draft !== null]);

  // Set while the field is open: a blur fired as it is removed must not save again.
  const editing = useRef(false);
  const open = (): void => {
    editing.current = true;
    setDraft(text ?? '');
  };
  /** `toButton`: after Enter or Escape; a blur leaves focus where the user put it. */
  const close = (toButton: boolean): void => {
    editing.current = false;
    refocus.current = toButton;
    setDraft(null);
    setInvalid(false);
  };

  /** Saves the draft if it reads as a goal; `keepOpen` leaves a refused entry to fix. */
  const commit = (keepOpen: boolean): void => {
    if (draft === null || !editing.current) return;
    const typed = draft.trim();
    if (typed === (text ?? '')) {
      close(keepOpen);
      return;
    }
    if (typed === '' && clearable) {
      onSave(null);
      close(keepOpen);
      return;
    }
    const value = parse(typed);
    if (value === null) {
      if (keepOpen) setInvalid(true);
      else close(false);
      return;
    }
    onSave(value);
    close(keepOpen);
  };

  if (draft === null) {
    return (
      <button
        ref={button}
        type="button"
        class="goal-control"
        data-testid={testId}
        aria-label={text === null ? `Set a ${name}` : `Edit ${name}: ${text}`}
        onClick={open}
      >
        {text === null ? 'Set a goal' : `Goal: ${text}`} <span aria-hidden="true">✎</span>
      </button>
    );
  }
  const hintId = testId ? `${testId}-hint` : undefined;
  return (
    <span class="goal-control goal-control--editing" data-testid={testId}>
      <label>
        <span>Goal:</span>
        <input
          ref={input}
          type="text"
          class="goal-control__input"
          value={draft}
          aria-label={name}
          aria-invalid={invalid ? 'true' : 'false'}
          aria-describedby={hintId}
          placeholder={hint}
          onInput={(e) => {
            setDraft(e.currentTarget.value);
            setInvalid(false);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              commit(true);
            } else if (e.key === 'Escape') {
              // Escape closes this field only, not a dialog or the page's shortcuts.
              e.preventDefault();
              e.stopPropagation();
              close(true);
            }
          }}
          onBlur={() => {
            commit(false);
          }}
        />
      </label>
      <span id={hintId} class={invalid ? 'goal-control__hint goal-control__hint--error' : 'goal-control__hint'} role={invalid ? 'alert' : undefined}>
        {invalid ? `Not a goal we can use; ${hint}${clearable ? ', or empty for none' : ''}` : hint}
      </span>
    </span>
  );
}
