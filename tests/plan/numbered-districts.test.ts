// A city whose districts are numbers (Chicago's 1 to 25): "/hotspots 5" is five places city-wide, and
// the answer says so under its headline, with how to ask for district 5's own plan.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Database } from '../../src/db/client.ts';
import { forgetDistricts } from '../../src/geo/districts.ts';
import { askConsoleAt } from '../helpers/console-at.ts';
import { sharedTrainedDemo } from '../helpers/trained-demo.ts';

const mapDir = mkdtempSync(join(tmpdir(), 'patrolcast-numbered-'));
let database: Database;
let dispose: () => Promise<void>;

beforeAll(async () => {
  ({ database, dispose } = await sharedTrainedDemo('pglite'));
  await database.query("update incidents set district = '5' where district = 'North'");
  // As an import or a fill does: the cells' districts are read again.
  forgetDistricts(database);
}, 120_000);
afterAll(async () => {
  await dispose?.();
});

const ask = (words: string) => askConsoleAt(database, mapDir, new Date('2026-06-02T04:00:00Z'), words);

test('"/hotspots 5" lists five places city-wide and says how to ask for district 5', async () => {
  const top5 = await ask('/hotspots 5');
  const lines = top5.split('\n');
  expect(lines.filter((l) => /^\s*#?\d+[ .]/.test(l)).length).toBeGreaterThan(0);
  expect(top5).not.toMatch(/district 5\b.*·/);
  expect(lines.slice(0, 4).join('\n')).toContain(
    "The whole city's top 5. District 5's own plan: /hotspots district:5",
  );
  const district = await ask('/hotspots district:5');
  expect(district).toMatch(/, district 5 · /);
  expect(district).toMatch(/^Top \d+ .*incidents expected in all/m);
  expect(district).not.toContain('The whole city');
  // A count that is no district's number says nothing more.
  expect(await ask('/hotspots 6')).not.toContain('The whole city');
});
