/** The Overview's pointer to Insights: shown when a flag reaches into the last 14 days. */
import { useQuery } from '../hooks/useQuery';
import { useQuietKey } from '../hooks/useQuietKey';
import { api, viewerZone } from '../ipc';
import { recentFlags } from '../lib/insights';
import { localDate } from '../lib/time';
import { dataVersionStore } from '../state/data';
import { useStore } from '../state/store';

/** How long the data must stay unchanged before the banner asks. */
const QUIET_MS = 1000;

export function InsightsBanner() {
  const version = useStore(dataVersionStore);
  // After the overview's own queries, and once a sync's changes settle.
  const key = useQuietKey(`insights|${String(version)}|overview`, QUIET_MS);
  const q = useQuery(key, () => api.insights({ first: null, last: null }));
  const recent = recentFlags(q.data?.flags ?? [], localDate(Date.now() / 1000, viewerZone()));
  if (recent.length === 0) return null;
  const titles = recent.map((f) => f.title);
  return (
    <div class="banner banner--insight" role="note" data-testid="insights-banner">
      <strong>{recent.length === 1 ? 'One thing stood out' : `${String(recent.length)} things stood out`} in the last two weeks:</strong>
      <span>{titles.join('; ')}.</span>
      <a href="#/insights">See Insights</a>
    </div>
  );
}
