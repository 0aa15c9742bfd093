import { describe, expect, it } from 'vitest';
import { RangeHistory, addMonths, canStepForward, daysWindow, describeStep, presetWindow, stepOf, stepWindow, windowLabel, type RangeEntry } from './range';

const PARIS = 'Europe/Paris';
const iso = (s: string): number => Date.parse(s) / 1000;
const now = iso('2026-03-18T09:30:00Z'); // 10:30 in Paris

const endOfDay = iso('2026-03-18T23:00:00Z'); // midnight ending Wed 18 Mar in Paris

describe('presetWindow', () => {
  it('makes "1 day" the calendar day, midnight to midnight', () => {
    expect(presetWindow('1d', now, PARIS, null)).toEqual({ from: iso('2026-03-17T23:00:00Z'), to: endOfDay });
  });

  it('starts longer presets at a local midnight and ends them at the end of today', () => {
    expect(presetWindow('7d', now, PARIS, null)).toEqual({ from: iso('2026-03-11T23:00:00Z'), to: endOfDay });
    expect(presetWindow('30d', now, PARIS, null).from).toBe(iso('2026-02-16T23:00:00Z'));
    expect(presetWindow('1y', now, PARIS, null)).toEqual({ from: iso('2025-03-18T23:00:00Z'), to: endOfDay });
  });

  it('counts days on the calendar across a DST change', () => {
    // 2026-03-29 is spring-forward in Paris: midnight 30 days before is still CET.
    const april = iso('2026-04-02T08:00:00Z');
    expect(presetWindow('7d', april, PARIS, null).from).toBe(iso('2026-03-26T23:00:00Z'));
    expect(presetWindow('90d', april, PARIS, null).from).toBe(iso('2026-01-02T23:00:00Z'));
    // The day of the change is 23 hours long.
    const dst = presetWindow('1d', iso('2026-03-29T10:00:00Z'), PARIS, null);
    expect(dst.to - dst.from).toBe(23 * 3600);
  });

  it('makes "all" the catalogue extent from its first local midnight', () => {
    const extent = { from: iso('2024-03-18T10:00:00Z'), to: iso('2026-03-18T09:00:00Z') };
    expect(presetWindow('all', now, PARIS, extent)).toEqual({ from: iso('2024-03-17T23:00:00Z'), to: extent.to });
    expect(presetWindow('all', now, PARIS, null).to).toBe(now);
  });
});

describe('addMonths', () => {
  it('clamps to the length of the month', () => {
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2026-01-15', -13)).toBe('2024-12-15');
    expect(addMonths('2025-12-01', 1)).toBe('2026-01-01');
  });
});

describe('stepWindow', () => {
  const days = (first: string, last: string) => daysWindow(first, last, PARIS);

  it('steps 7 days back and forward by whole days', () => {
    const week = presetWindow('7d', now, PARIS, null);
    const before = stepWindow(week, -1, now, PARIS);
    expect(before).toEqual(days('2026-03-05', '2026-03-11'));
    expect(windowLabel(before ?? week, PARIS, 'en-GB')).toBe('5 Mar – 11 Mar 2026');
    expect(stepWindow(before ?? week, 1, now, PARIS)).toEqual(week);
  });

  it('keeps a day a calendar day across DST (23 and 25 hours)', () => {
    const spring = stepWindow(days('2026-03-30', '2026-03-30'), -1, now + 30 * 86_400, PARIS);
    expect(spring).toEqual({ from: iso('2026-03-28T23:00:00Z'), to: iso('2026-03-29T22:00:00Z') });
    const autumn = stepWindow(days('2025-10-25', '2025-10-25'), 1, now, PARIS);
    expect(autumn).toEqual({ from: iso('2025-10-25T22:00:00Z'), to: iso('2025-10-26T23:00:00Z') });
    expect(windowLabel(autumn ?? spring ?? days('2025-10-25', '2025-10-25'), PARIS, 'en-GB')).toBe('Sun, 26 Oct 2025');
  });

  it('steps whole months by months, whatever their length', () => {
    const feb = days('2026-02-01', '2026-02-28');
    expect(stepWindow(feb, -1, now, PARIS)).toEqual(days('2026-01-01', '2026-01-31'));
    expect(stepWindow(feb, 1, now + 60 * 86_400, PARIS)).toEqual(days('2026-03-01', '2026-03-31'));
    expect(stepOf(days('2024-02-01', '2024-02-29'), PARIS)).toEqual({ unit: 'months', count: 1 });
  });

  it('steps a year by a calendar year, leap day included', () => {
    const year = presetWindow('1y', now, PARIS, null);
    expect(describeStep(stepOf(year, PARIS))).toBe('year');
    const before = stepWindow(year, -1, now, PARIS);
    expect(before).toEqual(days('2024-03-19', '2025-03-18'));
    expect(before && before.to - before.from).toBe(365 * 86_400); // 2024-03-19 → 2025-03-18 has no 29 Feb
    const twoBack = before && stepWindow(before, -1, now, PARIS);
    expect(twoBack).toEqual(days('2023-03-19', '2024-03-18'));
    expect(twoBack && Math.round((twoBack.to - twoBack.from) / 86_400)).toBe(366);
  });

  it('never goes past today: the window holding today has no next', () => {
    expect(stepWindow(presetWindow('30d', now, PARIS, null), 1, now, PARIS)).toBeNull();
    expect(canStepForward(presetWindow('1d', now, PARIS, null), now, PARIS)).toBe(false);
    // Ten days back, a 30-day window steps forward only as far as today.
    const late = days('2026-02-07', '2026-03-08');
    expect(stepWindow(late, 1, now, PARIS)).toEqual(presetWindow('30d', now, PARIS, null));
  });

  it('steps a zoom by its span in seconds and stops it at now', () => {
    const zoom = { from: now - 5 * 3600, to: now - 2 * 3600 };
    expect(stepWindow(zoom, -1, now, PARIS)).toEqual({ from: now - 8 * 3600, to: now - 5 * 3600 });
    expect(stepWindow(zoom, 1, now, PARIS)).toEqual({ from: now - 3 * 3600, to: now });
    expect(stepWindow({ from: now - 3600, to: now }, 1, now, PARIS)).toBeNull();
    expect(describeStep(stepOf(zoom, PARIS))).toBe('3 h');
  });
});

describe('windowLabel', () => {
  it('names one day by its date, days by dates, a zoom with times', () => {
    expect(windowLabel(presetWindow('1d', now, PARIS, null), PARIS, 'en-GB')).toBe('Wed, 18 Mar 2026');
    expect(windowLabel(presetWindow('7d', now, PARIS, null), PARIS, 'en-GB')).toBe('12 Mar – 18 Mar 2026');
    expect(windowLabel({ from: now - 3600, to: now }, PARIS, 'en-GB')).toBe('18 Mar, 09:30 – 18 Mar, 10:30');
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
