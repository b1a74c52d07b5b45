// A backtest refits every week on windows that mostly overlap the last fit's; the rows it carries over
// from the last training set must be exactly the rows it would have computed.
import { expect, test } from 'vitest';
import { generateDemoIncidents } from '../../src/demo/generate.ts';
import { trainingWindows } from '../../src/forecast/backtest.ts';
import { buildFeatureContext } from '../../src/forecast/features.ts';
import { DAY, tableFrom } from '../../src/forecast/history.ts';
import { RowMemo } from '../../src/forecast/row-memo.ts';
import { buildStudyArea } from '../../src/forecast/study-area.ts';
import { buildTrainingSet } from '../../src/forecast/training-set.ts';
import { dayWindow, parseShifts } from '../../src/forecast/windows.ts';

const settings = { shifts: parseShifts('06:00-14:00,14:00-22:00,22:00-06:00'), timeZone: 'America/Chicago' };
const table = tableFrom(
  generateDemoIncidents({
    days: 400,
    seed: 5,
    end: { year: 2026, month: 6, day: 1 },
    timeZone: settings.timeZone,
  })
    .map((d) => ({ t: d.occurredAt.getTime(), category: d.category, lat: d.lat, lon: d.lon }))
    .sort((a, b) => a.t - b.t),
  9,
);
const sampling = { negativesPerPositive: 1, maxRows: 20_000, seed: 3 };

function trainingAt(day: number, kind: 'day' | 'shift', memo?: RowMemo) {
  const origin = dayWindow({ year: 2026, month: 5, day }, settings.timeZone).start.getTime();
  // Each week's study area is its own: cells are numbered afresh.
  const area = buildStudyArea(table, { from: origin - 300 * DAY, to: origin });
  const ctx = buildFeatureContext(table, area, 'all', settings, kind);
  return buildTrainingSet(ctx, trainingWindows(table, kind, origin, 300, settings), sampling, memo);
}

for (const kind of ['day', 'shift'] as const) {
  test(`weekly refits of ${kind} windows carry rows over unchanged`, () => {
    const memo = new RowMemo();
    trainingAt(6, kind, memo);
    const carried = trainingAt(13, kind, memo);
    const computed = trainingAt(13, kind);
    // Most rows of the later week were the earlier week's.
    expect(memo.carried).toBeGreaterThan(carried.positives / 2);
    expect(carried.n).toBe(computed.n);
    expect(carried.x).toEqual(computed.x);
    expect(carried.y).toEqual(computed.y);
    expect(carried.negativeWeight).toBe(computed.negativeWeight);
  });
}
