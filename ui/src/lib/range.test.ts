import { describe, expect, it } from 'vitest';
import { RangeHistory, presetWindow, type RangeEntry } from './range';

const PARIS = 'Europe/Paris';
const iso = (s: string): number => Date.parse(s) / 1000;
const now = iso('2026-03-18T09:30:00Z'); // 10:30 in Paris

describe('presetWindow', () => {
  it('makes "1 day" the last 24 hours', () => {
    expect(presetWindow('1d', now, PARIS, null)).toEqual({ from: now - 86_400, to: now });
  });

  it('starts longer presets at a local midnight, today included', () => {
    expect(presetWindow('7d', now, PARIS, null)).toEqual({ from: iso('2026-03-11T23:00:00Z'), to: now });
    expect(presetWindow('30d', now, PARIS, null).from).toBe(iso('2026-02-16T23:00:00Z'));
    expect(presetWindow('1y', now, PARIS, null).from).toBe(iso('2025-03-18T23:00:00Z'));
  });

  it('counts days on the calendar across a DST change', () => {
    // 2026-03-29 is spring-forward in Paris: midnight 30 days before is still CET.
    const april = iso('2026-04-02T08:00:00Z');
    expect(presetWindow('7d', april, PARIS, null).from).toBe(iso('2026-03-26T23:00:00Z'));
    expect(presetWindow('90d', april, PARIS, null).from).toBe(iso('2026-01-02T23:00:00Z'));
  });

  it('makes "all" the catalogue extent from its first local midnight', () => {
    const extent = { from: iso('2024-03-18T10:00:00Z'), to: iso('2026-03-18T09:00:00Z') };
    expect(presetWindow('all', now, PARIS, extent)).toEqual({ from: iso('2024-03-17T23:00:00Z'), to: extent.to });
    expect(presetWindow('all', now, PARIS, null).to).toBe(now);
  });
});

describe('RangeHistory', () => {
  const entry = (from: number, preset: RangeEntry['preset'] = null): RangeEntry => ({ window: { from, to: from + 100 }, preset });

  it('goes back and forward like a browser', () => {
    const h = new RangeHistory(entry(0, '30d'));
    h.push(entry(1));
    h.push(entry(2));
    expect(h.current.window.from).toBe(2);
    expect(h.back().window.from).toBe(1);
    expect(h.back().window.from).toBe(0);
    expect(h.canBack).toBe(false);
    expect(h.back().window.from).toBe(0); // stays at the start
    expect(h.forward().window.from).toBe(1);
    expect(h.forward().window.from).toBe(2);
    expect(h.canForward).toBe(false);
  });

  it('drops the forward entries when a new range is chosen', () => {
    const h = new RangeHistory(entry(0));
    h.push(entry(1));
    h.push(entry(2));
    h.back();
    h.back();
    h.push(entry(5));
    expect(h.canForward).toBe(false);
    expect(h.back().window.from).toBe(0);
  });

  it('ignores pushing the range already shown', () => {
    const h = new RangeHistory(entry(0, '7d'));
    h.push(entry(0, '7d'));
    expect(h.canBack).toBe(false);
    h.push(entry(0, null)); // same window but now a zoom: a new step
    expect(h.canBack).toBe(true);
  });

  it('keeps at most `limit` entries', () => {
    const h = new RangeHistory(entry(0), 3);
    for (let i = 1; i <= 5; i++) h.push(entry(i));
    expect(h.back().window.from).toBe(4);
    expect(h.back().window.from).toBe(3);
    expect(h.canBack).toBe(false);
  });
});
