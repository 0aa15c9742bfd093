/** Settings: display units, source priority and background sync (saved in the backend), theme and goals (local). */
import { useMemo, useState } from 'preact/hooks';
import { GoalField } from '../components/GoalField';
import { Page } from '../components/Page';
import { ProviderOverlap } from '../components/ProviderOverlap';
import { RemoveDemoButton } from '../components/RemoveDemo';
import { errorMessage, type Settings, type Units } from '../ipc';
import { formatDuration } from '../lib/format';
import { parseActiveGoal, parseSleepGoal, parseWeight } from '../lib/goals';
import { contestedMetrics, effectiveOrder, metricName, move, sourceName } from '../lib/priority';
import { displayFor } from '../lib/units';
import { appInfoStore, catalogueStore } from '../state/data';
import { prefsStore, saveSettings, setPrefs, settingsStore, type ThemeChoice } from '../state/settings';
import { useStore } from '../state/store';

interface Choice<K extends keyof Units> {
  key: K;
  legend: string;
  options: readonly { value: Units[K]; label: string }[];
}

const UNIT_CHOICES = [
  { key: 'weight', legend: 'Weight', options: [{ value: 'kg', label: 'kg' }, { value: 'lb', label: 'lb' }, { value: 'st', label: 'st & lb' }] },
  { key: 'distance', legend: 'Distance', options: [{ value: 'km', label: 'km' }, { value: 'mi', label: 'miles' }] },
  { key: 'temperature', legend: 'Temperature', options: [{ value: 'c', label: '°C' }, { value: 'f', label: '°F' }] },
  { key: 'glucose', legend: 'Blood glucose', options: [{ value: 'mmol_l', label: 'mmol/L' }, { value: 'mg_dl', label: 'mg/dL' }] },
] as const satisfies readonly Choice<keyof Units>[];

