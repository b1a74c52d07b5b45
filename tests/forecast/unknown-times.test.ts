// Sources put incidents whose time they do not know at one minute: Houston at 00:00, Los Angeles at
// 12:00 and 00:01. Read as times, those would make a place's noon or night busier than it is.
import { latLngToCell } from 'h3-js';
import { expect, test } from 'vitest';
import { scoreForecast } from '../../src/accuracy/score-forecast.ts';
import { backtest } from '../../src/forecast/backtest.ts';
import { defaultMinutes, MINUTES_PER_DAY } from '../../src/forecast/default-times.ts';
import { ensureForecast } from '../../src/forecast/forecast-service.ts';
import { rankedCells } from '../../src/forecast/forecast-store.ts';
import { tableFrom } from '../../src/forecast/history.ts';
import { train } from '../../src/forecast/train.ts';
import { type ForecastWindow, windowsBetween } from '../../src/forecast/windows.ts';
import { TEST_FORECAST_SETTINGS as settings } from '../helpers/api.ts';
import { DATABASE_KINDS, freshDatabase } from '../helpers/databases.ts';
import { importPath, tempFile } from '../helpers/import.ts';

const counts = (at: Record<number, number>, base = 0) => {
  const c = new Int32Array(MINUTES_PER_DAY).fill(base);
  for (const [m, n] of Object.entries(at)) c[Number(m)] = n;
  return c;
};

test('the minutes that hold unknown times: a heap at midnight, noon or 00:01, never a busy hour', () => {
  // Houston's 2010 file, timed to the hour: 4,938 at 00:00, 2,606 at 01:00, 4,314 at 23:00.
  const houston = [4938, 2606, 2237, 1779, 1257, 1324, 1889, 2943, 3369, 2940, 3137, 3237];
  const evening = [4390, 3613, 3916, 4131, 4105, 4935, 5308, 5047, 4927, 4766, 5206, 4314];
  const hourly = Object.fromEntries([...houston, ...evening].map((n, h) => [h * 60, n]));
  expect([...defaultMinutes(counts(hourly))]).toEqual([0]);
  // Timed to the minute, with round times at every hour and heaps at 12:00 and 00:01.
  const roundHours = Object.fromEntries(Array.from({ length: 24 }, (_, h) => [h * 60, 300]));
  expect([...defaultMinutes(counts({ ...roundHours, 720: 2000, 1: 900 }, 10))].sort((a, b) => a - b)).toEqual(
    [1, 720],
  );
  // A sharp hour that is no default time (a shop's opening) is kept; so is a small heap, and one too
  // small a share of the whole to bend a profile (Chicago's 00:01: 496 of 148,636).
  expect(defaultMinutes(counts({ 600: 2000, 720: 19 }))).toEqual(new Set());
  expect(defaultMinutes(counts({ ...roundHours, 1: 100 }, 10))).toEqual(new Set());
});

const STATION = [41.8755, -87.6244] as const;
const BARS = [41.9105, -87.6512] as const;

/** Chicago local time on a day of 2026 (summer: UTC−5), at an hour and minute. */
const at = (day: number, hour: number, minute: number) =>
  new Date(Date.UTC(2026, 3, 1 + day, hour + 5, minute)).toISOString();

