/**
 * The user's settings: units and source priority live in the backend
 * (`settings` / `saveSettings`); UI-only preferences (theme override, steps
 * goal) stay in localStorage because the contract has no place for them.
 */
import { api, type Settings } from '../ipc';
import { DEFAULT_GOALS, goalsFrom, type Goals } from '../lib/goals';
import { DEFAULT_UNITS } from '../lib/units';
import { createStore } from './store';

export const settingsStore = createStore<Settings>({ units: DEFAULT_UNITS, priority: {}, sync: { background: true }, insights: { disabled: [] } });

export async function loadSettings(): Promise<void> {
  settingsStore.set(await api.settings());
}

/**
 * Shows `next` at once (a radio button must not spring back while the
 * backend writes), then adopts what the backend returns (it may normalise),
 * or goes back to the previous settings if saving failed.
 */
export async function saveSettings(next: Settings): Promise<Settings> {
  const previous = settingsStore.get();
  settingsStore.set(next);
  try {
    const saved = await api.saveSettings(next);
    settingsStore.set(saved);
    return saved;
  } catch (e) {
    settingsStore.set(previous);
    throw e;
  }
}

export type ThemeChoice = 'system' | 'light' | 'dark';

export interface Prefs extends Goals {
  theme: ThemeChoice;
}

export const DEFAULT_PREFS: Prefs = { theme: 'system', ...DEFAULT_GOALS };
const PREFS_KEY = 'healthdash.prefs';

function readPrefs(): Prefs {
  try {
    const raw = localStorage.getItem(PREFS_KEY);
    if (!raw) return DEFAULT_PREFS;
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null) return DEFAULT_PREFS;
    const stored = parsed as Record<string, unknown>;
    const theme = stored.theme === 'light' || stored.theme === 'dark' ? stored.theme : 'system';
    return { theme, ...goalsFrom(stored) };
  } catch {
    return DEFAULT_PREFS;
  }
}

export const prefsStore = createStore<Prefs>(readPrefs());

export function setPrefs(patch: Partial<Prefs>): void {
  const next = { ...prefsStore.get(), ...patch };
  prefsStore.set(next);
  try {
    localStorage.setItem(PREFS_KEY, JSON.stringify(next));
  } catch {
    // Storage can be unavailable; the choice still holds for this session.
  }
}
