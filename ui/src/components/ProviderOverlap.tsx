/** Settings' note on metrics several providers deliver, above the source priority it explains. */
import type { CatalogueEntry } from '../ipc';
import { providerOverlaps, reservingProviders } from '../lib/overlap';
import { metricName, sourceName } from '../lib/priority';

const names = (ids: readonly string[]): string => {
  const all = ids.map(sourceName);
  return all.length <= 2 ? all.join(' and ') : `${all.slice(0, -1).join(', ')} and ${all[all.length - 1] ?? ''}`;
};

export function ProviderOverlap({ catalogue }: { catalogue: readonly CatalogueEntry[] }) {
  const overlaps = providerOverlaps(catalogue);
  if (overlaps.length === 0) return null;
  const reserving = reservingProviders(overlaps);
  return (
    <section class="provider-overlap" data-testid="provider-overlap" aria-labelledby="provider-overlap-title">
      <h3 id="provider-overlap-title">Delivered by more than one provider</h3>
      <ul class="provider-overlap__list">
        {overlaps.map(({ metric, providers }) => (
          <li key={metric} data-testid={`overlap-${metric}`}>
            <span class="provider-overlap__metric">{metricName(metric)}</span>
            <span class="provider-overlap__providers">{names(providers)}</span>
          </li>
        ))}
      </ul>
      {reserving.length > 0 && (
        <p class="muted" data-testid="provider-overlap-reserved">
          {names(reserving)} passes on readings from other devices and services (a Withings scale, a Fitbit), so the same
          weigh-in can arrive twice. Charts show it once, from the first source in the order below; CSV export keeps both.
        </p>
      )}
    </section>
  );
}
