// The city's share of incidents in a window's shift and weekday (a feature of every training row) is
// read from running counts; it must equal a count over the year before the window, whether the history
// ends on one of the counts' checkpoints (every 64th row) or between them.
import { latLngToCell } from 'h3-js';
import { expect, test } from 'vitest';
import { buildFeatureContext, windowContext } from '../../src/forecast/features.ts';
import { categoryNumber, DAY, type IncidentTable } from '../../src/forecast/history.ts';
import { buildStudyArea } from '../../src/forecast/study-area.ts';
import { parseShifts, windowsBetween } from '../../src/forecast/windows.ts';
import { createRandom } from '../../src/random.ts';

const SETTINGS = { timeZone: 'America/Chicago', shifts: parseShifts('06:00-14:00,14:00-22:00,22:00-06:00') };
const START = Date.UTC(2025, 0, 1);

function table(rows: number): IncidentTable {
  const random = createRandom(rows);
  const cells = [0, 1, 2, 3, 4].map((k) => latLngToCell(41.85 + k * 0.01, -87.65, 9)).sort();
  const time = Float64Array.from({ length: rows }, () => START + random.next() * 540 * DAY).sort();
  // Midnight exactly for a heap of them, as sources do for unknown times.
  for (let i = 0; i < rows; i += 5) time[i] = Math.floor(time[i]! / DAY) * DAY + 6 * 3_600_000;
  time.sort();
  return {
    time,
    cell: Int32Array.from({ length: rows }, () => Math.floor(random.next() * cells.length)),
    category: Uint8Array.from({ length: rows }, () =>
      categoryNumber(random.next() < 0.6 ? 'theft' : 'assault'),
    ),
    cells,
    cellIndex: new Map(cells.map((c, i) => [c, i])),
    resolution: 9,
    demo: false,
    fingerprint: `test-${rows}`,
    precision: 'hour',
  };
}

test.each([128, 131, 640, 1000])(
  'the city shares of %i incidents equal a count of the year before each window',
  (rows) => {
    const t = table(rows);
    const area = buildStudyArea(t, { from: START, to: START + 540 * DAY });
    for (const category of ['all', 'theft'] as const)
      for (const kind of ['shift', 'day'] as const) {
        const ctx = buildFeatureContext(t, area, category, SETTINGS, kind);
        const windows = [
          ...windowsBetween(
            kind,
            { year: 2025, month: 3, day: 1 },
            { year: 2025, month: 3, day: 3 },
            SETTINGS,
          ),
          ...windowsBetween(
            kind,
            { year: 2026, month: 6, day: 25 },
            { year: 2026, month: 6, day: 26 },
            SETTINGS,
          ),
        ];
        for (const window of windows) {
          const t0 = window.start.getTime();
          let total = 0;
          let inSlot = 0;
          let onWeekday = 0;
          const { start, times } = ctx.target;
          for (let c = 0; c < t.cells.length; c++)
            for (let k = start[c]!; k < start[c + 1]!; k++) {
              if (times[k]! < t0 - 365 * DAY || times[k]! >= t0) continue;
              total++;
              if (ctx.slot[k] === window.slot) inSlot++;
              if (ctx.weekday[k] === window.weekday) onWeekday++;
            }
          const shares = windowContext(ctx, window);
          expect(shares.citySlotShare).toBe(((inSlot + 1) / (total + ctx.slots)) * ctx.slots);
          expect(shares.cityWeekdayShare).toBe(((onWeekday + 1) / (total + 7)) * 7);
        }
      }
  },
);
