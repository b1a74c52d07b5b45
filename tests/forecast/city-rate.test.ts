// The city's expected incidents per window: a short history is not a quiet year, and summer is busier.

import { cellToLatLng, latLngToCell } from 'h3-js';
import { expect, test } from 'vitest';
import { cityRatePerWindow } from '../../src/forecast/city-rate.ts';
import { buildFeatureContext } from '../../src/forecast/features.ts';
import { DAY, tableFrom } from '../../src/forecast/history.ts';
import { buildStudyArea } from '../../src/forecast/study-area.ts';
import { dayWindow, parseShifts } from '../../src/forecast/windows.ts';
import type { LocalDate } from '../../src/time/zone.ts';

const settings = { shifts: parseShifts('06:00-18:00,18:00-06:00'), timeZone: 'UTC' };
const cell = latLngToCell(39.83, -98.58, 9);
const [lat, lon] = cellToLatLng(cell);

/** Ten incidents a day from `from`, twenty a day in July (of every year), to the day before `to`. */
function city(from: string, to: string) {
  const rows: { t: number; cell: string; category: string; lat: number; lon: number }[] = [];
  for (let t = Date.parse(from); t < Date.parse(to); t += DAY) {
    const perDay = new Date(t).getUTCMonth() === 6 ? 20 : 10;
    for (let k = 0; k < perDay; k++) rows.push({ t: t + k * 3_600_000, cell, category: 'theft', lat, lon });
  }
  return tableFrom(rows, 9);
}

const rateOn = (table: ReturnType<typeof city>, date: LocalDate) => {
  const window = dayWindow(date, 'UTC');
  const area = buildStudyArea(table, {
    from: window.start.getTime() - 800 * DAY,
    to: window.start.getTime(),
  });
  return cityRatePerWindow(buildFeatureContext(table, area, 'all', settings, 'day'), window);
};

test('five months of history are five months, not a quiet year', () => {
  const table = city('2024-01-01', '2024-06-01');
  expect(rateOn(table, { year: 2024, month: 6, day: 1 })).toBeCloseTo(10, 5);
});

test('a July after two years of Julys expects a July, and a March a March', () => {
  const table = city('2022-01-01', '2024-07-20');
  const july = rateOn(table, { year: 2024, month: 7, day: 20 });
  const march = rateOn(table, { year: 2024, month: 3, day: 15 });
  // The year's average is about 10.85 a day; the season lifts July towards 20 and keeps March near 10.
  expect(july).toBeGreaterThan(17);
  expect(july).toBeLessThan(21);
  expect(march).toBeGreaterThan(9.5);
  expect(march).toBeLessThan(10.6);
});

test('data that stopped years before the window are measured over their own last year, not read as an empty city', () => {
  // An old extract asked about today: without this, every place would expect nothing.
  const table = city('2022-01-01', '2023-03-01');
  const later = rateOn(table, { year: 2026, month: 11, day: 20 });
  // Its last year: ten a day, twenty in July (about 10.85 a day), with no season guessed across the gap.
  expect(later).toBeGreaterThan(10.5);
  expect(later).toBeLessThan(11.2);
  // Weeks after the data stop (a feed that fell behind), the city's own past year still decides.
  const soon = rateOn(table, { year: 2023, month: 3, day: 15 });
  expect(soon).toBeLessThan(later);
});
