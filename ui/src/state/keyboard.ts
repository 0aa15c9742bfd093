/**
 * Global shortcuts. Everything here is also reachable with Tab and buttons;
 * the list feeds the keyboard help dialog so that it cannot drift.
 */
import { PRESETS, goBack, goForward, goToday, selectPreset, stepRange } from './range';
import { dayToday, routeStore, stepDay } from './route';
import { createStore } from './store';

export const SHORTCUTS: readonly { keys: string[]; action: string }[] = [
  { keys: ['←'], action: 'Previous period, as long as the one shown (a day on the day view)' },
  { keys: ['→'], action: 'Next period (never past today)' },
  { keys: ['T'], action: 'Back to today' },
  { keys: ['Alt', '←'], action: 'Undo the last range change' },
  { keys: ['Alt', '→'], action: 'Redo the range change' },
  { keys: ['['], action: 'Undo the last range change' },
  { keys: [']'], action: 'Redo the range change' },
  ...PRESETS.map((p, i) => ({ keys: [String(i + 1)], action: p.long })),
  { keys: ['?'], action: 'Show this help' },
  { keys: ['← / →'], action: 'On a chart: step through its points (Home, End: first, last)' },
  { keys: ['Enter'], action: 'On a chart: open the point, like a click' },
  { keys: ['Tab'], action: 'Move between controls; Enter or Space to activate' },
];

export const helpOpenStore = createStore(false);

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * Arrows that a focused control uses itself (radio groups, sliders) or that
 * belong to a dialog stay with it; elsewhere they step the range. (A focused
 * chart moves its cursor and marks the key as handled.)
 */
function arrowsTaken(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.closest('dialog, [role="radiogroup"], [role="dialog"], [role="slider"]') !== null;
}

/**
 * A modal dialog is open (the help, or any other <dialog> shown with
 * showModal): the page behind it is inert, so its shortcuts must be too.
 * Asked of the DOM, not of `helpOpenStore`: the dialog's close event comes a
 * moment after it closed, and a key pressed in between must work.
 */
function modalOpen(): boolean {
  return document.querySelector('dialog[open], [aria-modal="true"]') !== null;
}

export function handleKey(e: KeyboardEvent): void {
  if (e.ctrlKey || e.metaKey || e.defaultPrevented || modalOpen()) return;
  if (e.altKey && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) {
    // Also stops the browser's own Alt+← history navigation.
    e.preventDefault();
    if (e.key === 'ArrowLeft') goBack();
    else goForward();
    return;
  }
  if (e.altKey || typing(e.target)) return;
  if (e.key === '[') goBack();
  else if (e.key === ']') goForward();
  else if (e.key === '?') helpOpenStore.set(true);
  else if ((e.key === 'ArrowLeft' || e.key === 'ArrowRight') && !e.shiftKey && !arrowsTaken(e.target)) {
    // The day view steps its own day; every other page the shared range.
    const dir = e.key === 'ArrowLeft' ? -1 : 1;
    if (routeStore.get() === 'day') stepDay(dir);
    else stepRange(dir);
  } else if (e.key === 't' || e.key === 'T') {
    if (routeStore.get() === 'day') dayToday();
    else goToday();
  }
  else {
    const preset = PRESETS[Number(e.key) - 1];
    if (/^[1-9]$/.test(e.key) && preset) selectPreset(preset.id);
    else return;
  }
  e.preventDefault();
}
