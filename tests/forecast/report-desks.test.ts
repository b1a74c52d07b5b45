// A station's front desk: reports taken there carry the station's address and, most of them, no time
// of day. They say where a report was written, not where anything happened, and are not counted as
// the place's; a nightlife block busy around midnight is no desk.
import { latLngToCell } from 'h3-js';
import { expect, test } from 'vitest';
import { scoreForecast } from '../../src/accuracy/score-forecast.ts';
import { readAudit } from '../../src/audit/audit-log.ts';
import { composeBriefing } from '../../src/briefing/compose.ts';
import { hotspotsJson, hotspotsText } from '../../src/cli/hotspots-format.ts';
import { fairnessForPeriod } from '../../src/fairness/fairness-service.ts';
import { fairnessText } from '../../src/fairness/fairness-text.ts';
import { ensureForecast } from '../../src/forecast/forecast-service.ts';
import { keepDesk, listDesks } from '../../src/forecast/kept-desks.ts';
import { reportDesks } from '../../src/forecast/report-desks.ts';
import { train } from '../../src/forecast/train.ts';
import { windowsBetween } from '../../src/forecast/windows.ts';
import { briefingMapSpec } from '../../src/maps/briefing-map.ts';
import { mapSettings } from '../../src/maps/map-settings.ts';
import { authorised, TEST_FORECAST_SETTINGS as settings, testApi } from '../helpers/api.ts';
import { DATABASE_KINDS, freshDatabase } from '../helpers/databases.ts';
import { importPath, tempFile } from '../helpers/import.ts';
import { shiftLists } from '../helpers/shift-lists.ts';
import { demoConfig } from '../helpers/trained-demo.ts';

const STATION = [41.8745, -87.6305] as const;
const MALL = [41.8925, -87.6245] as const;
const BARS = [41.9105, -87.6512] as const;
const PLACES = Array.from({ length: 20 }, (_, p) => [
  41.8 + 0.012 * (p % 5),
  -87.75 + 0.02 * Math.floor(p / 5),
]);

/** Chicago local time on a day of 2026, timed to the hour as some sources are (summer: -05:00). */
const at = (day: number, hour: number) => new Date(Date.UTC(2026, 3, 1 + day, hour + 5)).toISOString();

/**
 * 200 days of a city timed to the hour, where the source writes 00:00 when it does not know the time:
 * twenty ordinary places (one incident every other day between 03:00 and 22:00, and now and then one
 * of unknown time), a mall busy by day (250), bars busy from 23:00 to 02:00 (600, a third of them
 * really at midnight), and the station: 200 incidents by day and 100 reports at 00:00.
 */
function madeUpCity({ districts = false } = {}): string {
  const lines = [`id,occurred_at,offense,lat,lon${districts ? ',district' : ''}`];
  let id = 0;
  // With districts, the station is Central's only place.
  const add = (day: number, hour: number, offence: string, [lat, lon]: readonly number[]) =>
    lines.push(
      `r${id++},${at(day, hour)},${offence},${lat},${lon}${districts ? `,${lat === STATION[0] ? 'Central' : 'North'}` : ''}`,
    );
  for (let day = 0; day < 200; day++) {
    PLACES.forEach((place, p) => {
      if ((day + p) % 2 === 0) add(day, 3 + ((day * 7 + p) % 20), 'burglary', place);
      if ((day + p) % 40 === 0) add(day, 0, 'burglary', place);
    });
    for (const hour of [23, 24, 25]) add(day, hour, 'assault', BARS);
    add(day, 8 + (day % 5), 'theft', STATION);
    if (day % 2 === 0) add(day, 0, 'theft', STATION);
    add(day, 7 + (day % 6), 'theft', MALL);
    if (day % 4 === 0) add(day, 9, 'theft', MALL);
  }
  return `${lines.join('\n')}\n`;
}

const trainRequest = { algorithm: 'ewma', until: new Date('2026-10-20T05:00:00Z'), holdoutDays: 14 } as const;
const ANALYST = { actorKind: 'cli', actor: 'cli' } as const;

