import { beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../../e2e/fixtures/catalog';
import { catalogStore } from '../state/catalog';
import { SYNC_STARTING, describeSync, nextSyncView, streamLabel, syncPercent, timeAgo } from './connections';

// Stream labels come from the backend's source list.
beforeAll(() => {
  catalogStore.set(CATALOG);
});

const NOW = 1_773_822_600; // 2026-03-18T08:30:00Z

describe('timeAgo', () => {
  it('says minutes, hours, days, months and years', () => {
    expect(timeAgo(NOW - 20, NOW)).toBe('just now');
    expect(timeAgo(NOW + 30, NOW)).toBe('just now'); // a clock a little ahead
    expect(timeAgo(NOW - 5 * 60, NOW)).toBe('5 min ago');
    expect(timeAgo(NOW - 59 * 60 - 59, NOW)).toBe('59 min ago');
    expect(timeAgo(NOW - 3 * 3600, NOW)).toBe('3 h ago');
    expect(timeAgo(NOW - 30 * 3600, NOW)).toBe('yesterday');
    expect(timeAgo(NOW - 4 * 86_400, NOW)).toBe('4 days ago');
    expect(timeAgo(NOW - 44 * 86_400, NOW)).toBe('44 days ago');
    expect(timeAgo(NOW - 90 * 86_400, NOW)).toBe('3 months ago');
    expect(timeAgo(NOW - 800 * 86_400, NOW)).toBe('2 years ago');
  });
});

describe('sync progress', () => {
  it('follows the events and ends on finished or failed', () => {
    expect(nextSyncView({ kind: 'started', provider: 'withings' })).toEqual(SYNC_STARTING);
    const page = nextSyncView({ kind: 'page', provider: 'withings', stream: 'activity', position: [45, 90], records: 1234 });
    expect(page).toEqual({ stream: 'activity', done: 45, total: 90, records: 1234 });
    expect(page && syncPercent(page)).toBe(50);
    expect(page && describeSync(page)).toBe('Daily activity · 45 of 90 days · 1,234 records');
    expect(nextSyncView({ kind: 'finished', provider: 'withings', records: 9, arrived: [] })).toBeNull();
    expect(nextSyncView({ kind: 'failed', provider: 'withings', error: 'cancelled' })).toBeNull();
  });

  it('keeps the bar as it was when one stream fails and the next goes on', () => {
    const page = nextSyncView({ kind: 'page', provider: 'withings', stream: 'activity', position: [45, 90], records: 1234 });
    const failed = { kind: 'stream_failed', provider: 'withings', stream: 'sleep', error: 'HTTP 500', optional: false } as const;
    expect(nextSyncView(failed, page)).toEqual(page);
    expect(nextSyncView(failed, null)).toEqual(SYNC_STARTING);
  });

  it('has no percentage when the stream size is unknown', () => {
    const view = nextSyncView({ kind: 'page', provider: 'withings', stream: 'devices', position: null, records: 2 });
    expect(view && syncPercent(view)).toBeNull();
    expect(view && describeSync(view)).toBe('Devices · 2 records');
    expect(describeSync(SYNC_STARTING)).toBe('Starting…');
    expect(syncPercent({ stream: 'sleep', done: 40, total: 30, records: 0 })).toBe(100);
  });

  it('names streams for people, and unknown ones readably', () => {
    expect(streamLabel('measures')).toBe('Weigh-ins and measurements');
    expect(streamLabel('heart_notes')).toBe('Heart notes');
  });
});

describe('retries', () => {
  it('says the provider cannot be reached while it retries, and forgets it at the next page', () => {
    const started = nextSyncView({ kind: 'started', provider: 'withings' });
    const retrying = nextSyncView({ kind: 'retrying', provider: 'withings', attempt: 3, attempts: 6, reason: 'could not connect' }, started);
    expect(retrying && describeSync(retrying, 'Withings')).toBe('Can’t reach Withings, retrying (3 of 6)');
    const page = nextSyncView({ kind: 'page', provider: 'withings', stream: 'activity', position: [45, 180], records: 1200 }, retrying);
    expect(page && describeSync(page, 'Withings')).toBe('Daily activity · 45 of 180 days · 1,200 records');
  });
});

describe('downloads', () => {
  it('shows a large file arriving in megabytes, with its share on the bar, until the next page', () => {
    const started = nextSyncView({ kind: 'started', provider: 'openhumans' });
    const retrying = nextSyncView({ kind: 'retrying', provider: 'openhumans', attempt: 2, attempts: 6, reason: 'timed out' }, started);
    const arriving = nextSyncView({ kind: 'downloading', provider: 'openhumans', what: 'fitbit-data.json', bytes: 3_145_728, total: 12_582_912 }, retrying);
    expect(arriving && describeSync(arriving, 'Open Humans')).toBe('Downloading fitbit-data.json · 3.1 of 12.6 MB');
    expect(arriving && syncPercent(arriving)).toBe(25);
    const unknownSize = nextSyncView({ kind: 'downloading', provider: 'openhumans', what: 'nokiahealthdata.json', bytes: 524_288, total: null }, arriving);
    expect(unknownSize && describeSync(unknownSize, 'Open Humans')).toBe('Downloading nokiahealthdata.json · 0.5 MB');
    expect(unknownSize && syncPercent(unknownSize)).toBeNull();
    const page = nextSyncView({ kind: 'page', provider: 'openhumans', stream: 'files', position: [3, 6], records: 1092 }, unknownSize);
    expect(page && describeSync(page, 'Open Humans')).toBe('Shared files (Withings, Fitbit) · 3 of 6 files · 1,092 records');
  });
});
