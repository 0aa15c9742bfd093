/**
 * "Push to Exist" on the Exist card: choose metrics and dates, preview what
 * would be sent (a dry run), learn which services lose attributes to
 * Healthdash before the first push, push, and see what Exist refused.
 * Optionally pushes after each sync (off by default, at most hourly).
 */
import { useEffect, useState } from 'preact/hooks';
import { api, errorKind, errorMessage, type Metric } from '../ipc';
import type { ExistPushReport, ExistPushSettings } from '../bindings';
import { formatNumber } from '../lib/format';
import { sourceName } from '../lib/priority';

/** The metrics Exist takes (CONTRACT §9.2), with the attribute they go to. */
export const PUSHED: readonly { metric: Metric; attribute: string; label: string }[] = [
  { metric: 'steps', attribute: 'steps', label: 'Steps' },
  { metric: 'active_energy', attribute: 'active_energy', label: 'Active energy' },
  { metric: 'weight', attribute: 'weight', label: 'Weight' },
  { metric: 'body_fat_percent', attribute: 'body_fat', label: 'Body fat' },
  { metric: 'resting_heart_rate', attribute: 'heartrate_resting', label: 'Resting heart rate' },
  { metric: 'sleep_duration', attribute: 'sleep', label: 'Sleep' },
];

const LABEL: Record<string, string> = Object.fromEntries(PUSHED.map((p) => [p.attribute, p.label]));

/** Rows of the preview shown before "and N more". */
const SHOWN = 12;

type Phase =
  | { kind: 'idle' }
  | { kind: 'previewing' }
  | { kind: 'preview'; report: ExistPushReport }
  | { kind: 'pushing'; count: number }
  | { kind: 'done'; report: ExistPushReport }
  | { kind: 'error'; message: string; needsWrite: boolean };

function takeoverText(attribute: string, owner: string | null): string {
  const label = LABEL[attribute] ?? attribute;
  return owner === null
    ? `${label}: no other service writes it today; Healthdash becomes its writer.`
    : `${label}: written today by ${owner}. After the push, ${owner} no longer writes ${label.toLowerCase()} to Exist.`;
}

export function ExistPush() {
  const [chosen, setChosen] = useState<Metric[]>(PUSHED.map((p) => p.metric));
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [understood, setUnderstood] = useState(false);
  const [auto, setAuto] = useState<ExistPushSettings | null>(null);

  useEffect(() => {
    api.existPushSettings().then(setAuto, () => {
      setAuto(null);
    });
  }, []);

  const args = () => ({ metrics: chosen, from: from === '' ? null : from, to: to === '' ? null : to });
  const failed = (e: unknown) => {
    setPhase({ kind: 'error', message: errorMessage(e), needsWrite: errorKind(e) === 'needs_sign_in' });
  };
  const preview = () => {
    setPhase({ kind: 'previewing' });
    setUnderstood(false);
    api.existPushPreview(args()).then((report) => {
      setPhase({ kind: 'preview', report });
    }, failed);
  };
  const push = (count: number) => {
    setPhase({ kind: 'pushing', count });
    api.existPush(args()).then((report) => {
      setPhase({ kind: 'done', report });
    }, failed);
  };
  const toggle = (metric: Metric, on: boolean) => {
    setChosen((now) => (on ? PUSHED.map((p) => p.metric).filter((m) => m === metric || now.includes(m)) : now.filter((m) => m !== metric)));
    setPhase({ kind: 'idle' });
  };
  const saveAuto = (on: boolean) => {
    const next: ExistPushSettings = { auto: on, metrics: chosen.length === PUSHED.length ? [] : chosen, last_auto_push: auto?.last_auto_push ?? null };
    api.saveExistPushSettings(next).then(() => {
      setAuto(next);
    }, failed);
  };

  const busy = phase.kind === 'previewing' || phase.kind === 'pushing';
  return (
    <section class="exist-push" aria-labelledby="exist-push-title" data-testid="exist-push">
      <h3 id="exist-push-title">Push to Exist</h3>
      <p class="hint">
        Sends one value per day from your other sources to Exist, so its correlations see them. Values that came from Exist are
        never sent back.
      </p>
      <fieldset class="exist-push__metrics">
        <legend>Metrics</legend>
        {PUSHED.map((p) => (
          <label class="check" key={p.metric}>
            <input
              type="checkbox"
              checked={chosen.includes(p.metric)}
              disabled={busy}
              onChange={(e) => {
                toggle(p.metric, e.currentTarget.checked);
              }}
              data-testid={`push-metric-${p.metric}`}
            />
            {p.label}
          </label>
        ))}
      </fieldset>
      <div class="exist-push__range">
        <label class="field">
          From
          <input type="date" value={from} disabled={busy} onInput={(e) => { setFrom(e.currentTarget.value); setPhase({ kind: 'idle' }); }} data-testid="push-from" />
        </label>
        <label class="field">
          To
          <input type="date" value={to} disabled={busy} onInput={(e) => { setTo(e.currentTarget.value); setPhase({ kind: 'idle' }); }} data-testid="push-to" />
        </label>
        <span class="hint">Empty: the last 31 days, in your Exist profile's time zone.</span>
      </div>
      <div class="button-row">
        <button type="button" class="button" disabled={busy || chosen.length === 0} onClick={preview} data-testid="push-preview">
          Preview
        </button>
      </div>
      {phase.kind === 'previewing' && <p role="status">Working out what would be sent…</p>}
      {phase.kind === 'preview' && <Preview report={phase.report} understood={understood} onUnderstood={setUnderstood} onPush={push} />}
      {phase.kind === 'pushing' && (
        <div role="status" class="exist-push__progress" data-testid="push-progress">
          <progress aria-label="Pushing to Exist" />
          Pushing {formatNumber(phase.count)} values to Exist…
        </div>
      )}
      {phase.kind === 'done' && <Outcome report={phase.report} />}
      {phase.kind === 'error' && (
        <div role="alert" class="exist-push__error" data-testid="push-error">
          <p>{phase.message}</p>
          {phase.needsWrite && (
            <button type="button" class="button button--small" onClick={() => void api.connectExistWrite().catch(failed)} data-testid="push-allow-write">
              Allow Healthdash to write to Exist
            </button>
          )}
        </div>
      )}
      {auto !== null && (
        <label class="check">
          <input
            type="checkbox"
            checked={auto.auto}
            onChange={(e) => {
              saveAuto(e.currentTarget.checked);
            }}
            data-testid="push-auto"
          />
          Push automatically after each sync (at most once an hour)
        </label>
      )}
    </section>
  );
}

