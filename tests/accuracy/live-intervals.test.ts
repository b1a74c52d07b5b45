// A month's report with few scored days or few incidents: its intervals say how little is known, not
// a false certainty ("100.0% (95% 100.0%–100.0%) of 2").
import { expect, test } from 'vitest';
import { liveFigures } from '../../src/accuracy/live-accuracy.ts';
import type { ScoredWindow } from '../../src/accuracy/live-scores.ts';
import { figuresLine } from '../../src/accuracy/monthly-text.ts';
import { COVERAGES, type Coverage, type Tally } from '../../src/forecast/metrics.ts';

const tallies = (hits: number, incidents: number) =>
  Object.fromEntries(
    COVERAGES.map((c) => [
      c,
      {
        hits,
        incidents,
        bestPossible: incidents,
        flaggedArea: c,
        totalArea: 100,
        flagged: c,
        flaggedWithIncident: Math.min(hits, c),
        cellsWithIncident: incidents,
        windows: 1,
      },
    ]),
  ) as Record<Coverage, Tally>;

/** A day window of 1 October plus `day`, its incidents, and how many the served list and the ewma caught. */
const scored = (
  day: number,
  incidents: number,
  served: number,
  ewma: number,
  byCategory?: Record<string, { incidents: number; hits: number }>,
): ScoredWindow => ({
  forecastId: day + 1,
  windowStart: new Date(Date.UTC(2026, 9, 1 + day, 5)),
  windowEnd: new Date(Date.UTC(2026, 9, 2 + day, 5)),
  windowKind: 'day',
  category: 'all',
  modelVersion: 1,
  algorithm: 'ewma',
  incidents,
  methods: {
    served: {
      tallies: tallies(served, incidents),
      top: { observed: 3, expected: 3 },
      ...(byCategory ? { byCategory } : {}),
    },
    ewma: { tallies: tallies(ewma, incidents), top: { observed: 3, expected: 3 } },
  },
});

test('one scored day: the hit rate has the interval its counts allow, and no ratio is given an interval', () => {
  const figures = liveFigures(
    [scored(0, 40, 20, 19, { theft: { incidents: 38, hits: 18 }, homicide: { incidents: 2, hits: 2 } })],
    'America/Chicago',
  )!;
  expect(figures.served.ratio).toBe(0.5);
  // 20 caught of 40: roughly 35% to 65%, where resampling the one day gave 50%–50%.
  expect(figures.served.low).toBeLessThan(0.36);
  expect(figures.served.high).toBeGreaterThan(0.64);
  // Two homicides, both caught, are far from proof of 100%.
  expect(figures.byCategory.homicide).toMatchObject({ ratio: 1, high: 1 });
  expect(figures.byCategory.homicide!.low).toBeLessThan(0.4);
  expect(Number.isNaN(figures.against.ewma!.low)).toBe(true);
  expect(figuresLine(figures)).toContain('1.05× (1 day: too few for an interval) the weighted count (ewma)');
});

test('a month of scored days: the ratio against the weighted count has its interval again', () => {
  const windows = Array.from({ length: 20 }, (_, day) => scored(day, 50, 25 + (day % 3), 24));
  const figures = liveFigures(windows, 'America/Chicago')!;
  const ratio = figures.against.ewma!;
  expect(ratio.low).toBeLessThan(ratio.ratio);
  expect(ratio.high).toBeGreaterThan(ratio.ratio);
  expect(figuresLine(figures)).toMatch(/1\.08× \(95% 1\.\d\d–1\.\d\d\) the weighted count \(ewma\)/);
  // With a thousand incidents the counts' own interval is narrow: about ±3 points around 52%.
  expect(figures.served.high - figures.served.low).toBeLessThan(0.08);
});