test("a place whose record sits at the source's noon for unknown times is not named busy at noon", async () => {
  const lines = ['id,occurred_at,offense,lat,lon'];
  let id = 0;
  for (let day = 0; day < 200; day++) {
    // Reports taken at a station, timed 12:00 when the time is not known.
    for (let k = 0; k < 3; k++) lines.push(`s${id++},${at(day, 12, 0)},theft,${STATION[0]},${STATION[1]}`);
    // Bars, at night, timed to the minute.
    for (const [h, m] of [
      [22, (day * 7) % 60],
      [23, (day * 11) % 60],
    ])
      lines.push(`b${id++},${at(day, h!, m!)},assault,${BARS[0]},${BARS[1]}`);
    // The rest of the city, around the clock.
    for (let k = 0; k < 4; k++)
      lines.push(
        `q${id++},${at(day, (day * 5 + k * 7) % 24, (day * 13 + k) % 60)},burglary,${41.85 + k * 0.01},${-87.7 + (day % 5) * 0.01}`,
      );
  }
  const database = await freshDatabase('pglite');
  await importPath(database, tempFile('noon-default.csv', `${lines.join('\n')}\n`));
  await train(database, settings, {
    algorithm: 'ewma',
    until: new Date('2026-10-20T05:00:00Z'),
    holdoutDays: 14,
  });
  const [day] = windowsBetween(
    'shift',
    { year: 2026, month: 10, day: 20 },
    { year: 2026, month: 10, day: 20 },
    settings,
  );
  const list = rankedCells(await ensureForecast(database, settings, { window: day!, category: 'all' }));
  const station = list.find((c) => c.cell === latLngToCell(STATION[0], STATION[1], 9))!;
  // No peak hours claimed from times that are not times, and its record is not said to be the day's.
  expect(station.reasons.join('\n')).not.toMatch(/most incidents here 1[12]:00/);
  expect(station.reasons.join('\n')).not.toMatch(/600 of 600 in the 06:00–14:00 shift/);
});

const OFFICES = [41.8827, -87.6233] as const;

test.each(DATABASE_KINDS)(
  'an incident dated only to the day it was reported counts in no shift, even where midnight holds no heap (%s)',
  async (kind) => {
    const lines = ['id,occurred_at,reported_at,offense,lat,lon'];
    let id = 0;
    for (let day = 0; day < 200; day++) {
      // An office block: thefts in working hours; now and then one whose start was not written, so it
      // is dated to the day it was reported. Too few to make 00:00 a heap of unknown times.
      lines.push(`o${id++},${at(day, 8 + (day % 5), (day * 7) % 60)},,theft,${OFFICES[0]},${OFFICES[1]}`);
      if (day % 14 === 0) lines.push(`r${id++},,${at(day, 15, 30)},theft,${OFFICES[0]},${OFFICES[1]}`);
      // Bars, either side of midnight.
      for (const h of [23, 1])
        lines.push(`b${id++},${at(day, h, (day * 11) % 60)},,assault,${BARS[0]},${BARS[1]}`);
      for (let k = 0; k < 4; k++)
        lines.push(
          `q${id++},${at(day, (day * 5 + k * 7) % 24, (day * 13 + k + 1) % 60)},,burglary,${41.85 + k * 0.01},${-87.7 + (day % 5) * 0.01}`,
        );
    }
    const database = await freshDatabase(kind);
    const imported = await importPath(database, tempFile('report-dated.csv', `${lines.join('\n')}\n`));
    expect(imported.accepted).toBe(lines.length - 1);
    await train(database, settings, {
      algorithm: 'ewma',
      until: new Date('2026-10-20T05:00:00Z'),
      holdoutDays: 14,
    });
    const [day, , night] = windowsBetween(
      'shift',
      { year: 2026, month: 10, day: 20 },
      { year: 2026, month: 10, day: 20 },
      settings,
    );
    const office = latLngToCell(OFFICES[0], OFFICES[1], 9);
    const listed = async (window: typeof day) =>
      rankedCells(await ensureForecast(database, settings, { window: window!, category: 'all' })).find(
        (c) => c.cell === office,
      )!;
    const byDay = await listed(day);
    const byNight = await listed(night);
    // Its 200 timed thefts are all in the day shift; the 15 dated to a day are in none.
    expect(byDay.reasons.join('\n')).toMatch(/200 of 200 with a known time in the 06:00–14:00 shift/);
    // By night none is counted, rather than 15 "midnight" thefts.
    expect(byNight.reasons.join('\n')).toMatch(/none of 200 with a known time in the 22:00–06:00 shift/);
  },
);

