/**
 * The effective colour theme: the OS preference (prefers-color-scheme) unless
 * the user picked one in Settings. Charts are canvases, so they subscribe
 * and redraw with the new colours.
 */
import { prefsStore } from './settings';
import { createStore } from './store';

export type Theme = 'light' | 'dark';

const media = window.matchMedia('(prefers-color-scheme: dark)');

function effective(): Theme {
  const choice = prefsStore.get().theme;
  if (choice !== 'system') return choice;
  return media.matches ? 'dark' : 'light';
}

export const themeStore = createStore<Theme>(effective());

function apply(): void {
  const choice = prefsStore.get().theme;
  if (choice === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
  themeStore.set(effective());
}

export function startTheme(): void {
  apply();
  media.addEventListener('change', apply);
  prefsStore.subscribe(apply);
}
