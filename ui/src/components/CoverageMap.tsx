/**
 * The coverage map on the Connections page: one strip per source, a day per
 * unit, coloured by whether the day has data, was synced without data, was
 * never synced or its sync failed, so "no data" is never mistaken for "not
 * synced". The backend answers runs of days, so ten years are a few dozen
 * rectangles in one SVG.
 */
import { useQuery } from '../hooks/useQuery';
import { api, viewerZone, type DayState, type SourceCoverage } from '../ipc';
import { explainError } from '../lib/explain';
import { formatNumber } from '../lib/format';
import { daysPerState, mapStart, runsFrom, STATE_LABEL, STATES, stripRects } from '../lib/provenance';
import { daysBetween, formatDateString } from '../lib/time';
import { dataVersionStore } from '../state/data';
import { useStore } from '../state/store';

const days = (n: number): string => `${formatNumber(n)} ${n === 1 ? 'day' : 'days'}`;

function Swatch({ state }: { state: DayState }) {
  return <span class={`coverage__swatch coverage--${state}`} aria-hidden="true" />;
}

function Strip({ source, start, span }: { source: SourceCoverage; start: string; span: number }) {
  const rects = stripRects(runsFrom(source.runs, start), start);
  return (
    <svg class="coverage__strip" viewBox={`0 0 ${String(span)} 1`} preserveAspectRatio="none" role="img" aria-label={`Days of ${source.name}`} data-runs={rects.length}>
      {rects.map((r) => (
        <rect key={r.first} x={r.x} y={0} width={r.width} height={1} class={`coverage--${r.state}`}>
          <title>
            {r.first === r.last ? formatDateString(r.first) : `${formatDateString(r.first)} – ${formatDateString(r.last)}`}: {STATE_LABEL[r.state]}
          </title>
        </rect>
      ))}
    </svg>
  );
}

function Row({ source, start, span }: { source: SourceCoverage; start: string; span: number }) {
  const counts = daysPerState(runsFrom(source.runs, start));
  const error = source.last_error === null ? null : explainError(source.last_error, null, source.name);
  return (
    <li class="coverage__row" data-testid={`coverage-${source.source}`}>
      <div class="coverage__head">
        <span class="coverage__name">{source.name}</span>
        <span class="muted coverage__counts" data-testid={`coverage-counts-${source.source}`}>
          {STATES.filter((s) => counts[s] > 0)
            .map((s) => `${STATE_LABEL[s]}: ${days(counts[s])}`)
            .join(' · ')}
        </span>
      </div>
      <Strip source={source} start={start} span={span} />
      {error && (
        <p class="coverage__error" data-testid={`coverage-error-${source.source}`}>
          Last sync error: {error.what} {error.todo}
        </p>
      )}
    </li>
  );
}

export function CoverageMap() {
  const zone = viewerZone();
  const version = useStore(dataVersionStore);
  const q = useQuery(`coverage|${zone}|${String(version)}`, () => api.coverage({ first: null, last: null, zone }));
  const sources = q.data?.sources ?? [];
  if (sources.length === 0) return null;
  const last = sources[0]?.runs.at(-1)?.last ?? '';
  const start = mapStart(sources, last);
  const span = daysBetween(start, last) + 1;
  return (
    <section class="card coverage" aria-labelledby="coverage-title" data-testid="coverage">
      <h2 id="coverage-title">Coverage</h2>
      <p class="muted">
        Which days each source has data for, from {formatDateString(start)} to {formatDateString(last)}. A day synced without
        data is a gap in what the service recorded; a day not synced yet has not been asked for.
      </p>
      <ul class="coverage__legend" data-testid="coverage-legend" aria-label="Legend">
        {STATES.map((s) => (
          <li key={s}>
            <Swatch state={s} />
            {STATE_LABEL[s]}
          </li>
        ))}
      </ul>
      <ul class="coverage__rows">
        {sources.map((s) => (
          <Row key={s.source} source={s} start={start} span={span} />
        ))}
      </ul>
    </section>
  );
}
