import { cellToLatLng, gridDiskDistances, gridDistance, latLngToCell } from 'h3-js';
import { describe, expect, test } from 'vitest';
import { buildFeatureContext } from '../../src/forecast/features.ts';
import { DAY, tableFrom } from '../../src/forecast/history.ts';
import { ewma, naive, prospectiveScores } from '../../src/forecast/models/baselines.ts';
import { buildStudyArea } from '../../src/forecast/study-area.ts';
import { dayWindow, parseShifts } from '../../src/forecast/windows.ts';

const settings = { shifts: parseShifts('06:00-18:00,18:00-06:00'), timeZone: 'UTC' };
const centre = latLngToCell(39.83, -98.58, 9);
const [, ring1 = [], ring2 = []] = gridDiskDistances(centre, 2);
const window = dayWindow({ year: 2026, month: 6, day: 1 }, 'UTC');
const t0 = window.start.getTime();

function table(events: [cell: string, daysAgo: number][]) {
  const rows = events
    .map(([cell, daysAgo]) => {
      const [lat, lon] = cellToLatLng(cell);
      return { t: t0 - daysAgo * DAY, cell, category: 'burglary', lat, lon };
    })
    .sort((a, b) => a.t - b.t);
  // A year-old incident far away opens the history and the study area.
  const [lat, lon] = cellToLatLng(ring2[0]!);
  return tableFrom([{ t: t0 - 400 * DAY, cell: ring2[0]!, category: 'theft', lat, lon }, ...rows], 9);
}

describe('prospective hotspotting (Bowers, Johnson & Pease 2004)', () => {
  test('sums 1 / ((1 + cell steps)(1 + whole weeks)) over incidents within 8 cells and 8 weeks', () => {
    const t = table([
      [centre, 1], // here, this week: 1 / (1 · 1)
      [ring1[0]!, 10], // one step, week 1: 1 / (2 · 2)
      [ring2[3]!, 20], // two steps, week 2: 1 / (3 · 3)
      [ring1[2]!, 60], // week 8: beyond the eight weeks
    ]);
    const area = buildStudyArea(t, { from: t0 - 500 * DAY, to: t0 });
    const ctx = buildFeatureContext(t, area, 'all', settings, 'day');
    const scores = prospectiveScores(ctx, window);
    const here = area.index.get(centre)!;
    // The year-old theft (two steps away, week 57) is out of range too.
    expect(scores[here]).toBeCloseTo(1 + 1 / 4 + 1 / 9, 10);
    // Seen from the neighbour that had the week-1 incident: its own (0 steps), the centre's (1 step)
    // and the two-step one, however far it is from there.
    const neighbour = area.index.get(ring1[0]!)!;
    const d = gridDistance(ring1[0]!, ring2[3]!);
    expect(scores[neighbour]).toBeCloseTo(1 / (1 * 2) + 1 / (2 * 1) + 1 / ((1 + d) * 3), 10);
  });

  test('naive counts the cell’s incidents of the last year, and nothing older', () => {
    const t = table([
      [centre, 1],
      [centre, 200],
      [centre, 370],
    ]);
    const area = buildStudyArea(t, { from: t0 - 500 * DAY, to: t0 });
    const ctx = buildFeatureContext(t, area, 'all', settings, 'day');
    const [detail] = naive().explain(ctx, window, area.index.get(centre)!);
    expect(detail).toMatchObject({ feature: 'n_365d', value: 2 });
  });

  test('ewma weighs every earlier incident of the cell by its age: a year-old one half, none from the future', () => {
    const t = table([
      [centre, 0.000001],
      [centre, 365],
      [centre, 730],
      [ring1[0]!, 365],
    ]);
    const area = buildStudyArea(t, { from: t0 - 800 * DAY, to: t0 });
    const ctx = buildFeatureContext(t, area, 'all', settings, 'day');
    const model = ewma(365);
    const raw = model.score(ctx, window);
    const here = raw[area.index.get(centre)!]!;
    const neighbour = raw[area.index.get(ring1[0]!)!]!;
    // Expected counts are on the city's scale; their ratio is the weights': (1 + 1/2 + 1/4) to 1/2.
    expect(here / neighbour).toBeCloseTo(1.75 / 0.5, 4);
    const reasons = model.explain(ctx, window, area.index.get(centre)!);
    expect(reasons.map((r) => [r.feature, r.value])).toEqual([
      ['n_on_record', 3],
      // The past year reaches back to the same instant a year ago.
      ['n_365d', 2],
    ]);
  });
});
