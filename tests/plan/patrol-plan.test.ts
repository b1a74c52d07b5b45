// A patrol plan a supervisor can hand out: units by district, compact areas apart from each other, a
// mission per unit, and the same plan in the text, the map and the JSON.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { plainText } from '../../src/bot/message.ts';
import { type Briefing, composeBriefing } from '../../src/briefing/compose.ts';
import { briefingMessage } from '../../src/briefing/message.ts';
import { hotspotsJson } from '../../src/cli/hotspots-format.ts';
import type { Database } from '../../src/db/client.ts';
import { windowsBetween } from '../../src/forecast/windows.ts';
import { districtsOf } from '../../src/geo/districts.ts';
import { briefingMapSpec } from '../../src/maps/briefing-map.ts';
import { frame, numberedOf } from '../../src/maps/frame.ts';
import { mapSettings } from '../../src/maps/map-settings.ts';
import { metres } from '../../src/plan/compact-areas.ts';
import { listUnitCounts, setUnitCount } from '../../src/plan/unit-counts.ts';
import { TEST_FORECAST_SETTINGS as settings } from '../helpers/api.ts';
import { demoConfig, sharedTrainedDemo } from '../helpers/trained-demo.ts';

let database: Database;
let dispose: () => Promise<void>;

beforeAll(async () => {
  ({ database, dispose } = await sharedTrainedDemo('pglite'));
}, 120_000);
afterAll(async () => {
  await dispose?.();
});

const shifts = windowsBetween(
  'shift',
  { year: 2026, month: 6, day: 1 },
  { year: 2026, month: 6, day: 1 },
  settings,
);
const compose = (
  window: (typeof shifts)[number],
  units = 4,
  more: Partial<Parameters<typeof composeBriefing>[2]> = {},
) =>
  composeBriefing(database, settings, {
    window,
    category: 'all',
    top: 10,
    units,
    agencyName: 'Demo PD',
    ...more,
  });

test('demo city: in every shift no two units start within 500 m, and every mission names a crime type, hours and stops', async () => {
  for (const window of shifts) {
    const b = await compose(window, 6);
    const starts = b.zones.flatMap((z) => (z.centre ? [z.centre] : []));
    expect(starts.length).toBeGreaterThan(2);
    for (const [i, a] of starts.entries())
      for (const c of starts.slice(i + 1)) expect(metres(a, c)).toBeGreaterThanOrEqual(500);
    for (const z of b.zones.filter((u) => !u.general)) {
      expect(z.mission).toMatchObject({
        lookFor: expect.stringMatching(/^[a-z ]+$/),
        hours: expect.stringMatching(/^\d\d:00–\d\d:00$/),
        visits: expect.any(Number),
        minutes: 15,
      });
      // The hours lie inside the shift.
      const [from] = z.mission!.hours!.split('–').map((h) => Number(h.slice(0, 2)));
      const start = window.start.getUTCHours() - 5;
      expect((from! - start + 24) % 24 < 8).toBe(true);
    }
  }
});

test('a rare crime with no area worth a visit: one line says general patrol for every unit, and why', async () => {
  const b = await compose(shifts[2]!, 4, { category: 'burglary', top: 5 });
  expect(b.zones).toHaveLength(4);
  expect(b.zones.every((z) => z.general)).toBe(true);
  // The list still ranks places, against a typical one.
  expect(b.places.length).toBeGreaterThan(0);
  const lines = plainText(briefingMessage(b)).split('\n');
  const at = lines.indexOf('4 units:');
  expect(lines.slice(at, at + 3)).toEqual([
    '4 units:',
    '  General patrol for each: no area of nearby places expects 0.1 incidents or more in this shift',
    '',
  ]);
});

test('more units than areas worth a visit: the units left over share one line, which says why', async () => {
  const b = await compose(shifts[2]!, 4, { category: 'vehicle_theft' });
  const general = b.zones.filter((z) => z.general);
  expect(general.length).toBeGreaterThan(1);
  expect(general.length).toBeLessThan(b.zones.length);
  const lines = plainText(briefingMessage(b)).split('\n');
  const said = lines.filter((l) => l.includes('general patrol'));
  expect(said).toEqual([
    `  ${general.map((z) => `Z${z.zone}`).join(', ')}: general patrol, no other area expects 0.1 incidents or more`,
  ]);
  // It comes after the units sent somewhere, each with its route.
  expect(lines.indexOf(said[0]!)).toBeGreaterThan(lines.findIndex((l) => /^ {2}Z1: look for /.test(l)));
});

