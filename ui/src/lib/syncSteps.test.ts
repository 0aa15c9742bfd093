import { describe, expect, test } from 'vitest';
import { nextSteps, startSteps, type SyncStep } from './syncSteps';

const STREAMS = [
  { id: 'measures', label: 'Weigh-ins and body' },
  { id: 'activity', label: 'Daily activity' },
  { id: 'sleep', label: 'Sleep' },
  { id: 'intraday', label: 'Minute detail' },
];

const states = (steps: readonly SyncStep[]): string => steps.map((s) => `${s.id}:${s.state}`).join(' ');

describe('sync checklist', () => {
  test('a page closes the streams before it, even those with nothing to fetch', () => {
    let steps = startSteps(STREAMS);
    steps = nextSteps(steps, { kind: 'started', provider: 'withings' });
    steps = nextSteps(steps, { kind: 'page', provider: 'withings', stream: 'measures', position: null, records: 10 });
    expect(states(steps)).toBe('measures:running activity:waiting sleep:waiting intraday:waiting');
    steps = nextSteps(steps, { kind: 'page', provider: 'withings', stream: 'intraday', position: [53, 365], records: 900 });
    expect(states(steps)).toBe('measures:done activity:done sleep:done intraday:running');
    expect(steps[3]?.position).toEqual([53, 365]);
  });

  test('a failed stream stays named through the end of the run', () => {
    let steps = startSteps(STREAMS);
    steps = nextSteps(steps, { kind: 'stream_failed', provider: 'withings', stream: 'sleep', error: 'HTTP 503', optional: false });
    steps = nextSteps(steps, { kind: 'finished', provider: 'withings', records: 3, arrived: [] });
    expect(states(steps)).toBe('measures:done activity:done sleep:failed intraday:done');
  });

  test('a failed run marks what it never reached as skipped', () => {
    let steps = startSteps(STREAMS);
    steps = nextSteps(steps, { kind: 'page', provider: 'withings', stream: 'activity', position: [10, 90], records: 10 });
    steps = nextSteps(steps, { kind: 'failed', provider: 'withings', error: 'could not connect' });
    expect(states(steps)).toBe('measures:done activity:failed sleep:skipped intraday:skipped');
  });

  test('a stream the catalog does not know is added at the end', () => {
    const steps = nextSteps(startSteps(STREAMS.slice(0, 1)), { kind: 'page', provider: 'withings', stream: 'devices', position: null, records: 0 });
    expect(states(steps)).toBe('measures:done devices:running');
  });
});