test('a backtest of shifts scores no shift on an incident dated only to its day; a backtest of days does', async () => {
  const rows = [];
  for (let day = 0; day < 60; day++) {
    rows.push({ t: Date.parse(at(day, 23, 15)), category: 'assault', lat: BARS[0], lon: BARS[1] });
    rows.push({ t: Date.parse(at(day, 10, 40)), category: 'theft', lat: OFFICES[0], lon: OFFICES[1] });
    // Now and then one dated to the day it was reported: local midnight, with no time.
    if (day % 5 !== 0) continue;
    const midnight = Date.parse(at(day, 0, 0));
    rows.push({
      t: midnight,
      category: 'theft',
      lat: OFFICES[0],
      lon: OFFICES[1],
      precision: 'day' as const,
    });
  }
  const table = tableFrom(
    rows.sort((a, b) => a.t - b.t),
    9,
  );
  const scored = async (kind: 'shift' | 'day') =>
    (
      await backtest(table, {
        category: 'all',
        kind,
        from: { year: 2026, month: 5, day: 20 },
        to: { year: 2026, month: 5, day: 26 },
        refitDays: 7,
        trainDays: 365,
        algorithms: ['ewma'],
        settings,
      })
    ).incidents;
  // Seven days of one theft by day and one assault by night; the two dated thefts are in no shift.
  expect(await scored('shift')).toBe(14);
  expect(await scored('day')).toBe(16);
});

test.each(DATABASE_KINDS)(
  "a served night shift's live score counts no incident dated only to its day; the day's score does (%s)",
  async (kind) => {
    const lines = ['id,occurred_at,reported_at,offense,lat,lon'];
    let id = 0;
    for (let day = 0; day < 60; day++) {
      lines.push(`o${id++},${at(day, 10, (day * 7) % 60)},,theft,${OFFICES[0]},${OFFICES[1]}`);
      lines.push(`b${id++},${at(day, 23, (day * 11) % 60)},,assault,${BARS[0]},${BARS[1]}`);
    }
    const database = await freshDatabase(kind);
    await importPath(database, tempFile(`served-history-${kind}.csv`, `${lines.join('\n')}\n`));
    // Served before 31 May's night shift and before 1 June, as the morning's briefing would be: a model
    // for shifts, then one for days (two incidents a day are too few to judge either, hence force).
    const until = new Date(at(60, 0, 0));
    const serve = async (window: ForecastWindow) => {
      await train(database, settings, {
        algorithm: 'ewma',
        kind: window.kind,
        until,
        holdoutDays: 14,
        force: true,
      });
      return ensureForecast(database, settings, { window, category: 'all' });
    };
    const [, , night] = windowsBetween(
      'shift',
      { year: 2026, month: 5, day: 31 },
      { year: 2026, month: 5, day: 31 },
      settings,
    );
    const [june1] = windowsBetween(
      'day',
      { year: 2026, month: 6, day: 1 },
      { year: 2026, month: 6, day: 1 },
      settings,
    );
    const servedNight = await serve(night!);
    const servedDay = await serve(june1!);

    // The night: two assaults at the bars, timed. Three thefts at the offices have no start written
    // and were reported on 1 June: dated to that day, at its local midnight, inside the night shift.
    const happened = ['id,occurred_at,reported_at,offense,lat,lon'];
    happened.push(`n1,${at(60, 23, 15)},,assault,${BARS[0]},${BARS[1]}`);
    happened.push(`n2,${at(61, 1, 30)},,assault,${BARS[0]},${BARS[1]}`);
    for (let k = 0; k < 3; k++) happened.push(`d${k},,${at(61, 9 + k, 5)},theft,${OFFICES[0]},${OFFICES[1]}`);
    const stored = await importPath(
      database,
      tempFile(`served-night-${kind}.csv`, `${happened.join('\n')}\n`),
    );
    expect(stored.accepted).toBe(5);

    // The night is scored on what happened in it; the thefts belong to 1 June, not to its small hours.
    expect((await scoreForecast(database, settings, servedNight)).incidents).toBe(2);
    expect((await scoreForecast(database, settings, servedDay)).incidents).toBe(4);
  },
);