test.each(DATABASE_KINDS)(
  "a station's reports of unknown time are not counted as its crime; the bars' midnight is (%s)",
  async (kind) => {
    const database = await freshDatabase(kind);
    await importPath(database, tempFile('station-city.csv', madeUpCity()));
    const outcome = await train(database, settings, trainRequest);
    // The training names the desk it found, for the analyst (`patrolcast train` prints it).
    // With no address in the file, the place is named by its cell.
    const stationCell = latLngToCell(STATION[0], STATION[1], 9);
    expect(outcome.desks).toEqual([
      { cell: stationCell, place: stationCell, unknown: 100, total: 300, minutes: [0] },
    ]);
    const [dayList, , nightList] = await shiftLists(database, { year: 2026, month: 10, day: 20 });
    const station = latLngToCell(STATION[0], STATION[1], 9);
    const mall = latLngToCell(MALL[0], MALL[1], 9);
    // Counted with its desk's reports the station (300) would lead the day; by its own 200 the mall does.
    expect(dayList[0]!.cell).toBe(mall);
    expect(dayList[1]!.cell).toBe(station);
    expect(dayList[1]!.reasons).toContain(
      '100 more at 00:00, the time given when none is known (33% here, 12% city-wide): reports taken at a desk, not counted',
    );
    expect(dayList[1]!.reasons).toContainEqual(expect.stringMatching(/^200 incidents here on record/));
    expect(nightList[0]!.cell).toBe(latLngToCell(BARS[0], BARS[1], 9));
    expect(nightList[0]!.reasons.join(' ')).not.toMatch(/desk/);
    expect(nightList[0]!.reasons).toContainEqual(expect.stringMatching(/^600 incidents here on record/));

    // Its own 200 are mostly reports taken there too: no list or plan sends a unit to a desk.
    const [dayShift] = windowsBetween(
      'shift',
      { year: 2026, month: 10, day: 20 },
      { year: 2026, month: 10, day: 20 },
      settings,
    );
    const briefingRequest = {
      window: dayShift!,
      category: 'all',
      top: 5,
      units: 3,
      agencyName: 'Station PD',
    } as const;
    const briefing = await composeBriefing(database, settings, briefingRequest);
    expect(briefing.places.map((p) => p.cell)).not.toContain(station);
    expect(briefing.places.map((p) => p.number)).toEqual([1, 3, 4, 5, 6]);
    expect(briefing.zones.flatMap((z) => z.cells)).not.toContain(station);
    expect(briefing.zones.some((z) => !z.general)).toBe(true);
    const text = hotspotsText(briefing);
    expect(text).toContain(
      'Left out: #2, a report desk: most of its records are reports taken there, not crime there.',
    );
    expect(hotspotsJson(briefing).leftOut).toEqual([{ cell: station, rank: 2, why: 'desk' }]);
    // The map does not shade it as a hotspot.
    const spec = await briefingMapSpec(database, mapSettings(demoConfig()), briefing);
    expect(spec.cells.map((c) => c.cell)).toContain(mall);
    expect(spec.cells.map((c) => c.cell)).not.toContain(station);
    // The analyst's GeoJSON gives it no rank, and says why.
    const response = await testApi(database).request('/v1/hotspots.geojson?at=2026-10-20T10:00', {
      headers: authorised(),
    });
    const features = (
      (await response.json()) as { features: { id: string; properties: Record<string, unknown> }[] }
    ).features;
    expect(features.find((f) => f.id === station)!.properties).toMatchObject({
      rank: null,
      left_out: expect.stringMatching(/^a report desk/),
    });

    // An analyst who knows the place is no desk keeps it: lists drawn from the stored forecast send
    // units there at once, at the rank it has...
    // (over the API here, as `patrolcast desks keep` does on the command line).
    const api = testApi(database);
    const desksNow = async (response?: Response) =>
      (
        (await (response ?? (await api.request('/v1/desks', { headers: authorised() }))).json()) as {
          desks: unknown[];
        }
      ).desks;
    expect(await desksNow()).toEqual([{ cell: station, place: station, kept: false }]);
    const put = (cell: string, kept: boolean) =>
      api.request(`/v1/desks/${cell}`, {
        method: 'PUT',
        body: JSON.stringify({ kept }),
        headers: authorised({ 'content-type': 'application/json' }),
      });
    expect(await desksNow(await put(station, true))).toEqual([{ cell: station, place: station, kept: true }]);
    expect(await listDesks(database)).toEqual([{ cell: station, place: station, kept: true }]);
    const kept = await composeBriefing(database, settings, briefingRequest);
    expect(kept.places.map((p) => [p.number, p.cell])).toContainEqual([2, station]);
    expect(kept.leftOut).toEqual([]);
    // Its reasons, from the forecast stored before, no longer say its reports are not counted.
    const keptWords =
      '100 more at 00:00, the time given when none is known (33% here, 12% city-wide): an analyst says this is no report desk, so they count from the next forecast';
    expect(kept.places.find((p) => p.cell === station)!.reasons).toContain(keptWords);
    const keptFeatures = (
      (await (
        await api.request('/v1/hotspots.geojson?at=2026-10-20T10:00', { headers: authorised() })
      ).json()) as { features: { id: string; properties: Record<string, unknown> }[] }
    ).features;
    expect(keptFeatures.find((f) => f.id === station)!.properties).toMatchObject({
      rank: 2,
      reasons: expect.stringContaining(keptWords),
    });
    // ...and a model trained again counts its reports of unknown time: 300 lead the mall's 250.
    const retrained = await train(database, settings, trainRequest);
    expect(retrained.desks).toEqual([]);
    const [keptDay] = await shiftLists(database, { year: 2026, month: 10, day: 20 });
    expect(keptDay[0]!.cell).toBe(station);
    expect(keptDay[0]!.reasons.join(' ')).not.toMatch(/desk/);
    expect(keptDay[0]!.reasons).toContainEqual(expect.stringMatching(/^300 incidents here on record/));
    // Dropped, the forecast judges it again, and finds the desk.
    await keepDesk(database, station, false, ANALYST);
    await expect(keepDesk(database, station, false, ANALYST)).rejects.toThrow(
      `${station} is not a kept place`,
    );
    await expect(keepDesk(database, 'travis', true, ANALYST)).rejects.toThrow(
      "travis is not a place's cell id",
    );
    const refused = await put('travis', true);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ error: 'cell: a cell id is 15 hex digits' });
    expect((await put(station, false)).status).toBe(404);
    expect((await train(database, settings, trainRequest)).desks.map((d) => d.cell)).toEqual([station]);
    const actions = (await readAudit(database, { limit: 20 })).map((e) => `${e.action} ${e.outcome}`);
    expect(actions).toEqual(
      expect.arrayContaining(['desks keep ok', 'desks drop ok', 'desks drop not kept']),
    );
  },
);