const THEMES: readonly { value: ThemeChoice; label: string }[] = [
  { value: 'system', label: 'Follow the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

export function SettingsPage() {
  const settings = useStore(settingsStore);
  const catalogue = useStore(catalogueStore);
  const info = useStore(appInfoStore);
  const prefs = useStore(prefsStore);
  const weightD = useMemo(() => displayFor('weight', 'kg', settings.units), [settings.units]);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);

  const save = (next: Settings): void => {
    setStatus({ ok: true, text: 'Saving…' });
    saveSettings(next).then(
      () => {
        setStatus({ ok: true, text: 'Saved' });
      },
      (e: unknown) => {
        setStatus({ ok: false, text: `Not saved: ${errorMessage(e)}` });
      },
    );
  };
  const metrics = contestedMetrics(catalogue);

  return (
    <Page
      title="Settings"
      noRange
      always
      actions={
        <p class="save-status" role="status" data-ok={status?.ok ? 'true' : 'false'}>
          {status?.text ?? ''}
        </p>
      }
    >
      <section class="card settings-section" aria-labelledby="units-title">
        <h2 id="units-title">Units</h2>
        <p class="muted">Readings are stored as measured; these only change how they are shown.</p>
        <div class="unit-grid">
          {UNIT_CHOICES.map((choice) => (
            <fieldset key={choice.key} class="segmented-field">
              <legend>{choice.legend}</legend>
              <div class="segmented">
                {choice.options.map((o) => (
                  <label key={o.value} class="segmented__option">
                    <input
                      type="radio"
                      name={`unit-${choice.key}`}
                      value={o.value}
                      checked={settings.units[choice.key] === o.value}
                      onChange={() => {
                        save({ ...settings, units: { ...settings.units, [choice.key]: o.value } });
                      }}
                    />
                    <span>{o.label}</span>
                  </label>
                ))}
              </div>
            </fieldset>
          ))}
        </div>
      </section>

      <div class="grid-2 grid-2--top">
        <section class="card settings-section" aria-labelledby="theme-title">
          <h2 id="theme-title">Appearance</h2>
          <fieldset class="radio-list">
            <legend class="visually-hidden">Theme</legend>
            {THEMES.map((t) => (
              <label key={t.value}>
                <input
                  type="radio"
                  name="theme"
                  value={t.value}
                  checked={prefs.theme === t.value}
                  onChange={() => {
                    setPrefs({ theme: t.value });
                  }}
                />{' '}
                {t.label}
              </label>
            ))}
          </fieldset>
        </section>
        <section class="card settings-section" aria-labelledby="goal-title">
          <h2 id="goal-title">Goals</h2>
          <label class="field">
            <span>Steps per day</span>
            <input
              type="number"
              min={1000}
              max={100000}
              step={500}
              value={prefs.stepsGoal}
              onChange={(e) => {
                const v = Number(e.currentTarget.value);
                if (Number.isFinite(v) && v >= 1000) setPrefs({ stepsGoal: Math.round(v) });
              }}
            />
          </label>
          <GoalField
            label="Hours asleep per night"
            text={formatDuration(prefs.sleepGoal)}
            parse={parseSleepGoal}
            onSave={(v) => {
              if (v !== null) setPrefs({ sleepGoal: v });
            }}
            hint="e.g. 7 h 30 min"
            testId="settings-goal-sleep"
          />
          <GoalField
            label="Active minutes per day (moderate + intense)"
            text={formatDuration(prefs.activeGoal)}
            parse={parseActiveGoal}
            onSave={(v) => {
              if (v !== null) setPrefs({ activeGoal: v });
            }}
            hint="e.g. 30 min"
            testId="settings-goal-active"
          />
          <GoalField
            label={`Target weight (${weightD.unit === 'st' ? 'st & lb' : weightD.unit})`}
            text={prefs.weightGoal === null ? '' : weightD.format(prefs.weightGoal)}
            parse={(t) => parseWeight(t, weightD)}
            onSave={(kg) => {
              setPrefs({ weightGoal: kg });
            }}
            hint={weightD.unit === 'st' ? 'e.g. 11 st 11 lb' : `e.g. ${weightD.format(75)}`}
            clearable
            testId="settings-goal-weight"
          />
          <p class="muted">Drawn as dashed lines on the Sleep, Activity and Weight pages; you can change them there too.</p>
        </section>
      </div>

      <section class="card settings-section" aria-labelledby="sync-title">
        <h2 id="sync-title">Sync</h2>
        <label class="check">
          <input
            type="checkbox"
            checked={settings.sync.background}
            onChange={(e) => {
              save({ ...settings, sync: { background: e.currentTarget.checked } });
            }}
            data-testid="background-sync"
          />{' '}
          Sync connected accounts in the background
        </label>
        <p class="muted">
          While Healthdash is open: a few seconds after it starts, then about every hour. Only the services you connected
          are contacted. Off: only when you press Sync now.
        </p>
      </section>

      {info && info.demo !== 'none' && (
        <section class="card settings-section demo-data" aria-labelledby="demo-title" data-testid="settings-demo">
          <h2 id="demo-title">Demo data</h2>
          <p>
            {info.demo === 'hidden'
              ? 'The demo person is stored but hidden: every chart shows your own data only.'
              : 'The charts show a made-up person until your own data arrives.'}{' '}
            Removing it deletes only the demo person&rsquo;s readings; yours stay.
          </p>
          <RemoveDemoButton />
        </section>
      )}
      {/* Rarely needed, and long once several sources report: collapsed so it never pushes the rest down. */}
      <details class="card settings-section settings-advanced" data-testid="settings-advanced">
        <summary>
          <h2 id="priority-title">Advanced</h2>
          <span class="muted">Source priority: which source charts show first</span>
        </summary>
        <p class="muted">
          When several sources report the same metric, charts show the first one that has data for each moment. CSV
          export always keeps every source.
        </p>
        <ProviderOverlap catalogue={catalogue} />
        {metrics.length === 0 ? (
          <p data-testid="priority-none">Every metric comes from a single source, so there is nothing to order yet.</p>
        ) : (
          <div class="priority-list">
            {metrics.map((metric) => {
              const order = effectiveOrder(metric, catalogue, settings);
              return (
                <div key={metric} class="priority" data-testid={`priority-${metric}`}>
                  <h3>{metricName(metric)}</h3>
                  <ol>
                    {order.map((source, i) => (
                      <li key={source}>
                        <span class="priority__rank">{i + 1}</span>
                        <span class="priority__name">{sourceName(source)}</span>
                        <button
                          type="button"
                          class="icon-button"
                          disabled={i === 0}
                          aria-label={`Move ${sourceName(source)} up for ${metricName(metric)}`}
                          onClick={() => {
                            save({ ...settings, priority: { ...settings.priority, [metric]: move(order, i, -1) } });
                          }}
                        >
                          ↑
                        </button>
                        <button
                          type="button"
                          class="icon-button"
                          disabled={i === order.length - 1}
                          aria-label={`Move ${sourceName(source)} down for ${metricName(metric)}`}
                          onClick={() => {
                            save({ ...settings, priority: { ...settings.priority, [metric]: move(order, i, 1) } });
                          }}
                        >
                          ↓
                        </button>
                      </li>
                    ))}
                  </ol>
                </div>
              );
            })}
          </div>
        )}
      </details>

      {info && (
        <section class="card settings-section" aria-labelledby="about-title">
          <h2 id="about-title">About</h2>
          <dl class="about">
            <dt>Version</dt>
            <dd>{info.version}</dd>
            <dt>Data folder</dt>
            <dd>
              <code>{info.data_dir}</code>
            </dd>
          </dl>
        </section>
      )}
    </Page>
  );
}
