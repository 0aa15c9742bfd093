/**
 * Insights (#/insights): the flags first — each with its rule, its days and
 * numbers against the usual range, a link to the chart on those days and a
 * switch for its rule — then "What goes with what": the significant
 * correlations, strongest first, one of them as a scatter plot.
 */
import { useState } from 'preact/hooks';
import { Page } from '../components/Page';
import { Scatter } from '../components/Scatter';
import { useQuery } from '../hooks/useQuery';
import { api, errorMessage, viewerZone, type Correlation, type Flag, type RuleId, type RuleSetting } from '../ipc';
import { formatNumber } from '../lib/format';
import { byStrength, chartRoute, correlationSentence, featureAxis, flagWindowDays, lagWords, lowerFirst, strengthWord } from '../lib/insights';
import { formatDateString, localDate } from '../lib/time';
import { displayFor } from '../lib/units';
import { rangeText } from '../charts/band';
import { metricInfo } from '../state/catalog';
import { dataVersionStore } from '../state/data';
import { pickDays } from '../state/range';
import { settingsStore } from '../state/settings';
import { useStore } from '../state/store';

/** "12 Mar 2026" or "12 Mar – 18 Mar 2026". */
function daysText(first: string, last: string): string {
  const f = (d: string): string => formatDateString(d, undefined, { day: 'numeric', month: 'short', year: 'numeric' });
  return first === last ? f(first) : `${f(first)} – ${f(last)}`;
}

function RuleSwitch({ enabled, busy, onChange, testId, name }: { enabled: boolean; busy: boolean; onChange: (on: boolean) => void; testId: string; name: string }) {
  return (
    <label class="insight-switch">
      <input
        type="checkbox"
        role="switch"
        aria-label={`Flag “${name}”`}
        checked={enabled}
        disabled={busy}
        data-testid={testId}
        onChange={(e) => {
          onChange(e.currentTarget.checked);
        }}
      />
      <span>{enabled ? 'Flag this' : 'Off'}</span>
    </label>
  );
}

