/**
 * A goal typed into a form (Settings): saved when the field changes (Enter
 * or leaving it) if it reads as a goal; otherwise it says how to write one
 * and keeps what was typed.
 */
import { useState } from 'preact/hooks';

interface Props {
  label: string;
  /** The saved goal as text, or '' when none is set. */
  text: string;
  parse: (text: string) => number | null;
  onSave: (value: number | null) => void;
  hint: string;
  /** An empty field clears the goal. */
  clearable?: boolean;
  testId?: string;
}

export function GoalField({ label, text, parse, onSave, hint, clearable = false, testId }: Props) {
  const [error, setError] = useState(false);
  const hintId = testId ? `${testId}-hint` : undefined;
  return (
    <label class="field">
      <span>{label}</span>
      <input
        // A new saved value (from a page's in-place editor, or units) resets the field.
        key={text}
        type="text"
        defaultValue={text}
        placeholder={hint}
        data-testid={testId}
        aria-invalid={error ? 'true' : 'false'}
        aria-describedby={hintId}
        onChange={(e) => {
          const typed = e.currentTarget.value.trim();
          if (typed === text) return;
          if (typed === '' && clearable) {
            setError(false);
            onSave(null);
            return;
          }
          const value = parse(typed);
          setError(value === null);
          if (value !== null) onSave(value);
        }}
      />
      <span id={hintId} class={error ? 'field__hint field__hint--error' : 'field__hint'} role={error ? 'alert' : undefined}>
        {error ? `Not a goal we can use; ${hint}${clearable ? ', or empty for none' : ''}` : hint}
      </span>
    </label>
  );
}
