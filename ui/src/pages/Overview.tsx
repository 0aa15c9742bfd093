/** Overview: the four numbers worth a morning glance, each with its last 30 days. */
import { NoDataState } from '../components/EmptyState';
import { ExistCards } from '../components/ExistCards';
import { Icon } from '../components/icons';
import { InsightsBanner } from '../components/InsightsBanner';
import { Sparkline } from '../components/Sparkline';
import { HeartTodayCard, LastNightCard } from '../components/TodayCards';
import { useQuery } from '../hooks/useQuery';
import { api, viewerZone, type Metric, type OverviewCard } from '../ipc';
import { greeting, relativeTime } from '../lib/describe';
import { formatDay, localParts } from '../lib/time';
import { formatNumber } from '../lib/format';
import { sourceName } from '../lib/priority';
import { displayFor, type Display } from '../lib/units';
import { appInfoStore, dataVersionStore } from '../state/data';
import type { Route } from '../state/route';
import { settingsStore } from '../state/settings';
import { useStore } from '../state/store';

interface CardSpec {
  key: 'weight' | 'resting_heart_rate' | 'sleep' | 'steps';
  /** The metric the card shows (also before the overview has loaded). */
  metric: Metric;
  title: string;
  route: Route;
  tone: string;
  /** Unit word for plain counts. */
  countUnit?: string;
  when: (card: OverviewCard, now: number, zone: string) => string;
}

const CARDS: readonly CardSpec[] = [
  { key: 'weight', metric: 'weight', title: 'Weight', route: 'weight', tone: 'weight', when: (c, n, z) => (c.latest ? relativeTime(c.latest.start, n, z) : '') },
  {
    key: 'resting_heart_rate',
    metric: 'resting_heart_rate',
    title: 'Resting heart rate',
    route: 'heart',
    tone: 'heart',
    when: (c, n, z) => (c.latest ? relativeTime(c.latest.start, n, z) : ''),
  },
  {
    key: 'sleep',
    metric: 'sleep_duration',
    title: 'Sleep',
    route: 'sleep',
    tone: 'sleep',
    when: (c, n, z) => (c.latest ? `woke ${relativeTime(c.latest.end ?? c.latest.start, n, z)}` : ''),
  },
  { key: 'steps', metric: 'steps', title: 'Steps today', route: 'activity', tone: 'steps', countUnit: 'steps', when: () => 'so far today' },
];

/**
 * "▲ +0.4 kg vs previous 7 days". Steps are today's total so far, so a
 * difference from whole days would scold every morning: show their 7-day
 * average instead (latest − change is that mean, by the contract).
 */
function changeLine(spec: CardSpec, card: OverviewCard | undefined, d: Display) {
  if (!card?.latest || card.change === null) return <span class="muted">Not enough data to compare</span>;
  if (spec.key === 'steps') {
    return (
      <>
        <span class="delta">{formatNumber(card.latest.value - card.change)}</span> a day over the previous 7 days
      </>
    );
  }
  const text = d.formatChange(card.change);
  const dir = text.startsWith('+') ? 'up' : text.startsWith('−') ? 'down' : 'flat';
  return (
    <>
      <span class="delta" data-dir={dir}>
        <span class="delta__arrow" aria-hidden="true">
          {dir === 'up' ? '▲' : dir === 'down' ? '▼' : '●'}
        </span>{' '}
        {dir === 'flat' ? 'No change' : text}
      </span>{' '}
      vs previous 7 days
    </>
  );
}

export function OverviewPage() {
  const info = useStore(appInfoStore);
  const version = useStore(dataVersionStore);
  const { units } = useStore(settingsStore);
  const zone = viewerZone();
  // Asked before the app info answers (at launch that answer waits behind
  // the first render); not asked for a folder known to be empty.
  const q = useQuery(info?.has_data === false ? null : `overview|${zone}|${String(version)}`, () => api.overview(zone));
  const now = Math.floor(Date.now() / 1000);
  // Busy until the cards have their first answer (also in the moment
  // between the data folder turning out to have data and the request
  // starting), so tests and screen readers never read a placeholder "—".
  const cardsBusy = q.loading || (!!info?.has_data && q.data === undefined && q.error === null);

  return (
    <div class="page">
      <header class="page__head">
        <div>
          <h1>{greeting(localParts(now, zone).hour)}</h1>
          <p class="muted">{formatDay(now, zone)}</p>
        </div>
      </header>
      {info && !info.has_data ? (
        <NoDataState />
      ) : (
        <>
          {q.error && (
            <p class="error" role="alert">
              Could not load the overview: {q.error}
            </p>
          )}
          <InsightsBanner />
          <div class="cards" data-testid="overview-cards" aria-busy={cardsBusy ? 'true' : 'false'}>
            {CARDS.map((spec) => {
              const card = q.data?.[spec.key];
              const d = displayFor(card?.metric ?? spec.metric, card?.unit ?? '', units);
              const latest = card?.latest ?? null;
              const [value, unit] = latest ? d.parts(latest.value) : ['—', ''];
              const shownUnit = unit || (latest ? (spec.countUnit ?? '') : '');
              return (
                <a
                  key={spec.key}
                  class={`card stat-card stat-card--${spec.tone}`}
                  href={`#/${spec.route}`}
                  data-testid={`card-${spec.key}`}
                  data-source={latest?.source}
                >
                  <div class="stat-card__head">
                    <span class="stat-card__icon" aria-hidden="true">
                      <Icon name={spec.route} />
                    </span>
                    <h2>{spec.title}</h2>
                  </div>
                  <p class="stat-card__value">
                    <span data-testid="card-value">{value}</span>
                    {shownUnit && <span class="stat-card__unit"> {shownUnit}</span>}
                  </p>
                  <p class="stat-card__when">
                    {card && latest ? (
                      <>
                        {spec.when(card, now, zone)}
                        <span class="stat-card__source"> · {sourceName(latest.source)}</span>
                      </>
                    ) : q.loading ? (
                      'Loading…'
                    ) : (
                      'No reading yet'
                    )}
                  </p>
                  <Sparkline
                    values={(card?.sparkline ?? []).map((s) => d.convert(s.value))}
                    color={`var(--c-${spec.tone === 'sleep' ? 'deep' : spec.tone})`}
                    label={`${spec.title}, last 30 days`}
                  />
                  <p class="stat-card__change">{changeLine(spec, card, d)}</p>
                </a>
              );
            })}
          </div>
          <ExistCards now={now} />
          <div class="grid-2">
            <LastNightCard />
            <HeartTodayCard />
          </div>
        </>
      )}
    </div>
  );
}
