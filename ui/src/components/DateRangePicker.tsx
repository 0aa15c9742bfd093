/**
 * A range of whole days, picked with two native date inputs in a small
 * popover. The inputs write dates the browser's way, so the popover repeats
 * the choice in the app's own format ("12 Mar – 18 Mar 2026 · 7 days").
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { viewerZone } from '../ipc';
import { daysWindow, windowLabel } from '../lib/range';
import { daysBetween, localDate } from '../lib/time';
import { pickDays } from '../state/range';

interface Props {
  /** The range shown now, as its first and last local day (the popover's starting values). */
  first: string;
  last: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function DateRangePicker({ first, last }: Props) {
  const [open, setOpen] = useState(false);
  const [from, setFrom] = useState(first);
  const [to, setTo] = useState(last);
  const box = useRef<HTMLDivElement>(null);
  const zone = viewerZone();
  const today = localDate(Date.now() / 1000, zone);

  // Each opening starts from the range on screen.
  useEffect(() => {
    if (open) {
      setFrom(first);
      setTo(last);
    }
  }, [open]);

  // A click elsewhere or Escape closes it, like a menu.
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent): void => {
      if (box.current && e.target instanceof Node && !box.current.contains(e.target)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const valid = DATE.test(from) && DATE.test(to) && from <= to && to <= today;
  const summary = valid ? `${windowLabel(daysWindow(from, to, zone), zone)} · ${plural(daysBetween(from, to) + 1)}` : problem(from, to, today);

  return (
    <div class="date-picker" ref={box}>
      <button
        type="button"
        class="button button--small date-picker__toggle"
        aria-expanded={open}
        aria-haspopup="dialog"
        onClick={() => {
          setOpen(!open);
        }}
      >
        Dates…
      </button>
      {open && (
        <div class="date-picker__popover" role="dialog" aria-label="Choose dates">
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!valid) return;
              pickDays(from, to);
              setOpen(false);
            }}
          >
            <div class="date-picker__fields">
              <label>
                From
                <input
                  type="date"
                  value={from}
                  max={today}
                  onInput={(e) => {
                    setFrom(e.currentTarget.value);
                  }}
                />
              </label>
              <label>
                To
                <input
                  type="date"
                  value={to}
                  max={today}
                  onInput={(e) => {
                    setTo(e.currentTarget.value);
                  }}
                />
              </label>
            </div>
            <p class={valid ? 'date-picker__summary' : 'date-picker__summary date-picker__summary--error'} data-testid="picker-summary" aria-live="polite">
              {summary}
            </p>
            <div class="button-row">
              <button type="submit" class="button button--primary button--small" disabled={!valid}>
                Show
              </button>
              <button
                type="button"
                class="button button--small"
                onClick={() => {
                  setOpen(false);
                }}
              >
                Cancel
              </button>
            </div>
          </form>
        </div>
      )}
    </div>
  );
}

function plural(days: number): string {
  return days === 1 ? '1 day' : `${String(days)} days`;
}

function problem(from: string, to: string, today: string): string {
  if (!DATE.test(from) || !DATE.test(to)) return 'Choose both dates.';
  if (from > to) return 'The first day comes after the last.';
  if (to > today) return 'The last day is in the future.';
  return '';
}
