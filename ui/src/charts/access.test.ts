import { describe, expect, it } from 'vitest';
import { cursorStops, readoutTable, stepCursor } from './access';
import type { ChartModel } from './model';

describe('stepCursor', () => {
  const stops = [1, 2, 4, 7];

  it('starts at the first point with → and Home, at the last with ← and End', () => {
    expect(stepCursor(stops, null, 'ArrowRight')).toBe(1);
    expect(stepCursor(stops, null, 'Home')).toBe(1);
    expect(stepCursor(stops, null, 'ArrowLeft')).toBe(7);
    expect(stepCursor(stops, null, 'End')).toBe(7);
  });

  it('moves one point at a time, skipping indices with nothing to read, and stops at the ends', () => {
    expect(stepCursor(stops, 2, 'ArrowRight')).toBe(4);
    expect(stepCursor(stops, 4, 'ArrowLeft')).toBe(2);
    expect(stepCursor(stops, 7, 'ArrowRight')).toBe(7);
    expect(stepCursor(stops, 1, 'ArrowLeft')).toBe(1);
    expect(stepCursor(stops, 1, 'PageDown')).toBe(7);
  });

  it('ignores other keys', () => {
    expect(stepCursor(stops, 2, 'a')).toBeUndefined();
    expect(stepCursor([], null, 'Enter')).toBeUndefined();
    expect(stepCursor([], null, 'ArrowRight')).toBeNull();
  });
});

describe('readoutTable', () => {
  const model: ChartModel = {
    options: { series: [] },
    data: [
      [10, 20, 30],
      [70, null, 71],
    ],
    readout: (i) =>
      i === 1
        ? null
        : {
            title: `Day ${String(i)}`,
            rows: [
              { label: i === 2 ? 'Mean of 3' : 'Weight', column: 'Weight', value: `${String(70 + i / 2)} kg` },
              ...(i === 2 ? [{ label: '7-day average', value: '70.5 kg' }] : []),
            ],
          },
  };

  it('has a row per point with a readout and a column per series, same text as the readout', () => {
    expect(cursorStops(model)).toEqual([0, 2]);
    expect(cursorStops(model, 15, 40)).toEqual([2]);
    expect(readoutTable(model)).toEqual({
      columns: ['Weight', '7-day average'],
      rows: [
        { title: 'Day 0', cells: ['70 kg', '—'] },
        { title: 'Day 2', cells: ['Mean of 3: 71 kg', '70.5 kg'] },
      ],
    });
  });
});