function FlagCard({ flag, busy, onRule }: { flag: Flag; busy: boolean; onRule: (id: RuleId, on: boolean) => void }) {
  const { units } = useStore(settingsStore);
  const d = displayFor(flag.metric, metricInfo(flag.metric)?.unit ?? flag.unit, units);
  const today = localDate(Date.now() / 1000, viewerZone());
  const shown = flagWindowDays(flag, today);
  const label = metricInfo(flag.metric)?.label ?? flag.metric;
  return (
    <li class="card insight-flag" data-testid={`flag-${flag.rule}`}>
      <header class="insight-flag__head">
        <div>
          <h3>{flag.title}</h3>
          <p class="insight-flag__when">{daysText(flag.first, flag.last)}</p>
        </div>
        <RuleSwitch
          testId="flag-switch"
          name={flag.title}
          enabled
          busy={busy}
          onChange={(on) => {
            onRule(flag.rule, on);
          }}
        />
      </header>
      <p class="insight-flag__rule">
        <span class="muted">Rule:</span> {flag.rule_text}
      </p>
      <table class="insight-flag__days">
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">{label}</th>
            <th scope="col">Usual range</th>
          </tr>
        </thead>
        <tbody>
          {flag.days.map((day) => (
            <tr key={day.date} data-testid="flag-day">
              <th scope="row">{formatDateString(day.date, undefined, { weekday: 'short', day: 'numeric', month: 'short' })}</th>
              <td class="insight-flag__value">{d.format(day.value)}</td>
              <td>{rangeText(d.format(day.lo), d.format(day.hi))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <a
        class="button button--small"
        href={chartRoute(flag.metric)}
        data-testid="flag-link"
        onClick={() => {
          // The chart opens on these days (and two weeks around them).
          pickDays(shown.first, shown.last);
        }}
      >
        Show on the {label.toLowerCase()} chart
      </a>
    </li>
  );
}

function CorrelationItem({ c, open, onOpen }: { c: Correlation; open: boolean; onOpen: () => void }) {
  return (
    <li>
      <button type="button" class="insight-pair" aria-expanded={open} onClick={onOpen} data-testid="correlation">
        <span class="insight-pair__sentence">{correlationSentence(c)}</span>
        <span class="insight-pair__numbers">
          <span data-testid="correlation-rho">ρ = {rhoText(c.rho)}</span> ({strengthWord(c.rho)}) · across{' '}
          <span data-testid="correlation-n">{formatNumber(c.n)}</span> days · {lagWords(c.lag_days)}
        </span>
      </button>
    </li>
  );
}

function ScatterCard({ c, first, last }: { c: Correlation; first: string; last: string }) {
  const { units } = useStore(settingsStore);
  const version = useStore(dataVersionStore);
  const args = { a: c.a, b: c.b, lag_days: c.lag_days, first, last };
  const q = useQuery(`scatter|${JSON.stringify(args)}|${String(version)}`, () => api.scatter(args));
  const unitOf = (f: Correlation['a']): string => ('metric' in f ? (metricInfo(f.metric)?.unit ?? '') : '');
  const x = featureAxis(c.a, c.a_label, units, unitOf(c.a));
  const yAxis = featureAxis(c.b, c.b_label, units, unitOf(c.b));
  const y = c.lag_days === 0 ? yAxis : { ...yAxis, label: `${yAxis.label}, ${lagWords(c.lag_days)}` };
  return (
    <section class="card insight-scatter" aria-label="Paired days" data-testid="scatter-card" aria-busy={q.loading ? 'true' : 'false'}>
      <h3>{correlationSentence(c)}</h3>
      <p class="muted">
        One dot per pair of days: {lowerFirst(c.a_label.replace(/\s*\([^)]*\)$/, ''))} on a day, {lowerFirst(c.b_label)}{' '}
        {c.lag_days === 0 ? 'that same day' : c.lag_days === 1 ? 'the day after' : 'two days after'}, each as its
        difference from its usual level (the median of the 29 days around it), so slow drifts do not count.
      </p>
      {q.error ? (
        <p class="error" role="alert">
          Could not load the paired days: {q.error}
        </p>
      ) : q.data ? (
        <Scatter points={q.data} x={x} y={y} label={`${correlationSentence(c)}: ${String(q.data.length)} paired days`} />
      ) : null}
    </section>
  );
}

/** "0.46", "−0.28" (a true minus sign, as the rest of the app writes negatives). */
function rhoText(rho: number): string {
  return `${rho < 0 ? '−' : ''}${formatNumber(Math.abs(rho), 2)}`;
}

export function InsightsPage() {
  const version = useStore(dataVersionStore);
  // Bumped after a rule changes: the flags are asked for again.
  const [rulesVersion, setRulesVersion] = useState(0);
  const insights = useQuery(`insights|${String(version)}|${String(rulesVersion)}`, () => api.insights({ first: null, last: null }));
  const rules = useQuery(`insight_rules|${String(rulesVersion)}`, () => api.insightRules());
  const [busy, setBusy] = useState(false);
  const [ruleError, setRuleError] = useState<string | null>(null);
  const [openPair, setOpenPair] = useState<number | null>(null);

  const setRule = (id: RuleId, enabled: boolean): void => {
    setBusy(true);
    setRuleError(null);
    api.setInsightRule({ id, enabled }).then(
      () => {
        setBusy(false);
        setRulesVersion((v) => v + 1);
      },
      (e: unknown) => {
        setBusy(false);
        setRuleError(errorMessage(e));
      },
    );
  };

  const data = insights.data;
  const pairs = byStrength(data?.correlations ?? []);
  const open = openPair === null ? undefined : pairs[openPair];
  const off = (rules.data ?? []).filter((r) => !r.enabled);

  return (
    <Page title="Insights" noRange>
      <p class="page__intro">
        What stands out in your own numbers{data ? ` from ${daysText(data.first, data.last)}` : ''}, measured against your usual range: the
        middle of your last 28 days, give or take what is normal for you.
      </p>
      {insights.error && (
        <p class="error" role="alert">
          Could not work out the insights: {insights.error}
        </p>
      )}
      {ruleError && (
        <p class="error" role="alert">
          Could not change the rule: {ruleError}
        </p>
      )}
      <section class="insights-section" aria-labelledby="flags-title" aria-busy={insights.loading ? 'true' : 'false'} data-testid="flags">
        <h2 id="flags-title">Flags</h2>
        {data?.flags.length === 0 && (
          <p class="card insights-empty" data-testid="flags-empty">
            Nothing outside your usual range{off.length > 0 ? ` (${String(off.length)} ${off.length === 1 ? 'rule is' : 'rules are'} off)` : ''}.
          </p>
        )}
        <ul class="insight-flags">
          {data?.flags.map((f) => (
            <FlagCard key={`${f.rule}|${f.first}`} flag={f} busy={busy} onRule={setRule} />
          ))}
        </ul>
      </section>
      <section class="insights-section" aria-labelledby="pairs-title" data-testid="correlations">
        <h2 id="pairs-title">What goes with what</h2>
        {data && pairs.length === 0 ? (
          <p class="card insights-empty" data-testid="correlations-empty">
            Nothing to show: {formatNumber(data.pairs_tested)} pairs of daily measures were compared (on the same day, the next day and two days
            later), and none went together clearly enough. A pair is listed only with at least 14 days of both, and only when it holds up after
            allowing for how many pairs were tested (false discovery rate 5%).
          </p>
        ) : (
          data && (
            <>
              <p class="muted">
                {formatNumber(pairs.length)} of {formatNumber(data.pairs_tested)} pairs tested go together clearly (rank correlation ρ, false
                discovery rate 5%), strongest first. Going together is not causing. Click one for its days.
              </p>
              <ul class="insight-pairs">
                {pairs.map((c, i) => (
                  <CorrelationItem
                    key={`${JSON.stringify(c.a)}|${JSON.stringify(c.b)}|${String(c.lag_days)}`}
                    c={c}
                    open={i === openPair}
                    onOpen={() => {
                      setOpenPair(i === openPair ? null : i);
                    }}
                  />
                ))}
              </ul>
            </>
          )
        )}
        {open && data && <ScatterCard c={open} first={data.first} last={data.last} />}
      </section>
      <RulesList rules={rules.data ?? []} busy={busy} onRule={setRule} />
    </Page>
  );
}

/** Every rule with its switch: the way back for a rule turned off from its flag. */
function RulesList({ rules, busy, onRule }: { rules: readonly RuleSetting[]; busy: boolean; onRule: (id: RuleId, on: boolean) => void }) {
  if (rules.length === 0) return null;
  return (
    <details class="card insights-rules" data-testid="insight-rules">
      <summary>Rules ({rules.filter((r) => r.enabled).length} of {rules.length} on)</summary>
      <ul>
        {rules.map((r) => (
          <li key={r.id}>
            <div>
              <strong>{r.title}</strong>
              <p class="muted">{r.rule_text}</p>
            </div>
            <RuleSwitch
              testId={`rule-${r.id}`}
              name={r.title}
              enabled={r.enabled}
              busy={busy}
              onChange={(on) => {
                onRule(r.id, on);
              }}
            />
          </li>
        ))}
      </ul>
    </details>
  );
}