test('units set in three districts: each unit plans inside its district, its places within 3 km; text, map and JSON agree', async () => {
  const audit = { actorKind: 'cli' as const, actor: 'cli' };
  for (const district of ['East', 'Central', 'West'])
    await setUnitCount(database, { district, shift: null, units: 2 }, audit);
  // The night has one more car in the East.
  await setUnitCount(database, { district: 'East', shift: '22:00-06:00', units: 3 }, audit);
  try {
    const night = await compose(shifts[2]!);
    const b: Briefing = night;
    expect(b.zones.map((z) => z.district).sort()).toEqual([
      'Central',
      'Central',
      'East',
      'East',
      'East',
      'West',
      'West',
    ]);
    for (const z of b.zones) {
      for (const s of z.stops) {
        for (const t of z.stops) expect(metres(s, t)).toBeLessThanOrEqual(3000);
      }
    }
    // Every stop is in its unit's district, as the incidents name it.
    const districts = await districtsOf(
      database,
      b.zones.flatMap((z) => z.cells),
    );
    for (const z of b.zones) for (const cell of z.cells) expect(districts.get(cell)).toBe(z.district);
    // The day keeps two in the East.
    const day = await compose(shifts[0]!);
    expect(day.zones.filter((z) => z.district === 'East')).toHaveLength(2);

    // One plan, three renderings: the same units and places in the text, the JSON and the map.
    const text = plainText(briefingMessage(b));
    const json = JSON.parse(JSON.stringify(hotspotsJson(b)));
    const spec = await briefingMapSpec(database, mapSettings(demoConfig()), b);
    const units = b.zones.filter((z) => !z.general);
    expect(json.zones.map((z: { zone: number; cells: string[] }) => [z.zone, z.cells])).toEqual(
      b.zones.map((z) => [z.zone, z.cells]),
    );
    expect(spec.zones.map((z) => [z.zone, z.cells])).toEqual(units.map((z) => [z.zone, z.cells]));
    for (const z of units) {
      const line = text.split('\n').findIndex((l) => l.startsWith(`  Z${z.zone} (${z.district}): look for `));
      expect(line).toBeGreaterThan(-1);
      const route = text.split('\n')[line + 1]!.trim().split(' → ');
      expect(route).toHaveLength(z.stops.length);
      // A stop is named by its block, or by its whole name where another stop shares the block.
      const blocks = z.stops.map((s) => s.label.split(', near ')[0]!);
      route.forEach((name, i) => {
        const stop = z.stops[i]!;
        const street = blocks.filter((b) => b === blocks[i]).length > 1 ? stop.label : blocks[i];
        expect(name).toBe(
          stop.number !== null && i > 0
            ? `#${stop.number}`
            : `${stop.number !== null ? `#${stop.number} ` : ''}${street}`,
        );
      });
    }
    expect(await listUnitCounts(database)).toHaveLength(4);
  } finally {
    for (const [district, shift] of [
      ['East', null],
      ['Central', null],
      ['West', null],
      ['East', '22:00-06:00'],
    ] as const)
      await setUnitCount(database, { district, shift, units: 0 }, audit);
  }
});

test("a district's map badges every listed place by its number in the list, even places below the city's shaded top", async () => {
  const b = await compose(shifts[2]!, 2, { top: 25, district: 'North' });
  expect(b.places.map((p) => p.number)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  const spec = await briefingMapSpec(database, mapSettings(demoConfig()), b);
  const badged = numberedOf(spec);
  expect(new Map(badged.map((c) => [c.cell, c.number]))).toEqual(
    new Map(b.places.map((p) => [p.cell, p.number])),
  );
  // Some of them are too far down the city's ranking to be shaded, and still carry their badge.
  expect(badged.some((c) => c.riskClass < 0)).toBe(true);
  expect(spec.list?.map((l) => l.number)).toEqual(b.places.map((p) => p.number));
  // The district's outline is inside the picture.
  const view = frame(spec);
  const north = spec.districts.find((d) => d.name === 'North')!;
  for (const [lon, lat] of north.rings.flat()) {
    const [x, y] = view.project(lat, lon);
    expect(x >= 0 && x <= spec.width && y >= 0 && y <= spec.height).toBe(true);
  }
});
