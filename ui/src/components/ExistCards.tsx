/**
 * The overview's row of what people keep in Exist: mood and productive time,
 * each with its latest day and the last 30 days. Shown only when such values
 * are stored (today only Exist reports them).
 */
import { Icon } from './icons';
import { Sparkline } from './Sparkline';
import { useDaily } from '../hooks/useDaily';
import type { Metric } from '../ipc';
import { formatDateString } from '../lib/time';
import { sourceName } from '../lib/priority';
import { displayFor } from '../lib/units';
import { catalogueStore, hasMetric } from '../state/data';
import { settingsStore } from '../state/settings';
import { useStore } from '../state/store';

interface ExistCardSpec {
  metric: Metric;
  title: string;
  tone: string;
}

const EXIST_CARDS: readonly ExistCardSpec[] = [
  { metric: 'mood', title: 'Mood', tone: 'mood' },
  { metric: 'productive_time', title: 'Productive time', tone: 'productive' },
];

const DAY = 86_400;

export function ExistCards({ now }: { now: number }) {
  const catalogue = useStore(catalogueStore);
  const shown = EXIST_CARDS.filter((c) => hasMetric(catalogue, c.metric));
  if (shown.length === 0) return null;
  return (
    <section class="exist-cards" aria-label="From Exist" data-testid="exist-cards">
      {shown.map((spec) => (
        <ExistCard key={spec.metric} spec={spec} now={now} />
      ))}
    </section>
  );
}

function ExistCard({ spec, now }: { spec: ExistCardSpec; now: number }) {
  const { units } = useStore(settingsStore);
  const catalogue = useStore(catalogueStore);
  const unit = catalogue.find((e) => e.metric === spec.metric)?.unit ?? '';
  // The last 30 local days up to now.
  const q = useDaily(spec.metric, { from: now - 30 * DAY, to: now + 1 });
  const days = q.data ?? [];
  const latest = days.at(-1);
  const d = displayFor(spec.metric, unit, units);
  const [value, shownUnit] = latest ? d.parts(latest.value) : ['—', ''];
  return (
    <a class={`card stat-card stat-card--${spec.tone}`} href={`#/metric/${spec.metric}`} data-testid={`card-${spec.metric}`}>
      <div class="stat-card__head">
        <span class="stat-card__icon" aria-hidden="true">
          <Icon name="metrics" />
        </span>
        <h2>{spec.title}</h2>
      </div>
      <p class="stat-card__value">
        <span data-testid="card-value">{value}</span>
        {shownUnit && <span class="stat-card__unit"> {shownUnit}</span>}
      </p>
      <p class="stat-card__when">
        {latest ? (
          <>
            {formatDateString(latest.date)}
            <span class="stat-card__source"> · {sourceName(latest.source)}</span>
          </>
        ) : q.loading ? (
          'Loading…'
        ) : (
          'Nothing in the last 30 days'
        )}
      </p>
      <Sparkline values={days.map((v) => d.convert(v.value))} color={`var(--c-${spec.tone})`} label={`${spec.title}, last 30 days`} />
    </a>
  );
}
