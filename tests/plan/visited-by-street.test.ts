// An officer types the street of a stop as it reads on a phone, without quotes; a word that names two
// places of the plan is asked about, never guessed, and a street a place is only near is not that place.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { visitedCommand } from '../../commands/visited.ts';
import { optionsFromWords } from '../../src/bot/arguments.ts';
import type { Database } from '../../src/db/client.ts';
import { askConsoleAt } from '../helpers/console-at.ts';
import { rowsOf } from '../helpers/rows.ts';
import { sharedTrainedDemo } from '../helpers/trained-demo.ts';

const mapDir = mkdtempSync(join(tmpdir(), 'patrolcast-visited-'));
let database: Database;
let dispose: () => Promise<void>;

beforeAll(async () => {
  ({ database, dispose } = await sharedTrainedDemo('pglite'));
}, 120_000);
afterAll(async () => {
  await dispose?.();
});

// Monday 23:00 in Chicago: the night shift is under way.
const NIGHT = new Date('2026-06-02T04:00:00Z');

const ask = (words: string) => askConsoleAt(database, mapDir, NIGHT, words);

const visits = async () => (await rowsOf(database, 'select count(*)::int as n from visits'))[0]!.n as number;

test('a stop is recorded by its street typed as it reads, with the minutes after it', async () => {
  const routes = (await ask('/hotspots')).split('\n').filter((l) => /^ {4}#/.test(l));
  // The route names both of the places on the 2700 block of Yarrow Ave with the street each is near.
  expect(routes.join('\n')).toContain('2700 block of Yarrow Ave, near 5th St → #10');

  const before = await visits();
  expect(await ask('/visited 4100 block of 18th St 20')).toMatch(
    /^Visit recorded: 4100 block of 18th St\n20 min · night shift/,
  );
  expect(await ask('/visited 2700 block of Yarrow Ave near 5th')).toMatch(
    /^Visit recorded: 2700 block of Yarrow Ave, near 5th St\n15 min/,
  );
  // Minutes as officers type them: with their unit, apart or on the number, after a filler word.
  expect(await ask('/visited Z1 for 20 min')).toMatch(/^Visit recorded: Z1\n\d places: .*; 20 min each · /);
  expect(await ask('/visited #2 30m')).toMatch(/^Visit recorded: #2 [^\n]+\n30 min · /);
  expect(await ask('/visited 4100 block of 18th St 10 minutes')).toMatch(/\n10 min · night shift/);
  // A number no visit lasts is part of the street: the block, written after it.
  expect(await ask('/visited 18th 4100 25')).toMatch(/^Visit recorded: 4100 block of 18th St\n25 min · /);
  expect(await visits()).toBeGreaterThan(before + 5);
});

test('a street that names two places of the plan is asked about, and nothing is recorded', async () => {
  const before = await visits();
  expect(await ask('/visited yarrow')).toBe(
    '"yarrow" could be 2 places of this plan: #10 2700 block of Yarrow Ave, near 6th St; 2700 block of Yarrow Ave, near 5th St. Give its number (#10) or more of its name',
  );
  // Places only near Spruce Ave (#4, #5) are not offered: the officer named the street they were on.
  const spruce = await ask('/visited spruce');
  expect(spruce).toMatch(
    /^"spruce" could be 2 places of this plan: #1 6200 block of Spruce Ave, near 13th St; #2 /,
  );
  expect(spruce).not.toContain('#4');
  expect(await visits()).toBe(before);
});

test("a district typed after a unit or a rank is the district, not part of the place's name", async () => {
  // North's own plan: its Z1 and its #2, not the city's.
  const north = await ask('/hotspots north');
  const z1 = /^ {2}Z1 \(North\)[^\n]*\n {4}#1 ([^→\n]+) →/m.exec(north);
  expect(z1).not.toBeNull();
  const before = await visits();
  const visited = await ask('/visited Z1 north');
  expect(visited).toMatch(/^Visit recorded: Z1\n4 places: /);
  expect(visited).toContain(z1![1]!.trim());
  expect(await visits()).toBe(before + 4);
  const second = /^ 2\. ([^,(]+)/m.exec(north)![1]!.trim();
  expect(await ask('/explain 2 north')).toMatch(
    new RegExp(`^(DEMO DATA · )?#2 · ${second}, .*\\(District North\\)`),
  );
  // Without a district, #2 is the city's.
  expect(await ask('/explain 2')).toMatch(/^(DEMO DATA · )?#2 · 6100 block of Spruce Ave/);
});

test('a short number that begins a street is read as the street when the words fit nothing else', () => {
  const action = visitedCommand.action!;
  expect(optionsFromWords(action as never, ['10', 'block', 'of', 'Spruce', 'Ave'])).toMatchObject({
    where: '10 block of Spruce Ave',
  });
  expect(optionsFromWords(action as never, ['Z2', 'for', '20', 'min', 'West'])).toMatchObject({
    where: 'Z2',
    minutes: 20,
    district: 'West',
  });
});