function Preview({
  report,
  understood,
  onUnderstood,
  onPush,
}: {
  report: ExistPushReport;
  understood: boolean;
  onUnderstood: (on: boolean) => void;
  onPush: (count: number) => void;
}) {
  const n = report.items.length;
  if (n === 0) {
    return (
      <p role="status" data-testid="push-nothing">
        Nothing to send: Exist already has every value from {report.from} to {report.to}.
      </p>
    );
  }
  const takeovers = report.takeovers;
  return (
    <div class="exist-push__preview" data-testid="push-preview-result">
      <p role="status">
        {formatNumber(n)} {n === 1 ? 'value' : 'values'} to send, {report.from} to {report.to} ({report.timezone}).
      </p>
      <table class="exist-push__table">
        <thead>
          <tr>
            <th scope="col">Attribute</th>
            <th scope="col">Date</th>
            <th scope="col" class="num">Value</th>
            <th scope="col">From</th>
          </tr>
        </thead>
        <tbody>
          {report.items.slice(0, SHOWN).map((item) => (
            <tr key={`${item.attribute} ${item.date}`}>
              <td>{item.attribute}</td>
              <td>{item.date}</td>
              <td class="num">{item.value}</td>
              <td>{sourceName(item.source)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {n > SHOWN && <p class="hint">and {formatNumber(n - SHOWN)} more</p>}
      {takeovers.length > 0 && (
        <div class="exist-push__takeover" role="group" aria-label="Attributes Healthdash takes over" data-testid="push-takeovers">
          <p>
            <strong>Exist lets one service write each attribute.</strong> To push, Healthdash takes these over in your Exist account:
          </p>
          <ul>
            {takeovers.map((t) => (
              <li key={t.attribute}>{takeoverText(t.attribute, t.owner)}</li>
            ))}
          </ul>
          <label class="check">
            <input type="checkbox" checked={understood} onChange={(e) => { onUnderstood(e.currentTarget.checked); }} data-testid="push-understood" />
            I understand; take them over
          </label>
        </div>
      )}
      <div class="button-row">
        <button
          type="button"
          class="button button--primary"
          disabled={takeovers.length > 0 && !understood}
          onClick={() => {
            onPush(n);
          }}
          data-testid="push-send"
        >
          Push {formatNumber(n)} {n === 1 ? 'value' : 'values'} to Exist
        </button>
      </div>
    </div>
  );
}

function Outcome({ report }: { report: ExistPushReport }) {
  const sent = report.items.length;
  return (
    <div class="exist-push__outcome" data-testid="push-outcome">
      <p role="status">
        Exist accepted {formatNumber(report.accepted)} of {formatNumber(sent)} {sent === 1 ? 'value' : 'values'}.
      </p>
      {report.refused.length > 0 && (
        <div role="alert">
          <p>Exist refused these; the next push sends them again:</p>
          <ul data-testid="push-refused">
            {report.refused.map((r) => (
              <li key={`${r.attribute} ${r.date}`}>
                {LABEL[r.attribute] ?? r.attribute} on {r.date}: {r.error_code}
                {r.error === '' ? '' : ` (${r.error})`}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
