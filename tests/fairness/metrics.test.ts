// The fairness measures against examples worked by hand.
import { describe, expect, test } from 'vitest';
import { gini, jaccard } from '../../src/fairness/concentration.ts';
import { FairnessTally } from '../../src/fairness/fairness-tally.ts';
import { fairnessWarnings } from '../../src/fairness/warnings.ts';
import type { ForecastWindow } from '../../src/forecast/windows.ts';

describe('concentration', () => {
  test('Gini is 0 for an even spread, (n−1)/n when one place has everything, and 0.75 for 0,0,0,1', () => {
    expect(gini([3, 3, 3, 3])).toBe(0);
    expect(gini([0, 0, 0, 5])).toBeCloseTo(0.75, 12);
    expect(gini([0, 0, 0, 0, 0, 0, 0, 0, 0, 1])).toBeCloseTo(0.9, 12);
    // 1, 2, 3, 4: (2·(1+4+9+16))/(4·10) − 5/4 = 0.25
    expect(gini([4, 1, 3, 2])).toBeCloseTo(0.25, 12);
    expect(gini([])).toBe(0);
    expect(gini([0, 0])).toBe(0);
  });

  test('Jaccard is what two sets share over what they hold together', () => {
    expect(jaccard(new Set(['a', 'b']), new Set(['b', 'c']))).toBeCloseTo(1 / 3, 12);
    expect(jaccard(new Set(['a']), new Set(['a']))).toBe(1);
    expect(jaccard(new Set(['a']), new Set(['b']))).toBe(0);
    expect(jaccard(new Set(), new Set())).toBe(1);
  });
});

const shift = (date: string, slot = 0): ForecastWindow => {
  const start = new Date(`${date}T06:00:00Z`);
  return {
    kind: 'shift',
    start,
    end: new Date(start.getTime() + 8 * 3_600_000),
    date,
    slot,
    weekday: start.getUTCDay(),
    label: date,
  };
};

describe('the fairness tally', () => {
  // 40 cells: 5% flags two a window. A and B are in North, C and D in South, the rest in no district.
  const cells = [
    'A',
    'B',
    'C',
    'D',
    ...Array.from({ length: 36 }, (_, i) => `x${String(i).padStart(2, '0')}`),
  ];
  const ranked = (...top: string[]) =>
    Int32Array.from([...top, ...cells.filter((c) => !top.includes(c))].map((c) => cells.indexOf(c)));
  const counts = (by: Record<string, number>) => cells.map((c) => by[c] ?? 0);
  const district = (cell: string) => ({ A: 'North', B: 'North', C: 'South', D: 'South' })[cell];

  const tally = new FairnessTally();
  // Day 1: A and B flagged; 2 incidents in A, 1 in D. Day 2: B and C flagged; 1 in C, 1 in D, 1 outside.
  tally.add(shift('2026-03-02'), cells, ranked('A', 'B'), counts({ A: 2, D: 1 }), 0);
  tally.add(shift('2026-03-03'), cells, ranked('B', 'C'), counts({ C: 1, D: 1 }), 1);
  const report = tally.report(district);

  test('flagged hours, persistence and the hit rate', () => {
    expect(report.windows).toBe(2);
    expect(report.hours).toBe(16);
    expect(report.flaggedPerWindow).toBe(2);
    expect(report.distinctFlagged).toBe(3);
    // A 8 h, B 16 h, C 8 h, 37 cells 0 h: 2·(38·8 + 39·8 + 40·16)/(40·32) − 41/40 = 0.9375.
    expect(report.gini).toBeCloseTo(0.9375, 12);
    // {A,B} then {B,C}: one shared of three.
    expect(report.persistence).toBeCloseTo(1 / 3, 12);
    // 3 of 6 incidents (the one outside the study area is a miss).
    expect(report.hitRate).toBe(0.5);
    expect(report.incidents).toBe(6);
  });

  test('each district: share of flagged hours against share of incidents, and its hit rate', () => {
    expect(report.districts).toEqual([
      // South: 8 of 32 flagged hours, 3 of the 5 incidents in the study area, 1 of its 3 caught.
      {
        district: 'South',
        flaggedShare: 0.25,
        incidentShare: 0.6,
        ratio: expect.closeTo(0.25 / 0.6, 12),
        hitRate: expect.closeTo(1 / 3, 12),
        incidents: 3,
        cells: 2,
      },
      // North: 24 of 32 flagged hours, 2 of 5 incidents, both caught.
      {
        district: 'North',
        flaggedShare: 0.75,
        incidentShare: 0.4,
        ratio: expect.closeTo(1.875, 12),
        hitRate: 1,
        incidents: 2,
        cells: 2,
      },
    ]);
  });

  test('limits turn into warnings, and only past them', () => {
    expect(fairnessWarnings(report, { maxGini: 0.95, maxPersistence: 0.9, maxDistrictRatio: 2 })).toEqual([]);
    expect(fairnessWarnings(report, { maxGini: 0.9, maxPersistence: 0.3, maxDistrictRatio: 1.5 })).toEqual([
      'flagged hours are concentrated on few places (Gini 0.938, limit 0.9)',
      'the same places are flagged day after day (33% overlap, limit 30%): patrols there find more, which keeps them on the list',
      'district North has 75% of flagged hours but 40% of reported incidents (1.9×, limit 1.5×)',
    ]);
  });
});
