// Districts named by a number alone (Washington's 1 to 7, New York's precincts, Chicago's 1 to 25):
// beside a unit or a place the answer says "district 1", where "(1)" would read as a count; and
// "/hotspots 5" is five places city-wide, which the answer says under its headline.
import { expect, onTestFinished, test } from 'vitest';
import { forgetDistricts } from '../../src/geo/districts.ts';
import { adminConsoleOn } from '../helpers/admin-console.ts';
import { askConsoleAt } from '../helpers/console-at.ts';
import { freshDatabase } from '../helpers/databases.ts';
import { sharedTrainedDemo } from '../helpers/trained-demo.ts';

test('units, zones and places say "district 1", not "(1)"', async () => {
  const database = await freshDatabase('pglite');
  // Ninety days of thefts at two busy blocks of district 1 and one of district 3.
  const rows = ['id,occurred_at,offense,lat,lon,district,block'];
  const places = [
    [38.9171, -77.0318, '1', '1400 - 1499 BLOCK OF U STREET NW'],
    [38.9005, -77.0033, '1', '100 - 199 BLOCK OF H STREET NE'],
    [38.9301, -77.0311, '3', '3100 - 3199 BLOCK OF 14TH STREET NW'],
  ] as const;
  for (let i = 0; i < 540; i++) {
    const [lat, lon, district, block] = places[i % 3]!;
    const at = new Date(Date.UTC(2026, 2, 1) + Math.floor(i / 6) * 86_400_000 + (i % 6) * 3_600_000 * 3);
    rows.push(`dc-${i},${at.toISOString()},Theft,${lat},${lon},${district},${block}`);
  }
  const admin = await adminConsoleOn(database, 'dc.csv', rows, '2026-05-30');
  expect(await admin.ask('/units set 1 2')).toMatch(/^district 1: 2 units on every shift\n/);
  expect(await admin.ask('/units list')).toMatch(/\ndistrict 1: 2 on every shift$/);
  const plan = await admin.ask('/hotspots today district:1');
  expect(plan).toMatch(/\n {2}Z1 \(district 1\): /);
  expect(plan).toMatch(/\n 1\. \d+[^\n]* \(district 1\)/);
  expect(plan).not.toMatch(/\(1\)/);
}, 120_000);

test('"/hotspots 5" lists five places city-wide and says how to ask for district 5', async () => {
  const { database, dispose } = await sharedTrainedDemo('pglite');
  onTestFinished(dispose);
  await database.query("update incidents set district = '5' where district = 'North'");
  // As an import or a fill does: the cells' districts are read again.
  forgetDistricts(database);
  const ask = (words: string) => askConsoleAt(database, '/tmp', new Date('2026-06-02T04:00:00Z'), words);

  const top5 = await ask('/hotspots 5');
  expect(top5).toMatch(/^Top 5 .*incidents expected in all/m);
  expect(top5.split('\n').slice(0, 4).join('\n')).toContain(
    "The whole city's top 5. District 5's own plan: /hotspots district:5",
  );
  const district = await ask('/hotspots district:5');
  expect(district).toMatch(/, district 5 · /);
  expect(district).toMatch(/^Top \d+ .*incidents expected in all/m);
  expect(district).not.toContain('The whole city');
  // A count that is no district's number says nothing more.
  expect(await ask('/hotspots 6')).not.toContain('The whole city');
}, 120_000);
