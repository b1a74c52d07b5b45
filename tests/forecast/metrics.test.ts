import { describe, expect, test } from 'vitest';
import { newTallies, rankCells, summarise, tallyWindow } from '../../src/forecast/metrics.ts';

describe('hotspot metrics, worked by hand', () => {
  // 100 cells of 1 km², except cells 0 and 1 of 2 km² (102 km² in all).
  const area = Float64Array.from({ length: 100 }, (_, i) => (i < 2 ? 2 : 1));
  const total = 102;

  test('hit rate, PAI, PEI*, precision and recall at 1, 2, 5 and 10%', () => {
    // Scores rank cells 0, 1, 2, ... 99 in that order.
    const scores = Float64Array.from({ length: 100 }, (_, i) => 100 - i);
    // What happened: 3 in cell 0, 1 in cell 3, 2 in cell 50, 1 in cell 99, and 2 outside the area.
    const actual = new Float64Array(100);
    actual[0] = 3;
    actual[3] = 1;
    actual[50] = 2;
    actual[99] = 1;
    const tallies = newTallies();
    tallyWindow(tallies, rankCells(scores), actual, 2, area, total);
    const m = summarise(tallies);
    // 9 incidents in all, 2 of them outside the study area (misses).
    // 1% = 1 cell (cell 0): 3 hits; 2 km² of 102.
    expect(m.hr[1]).toBeCloseTo(3 / 9, 4);
    expect(m.pai[1]).toBeCloseTo(3 / 9 / (2 / 102), 3);
    expect(m.pei[1]).toBeCloseTo(3 / 3, 4);
    expect(m.precision[1]).toBe(1);
    expect(m.recall[1]).toBeCloseTo(1 / 4, 4);
    // 2% = cells 0 and 1: still 3 hits; 4 km²; the best two cells could have caught 3 + 2 = 5.
    expect(m.hr[2]).toBeCloseTo(3 / 9, 4);
    expect(m.pai[2]).toBeCloseTo(3 / 9 / (4 / 102), 3);
    expect(m.pei[2]).toBeCloseTo(3 / 5, 4);
    expect(m.precision[2]).toBeCloseTo(1 / 2, 4);
    // 5% = cells 0–4: 3 + 1 = 4 hits; 7 km²; best five: 3 + 2 + 1 + 1 = 7.
    expect(m.hr[5]).toBeCloseTo(4 / 9, 4);
    expect(m.pai[5]).toBeCloseTo(4 / 9 / (7 / 102), 3);
    expect(m.pei[5]).toBeCloseTo(4 / 7, 4);
    expect(m.precision[5]).toBeCloseTo(2 / 5, 4);
    expect(m.recall[5]).toBeCloseTo(2 / 4, 4);
    // 10% = cells 0–9: the same 4 hits over 12 km².
    expect(m.hr[10]).toBeCloseTo(4 / 9, 4);
    expect(m.pai[10]).toBeCloseTo(4 / 9 / (12 / 102), 3);
  });

  test('windows are pooled: all hits over all incidents', () => {
    const scores = Float64Array.from({ length: 100 }, (_, i) => 100 - i);
    const tallies = newTallies();
    const first = new Float64Array(100);
    first[0] = 1;
    const second = new Float64Array(100);
    second[60] = 3;
    tallyWindow(tallies, rankCells(scores), first, 0, area, total);
    tallyWindow(tallies, rankCells(scores), second, 0, area, total);
    expect(summarise(tallies).hr[5]).toBeCloseTo(1 / 4, 4);
  });

  test('ties go to the lower cell number, so a ranking never depends on chance', () => {
    expect([...rankCells([1, 5, 5, 0, 5])]).toEqual([1, 2, 4, 0, 3]);
  });
});
