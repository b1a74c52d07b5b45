// /units in chat: administrators set the units on duty per district and shift; everyone can list them;
// the next plan sends them inside their districts.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Bot } from '../../adapters/bot.ts';
import { ConsoleAdapter } from '../../adapters/console/console-adapter.ts';
import { readAudit } from '../../src/audit/audit-log.ts';
import type { Role } from '../../src/bot/roles.ts';
import type { Database } from '../../src/db/client.ts';
import { demoBot, sharedTrainedDemo } from '../helpers/trained-demo.ts';

let database: Database;
let dispose: () => Promise<void>;
let bot: Bot;
const as = (role: Role) => new ConsoleAdapter(bot.dispatcher, { mapDir: '/tmp', role }, () => {});

beforeAll(async () => {
  ({ database, dispose } = await sharedTrainedDemo('pglite'));
  // Monday 23:00 in Chicago: the night shift.
  bot = demoBot(database, undefined, {}, new Date('2026-06-02T04:00:00Z'));
}, 120_000);
afterAll(async () => {
  await bot?.close();
  await dispose?.();
});

test('an administrator sets units per district and shift; a viewer cannot; the night plan follows', async () => {
  expect(await as('supervisor').ask('/units set East 2')).toBe(
    '/units set needs the admin role; yours is supervisor. Ask an administrator if you need it.',
  );
  expect(await as('admin').ask('/units set east 2 night')).toMatch(/^East: 2 units on shift 22:00-06:00\n/);
  expect(await as('admin').ask('/units set Central 1')).toMatch(/^Central: 1 unit on every shift\n/);
  // Only a district is asked for here: the answer does not speak of shifts or categories.
  expect(await as('admin').ask('/units set Centrl 1')).toMatch(
    /^"Centrl" is not a district I know; did you mean district Central\?/,
  );
  expect(await as('admin').ask('/units set West 1')).toMatch(/^West: 1 unit on every shift\n/);
  expect(await as('admin').ask('/units set West 0')).toMatch(
    /^West: units cleared on every shift\nPlans no longer follow this setting; \/units list shows the ones left\./,
  );
  expect(await as('viewer').ask('/units list')).toMatch(
    /\nCentral: 1 on every shift\nEast: 2 on shift 22:00-06:00$/,
  );
  // Without its subcommand, or with a slip in it, the answer says how it was read.
  expect(await as('viewer').ask('/units lst')).toMatch(
    /^Units on duty\nShowing \/units list \(you typed 'lst'\)\.\n[\s\S]*East: 2 on shift 22:00-06:00$/,
  );
  expect(await as('admin').ask('/units central 1')).toMatch(
    /^Central: 1 unit on every shift\nRead as \/units set central 1\.\n/,
  );
  // The count typed before the district is read the other way round, and the answer says so.
  expect(await as('admin').ask('/units set 1 central')).toMatch(
    /^Central: 1 unit on every shift\nRead 'central' as the district and '1' as the units\.\n/,
  );
  // A bare number fits no subcommand whole: the subcommands are named.
  expect(await as('admin').ask('/units 3')).toBe('/units needs one of: set, list');
  // An object's own property names are no subcommands.
  expect(await as('admin').ask('/units constructor')).toBe('/units needs one of: set, list');

  const night = await as('viewer').ask('/hotspots');
  const units = night.split('\n').filter((l) => /^ {2}Z\d/.test(l));
  expect(units.map((l) => /^ {2}Z\d \((\w+)\)/.exec(l)?.[1]).sort()).toEqual(['Central', 'East', 'East']);

  const changes = (await readAudit(database)).filter((e) => e.action === 'units set');
  expect(changes.map((e) => e.actor)).toEqual(Array(6).fill('console:console'));
});