test('a heap at the stand-in minute is measured against the same place an hour before and after', () => {
  // Houston's shape: a city with 6% at 00:00, a block of bars (23 of 107 at midnight, more at 23:00
  // and 01:00) and the headquarters (79 of 263 at 00:00, the rest by day).
  const cells: number[] = [];
  const minutes: number[] = [];
  const add = (cell: number, minute: number, n: number) => {
    for (let k = 0; k < n; k++) {
      cells.push(cell);
      minutes.push(minute);
    }
  };
  for (let c = 0; c < 100; c++) {
    add(c, 0, 6);
    for (let h = 3; h < 23; h++) add(c, h * 60, h < 17 ? 5 : 4);
  }
  add(100, 0, 23);
  add(100, 23 * 60, 40);
  add(100, 60, 44);
  add(101, 0, 79);
  add(101, 10 * 60, 184);
  const found = reportDesks(Int32Array.from(cells), Int16Array.from(minutes), new Set([0]), 102);
  expect([...found.desks.keys()]).toEqual([101]);
  expect(found.desks.get(101)).toEqual({ unknown: 79, total: 263 });
  expect(found.notHere.reduce((a, b) => a + b, 0)).toBe(79);
  // A source that gives no times at all has no desk: every place is all "00:00".
  const dated = reportDesks(Int32Array.from(cells), new Int16Array(cells.length), new Set([0]), 102);
  expect(dated.desks.size).toBe(0);
});

test.each(DATABASE_KINDS)(
  'the fairness report and live scores judge the lists as served: no desk flagged, none credited (%s)',
  async (kind) => {
    const database = await freshDatabase(kind);
    await importPath(database, tempFile('station-city.csv', madeUpCity({ districts: true })));
    await train(database, settings, trainRequest);
    const station = latLngToCell(STATION[0], STATION[1], 9);
    const days = { from: { year: 2026, month: 10, day: 6 }, to: { year: 2026, month: 10, day: 12 } };
    // The station is Central's only place. No list sent a unit there, and the report says so.
    const report = await fairnessForPeriod(database, settings, days);
    expect(report.leftOut).toBe(1);
    expect(report.districts.find((d) => d.district === 'Central')).toMatchObject({
      flaggedShare: 0,
      incidents: 10,
    });
    expect(fairnessText(report, settings.fairness, 'Fairness')).toContain(
      'Flagged: the top 5% of places in each of 21 windows, passing over one place lists leave out',
    );
    // The day shift's list is credited with the incidents at the places it sent units to; the
    // station's report that morning is a miss, for the served list and for the simple counts alike.
    const [dayShift] = windowsBetween('shift', days.from, days.from, settings);
    const forecast = await ensureForecast(database, settings, { window: dayShift!, category: 'all' });
    const scored = (await scoreForecast(database, settings, forecast)).methods;
    expect(scored.served!.tallies[5].hits).toBe(2);
    expect(scored.ewma!.tallies[5].hits).toBe(2);
    // Kept by an analyst, the station is a place units are sent to: flagged, and its report a hit.
    await keepDesk(database, station, true, ANALYST);
    const kept = await fairnessForPeriod(database, settings, days);
    expect(kept.leftOut).toBe(0);
    expect(kept.districts.find((d) => d.district === 'Central')!.flaggedShare).toBeGreaterThan(0);
    expect(fairnessText(kept, settings.fairness, 'Fairness')).toContain('in each of 21 windows.');
    const rescored = (await scoreForecast(database, settings, forecast)).methods;
    expect(rescored.served!.tallies[5].hits).toBe(3);
    expect(rescored.ewma!.tallies[5].hits).toBe(3);
  },
);
