// Chat answers read as a supervisor on a phone reads them: the shift meant, the units first, and words
// typed in a hurry understood or questioned, never taken for a district.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ConsoleAdapter } from '../../adapters/console/console-adapter.ts';
import type { Database } from '../../src/db/client.ts';
import { findShift } from '../../src/forecast/windows.ts';
import { TEST_FORECAST_SETTINGS } from '../helpers/api.ts';
import { askConsoleAt } from '../helpers/console-at.ts';
import { rowsOf } from '../helpers/rows.ts';
import { demoBot, sharedTrainedDemo } from '../helpers/trained-demo.ts';

const mapDir = mkdtempSync(join(tmpdir(), 'patrolcast-glance-'));
let database: Database;
let dispose: () => Promise<void>;

beforeAll(async () => {
  ({ database, dispose } = await sharedTrainedDemo('pglite'));
}, 120_000);
afterAll(async () => {
  await dispose?.();
});

/** Asks as a viewer with the agency's clock (America/Chicago) at a moment. */
const askAt = (moment: string, words: string) => askConsoleAt(database, mapDir, moment, words);

test('at 06:05 a plain /hotspots is the day shift under way; at 13:55 it is the evening shift ahead', async () => {
  // 06:05 and 13:55 in Chicago (CDT, UTC−5).
  expect((await askAt('2026-06-01T11:05:00Z', '/hotspots')).split('\n')[0]).toBe(
    'DEMO DATA · Hotspots · day shift · Mon 06:00–14:00',
  );
  expect((await askAt('2026-06-01T18:55:00Z', '/hotspots')).split('\n')[0]).toBe(
    'DEMO DATA · Hotspots · evening shift · Mon 14:00–22:00',
  );
});

test('the first screen says where each unit goes, what to look for, when and for how long, before the list', async () => {
  const answer = await askAt('2026-06-01T11:05:00Z', '/hotspots');
  const lines = answer.split('\n');
  expect(lines[2]).toMatch(/^\d units:$/);
  const missions = lines.slice(3).filter((l) => /^ {2}Z\d/.test(l));
  expect(missions.length).toBeGreaterThan(0);
  // Every mission line names a crime type, hours within the shift and the suggested stops.
  for (const m of missions)
    expect(m).toMatch(
      /^ {2}Z\d( \(\w+\))?: (look for [a-z ]+, \d\d:00–\d\d:00; (about 15 min at each place|2 visits of about 15 min to each place)|general patrol, no place stands out)$|^ {2}Z\d(, Z\d)+: general patrol, no other area expects [\d.]+ incidents or more$/,
    );
  // Under each, its places in visiting order, the numbered ones by their number.
  const routes = lines.filter((l) => /^ {4}\S/.test(l));
  expect(routes.length).toBe(missions.filter((m) => !m.includes('general patrol')).length);
  // The start by its number and street, later numbered places by number, others by street.
  for (const r of routes)
    expect(r).toMatch(/^ {4}(#\d+ )?\d+00 block of [^→]+( → (#\d+|\d+00 block of [^→]+))*$/);
  const firstPlace = lines.findIndex((l) => /^ 1\. /.test(l));
  expect(firstPlace).toBeGreaterThan(lines.indexOf(routes.at(-1)!));
  // No place is sent two units.
  const numbered = routes.flatMap((r) => [...r.matchAll(/#(\d+)/g)].map((m) => Number(m[1])));
  expect(new Set(numbered).size).toBe(numbered.length);
  // The default ten places fit a phone's first screens of text.
  const lastPlace = lines.findIndex((l) => /^10\. /.test(l));
  expect(lastPlace).toBeGreaterThan(0);
  expect(lines.slice(0, lastPlace + 1).join('\n').length).toBeLessThanOrEqual(2000);
});

test('a slip of the thumb is answered for the word meant, saying so, and nothing is taken for a district', async () => {
  const tonite = (await askAt('2026-06-01T11:05:00Z', '/hotspots tonite')).split('\n');
  expect(tonite.slice(0, 2)).toEqual([
    'DEMO DATA · Hotspots · night shift · Mon 22:00–06:00',
    "Showing tonight (you typed 'tonite').",
  ]);
  const burglary = (await askAt('2026-06-01T11:05:00Z', '/hotspots burgalry')).split('\n');
  expect(burglary[1]).toBe("Showing burglary (you typed 'burgalry').");
  expect(burglary[2]).toBe('Demo City (synthetic) · burglary · 2026-06-01');
  expect(await askAt('2026-06-01T11:05:00Z', '/hotspots district=centrl')).toMatch(
    /^"centrl" is not a district I know; did you mean district Central\?/,
  );
  expect(await askAt('2026-06-01T11:05:00Z', '/hotspots tonight centrl')).toMatch(
    /^"centrl" is not a shift, a category or a district I know; did you mean district Central\?/,
  );
});

test('plurals, two-word categories, "top 5" and "next shift" are understood', async () => {
  const theft = (await askAt('2026-06-01T11:05:00Z', '/hotspots vehicle theft top 5')).split('\n');
  expect(theft[1]).toBe('Demo City (synthetic) · vehicle theft · 2026-06-01');
  expect(theft.filter((l) => /^ ?\d+\. /.test(l))).toHaveLength(5);
  const burglaries = (await askAt('2026-06-01T11:05:00Z', '/hotspots burglaries next shift')).split('\n');
  expect(burglaries[0]).toBe('DEMO DATA · Hotspots · evening shift · Mon 14:00–22:00');
  expect(burglaries[1]).toBe('Demo City (synthetic) · burglary · 2026-06-01');
});

test("a shift called by patrol's own words: morning, swing, graveyard, mids; in a question too", async () => {
  const heading = async (words: string) => (await askAt('2026-06-01T11:05:00Z', words)).split('\n')[0];
  expect(await heading('/hotspots morning')).toBe('DEMO DATA · Hotspots · day shift · Mon 06:00–14:00');
  expect(await heading('/hotspots swing shift 3')).toBe(
    'DEMO DATA · Hotspots · evening shift · Mon 14:00–22:00',
  );
  expect(await heading('/hotspots graveyard')).toBe('DEMO DATA · Hotspots · night shift · Mon 22:00–06:00');
  expect(await heading('/hotspots when=mids')).toBe('DEMO DATA · Hotspots · night shift · Mon 22:00–06:00');
  expect(await heading('where should units go this afternoon?')).toBe(
    'DEMO DATA · Hotspots · evening shift · Mon 14:00–22:00',
  );
  // A briefing's shifts and a district's units take the same words.
  expect(
    ['morning', 'afternoon', 'graveyard', 'overnight'].map(
      (w) => findShift(TEST_FORECAST_SETTINGS.shifts, w)?.name,
    ),
  ).toEqual(['06:00-14:00', '14:00-22:00', '22:00-06:00', '22:00-06:00']);
});

test('a shift time alone means the shift running then, today', async () => {
  expect((await askAt('2026-06-01T11:05:00Z', '/hotspots 22:00')).split('\n')[0]).toBe(
    'DEMO DATA · Hotspots · night shift · Mon 22:00–06:00',
  );
  expect((await askAt('2026-06-01T11:05:00Z', '/hotspots burglary 15:30 3')).split('\n').slice(0, 2)).toEqual(
    [
      'DEMO DATA · Hotspots · evening shift · Mon 14:00–22:00',
      'Demo City (synthetic) · burglary · 2026-06-01',
    ],
  );
});

test('a shift named by its word is that shift, also when typed as an option the command does not have', async () => {
  // 06:05 on Monday: "night" is tonight's, not the one that has just ended.
  expect((await askAt('2026-06-01T11:05:00Z', '/hotspots night')).split('\n')[0]).toBe(
    'DEMO DATA · Hotspots · night shift · Mon 22:00–06:00',
  );
  expect((await askAt('2026-06-01T11:05:00Z', '/hotspots evening 2026-05-20')).split('\n')[0]).toBe(
    'DEMO DATA · Hotspots · evening shift · Wed 14:00–22:00',
  );
  const [heading, said] = (await askAt('2026-06-01T11:05:00Z', '/hotspots shift:night 3')).split('\n');
  expect(heading).toBe('DEMO DATA · Hotspots · night shift · Mon 22:00–06:00');
  expect(said).toBe('Read shift:night as when=night.');
});

test('a date and a time written apart are one moment, as people type them', async () => {
  const [heading] = (await askAt('2026-06-01T11:05:00Z', '/hotspots 2026-05-20 23:30 2')).split('\n');
  expect(heading).toBe('DEMO DATA · Hotspots · night shift · Wed 22:00–06:00');
  expect((await askAt('2026-06-01T11:05:00Z', '/hotspots at 2026-05-20 15:00')).split('\n')[0]).toBe(
    'DEMO DATA · Hotspots · evening shift · Wed 14:00–22:00',
  );
});

test('/help names one command when asked', async () => {
  const help = await askAt('2026-06-01T11:05:00Z', '/help hotspots');
  expect(help.split('\n')[0]).toBe('/hotspots');
  expect(help).toContain('/hotspots [when] [category] [district] [top] [at]');
  expect(help).not.toContain('/retrain');
  // The shifts' other names are read, and help says so, by the shift each means.
  expect(help).toContain(
    '(now, next, today, tonight, tomorrow, day, evening, night; morning = day; afternoon, swing, late = evening; graveyard, overnight, midnight, mid = night)',
  );
});

test('/explain explains the list last shown to the user, whatever the clock says by then', async () => {
  const bot = demoBot(database, undefined, {}, new Date('2026-06-01T11:05:00Z'));
  try {
    const chat = new ConsoleAdapter(bot.dispatcher, { mapDir, role: 'viewer' }, () => {});
    const list = await chat.ask('/hotspots tonight burglary 3');
    const second = list.split('\n').find((l) => /^ 2\. /.test(l))!;
    const explained = await chat.ask('/explain 2');
    // The same place, the same window and category: not the day shift's #2 of all incidents.
    expect(explained.split('\n')[0]).toBe(
      `DEMO DATA · #2 · ${second.slice(4, second.indexOf(':')).replace(/ \((\w+)\)$/, ' (District $1)')}`,
    );
    expect(explained.split('\n')[1]).toMatch(
      /^From your last list: night shift · Mon 22:00–06:00 \(burglary\): /,
    );
    // Told otherwise, it explains what it is told.
    expect((await chat.ask('/explain 2 now')).split('\n')[1]).toMatch(
      /^day shift · Mon 06:00–14:00 \(all incidents\)/,
    );
  } finally {
    await bot.close();
  }
});

test("/explain after a briefing explains the briefing's place; a district named after a city list counts down that district's list of the same window", async () => {
  const bot = demoBot(database, undefined, {}, new Date('2026-06-01T11:05:00Z'));
  try {
    const chat = new ConsoleAdapter(bot.dispatcher, { mapDir, role: 'viewer' }, () => {});
    const briefing = await chat.ask('/briefing now tonight north');
    const second = briefing.split('\n').find((l) => /^ 2\. /.test(l))!;
    const explained = (await chat.ask('/explain 2')).split('\n');
    // The night's #2 in the North, not the day shift's #2 of the city that the clock would give.
    expect(explained[0]).toBe(
      `DEMO DATA · #2 · ${second.slice(4, second.indexOf(' · ')).replace(/ \((\w+)\)$/, ' (District $1)')}`,
    );
    expect(explained[1]).toMatch(/^From your last list: night shift · Mon 22:00–06:00 \(all incidents\): /);

    await chat.ask('/hotspots tonight');
    const inEast = (await chat.ask('/explain 1 east')).split('\n');
    expect(inEast[0]).toMatch(/^DEMO DATA · #1 · .*District East/);
    expect(inEast[1]).toMatch(
      /^In your last list's window, district East: night shift · Mon 22:00–06:00 \(all incidents\): /,
    );
  } finally {
    await bot.close();
  }
});

test('/explain takes a street as typed, and asks which where the street names two places', async () => {
  const bot = demoBot(database, undefined, {}, new Date('2026-06-01T11:05:00Z'));
  try {
    const chat = new ConsoleAdapter(bot.dispatcher, { mapDir, role: 'viewer' }, () => {});
    const list = (await chat.ask('/hotspots tonight 5')).split('\n');
    const first = list.find((l) => /^ 1\. /.test(l))!;
    // "6200 block of Spruce Ave, near 13th St (Central)": its block typed in full, unquoted.
    const block = first.slice(4, first.indexOf(', near '));
    expect((await chat.ask(`/explain ${block}`)).split('\n')[0]).toMatch(
      new RegExp(`^DEMO DATA · #1 · ${block}, near `),
    );
    const street = block.split(' of ')[1]!.split(' ')[0]!;
    const asked = await chat.ask(`/explain ${street.toLowerCase()}`);
    expect(asked).toMatch(
      new RegExp(`^"${street.toLowerCase()}" could be \\d+ places of the list: #1 ${block}`),
    );
    expect(await chat.ask('/explain atlantis')).toBe(
      `"atlantis" is no place of this forecast: no incident on record names that street. Give its rank (3), a street on the list, or a cell id`,
    );
  } finally {
    await bot.close();
  }
});

test('/explain finds a place by its street far below any list, with its rank and its reasons worked out', async () => {
  const bot = demoBot(database, undefined, {}, new Date('2026-06-01T11:05:00Z'));
  try {
    const chat = new ConsoleAdapter(bot.dispatcher, { mapDir, role: 'viewer' }, () => {});
    // A quiet place: the one block recorded in its cell, and recorded in no other.
    const [quiet] = await rowsOf<{ block: string }>(
      database,
      `select min(block) as block from settled_incidents
       where cell in (select cell from settled_incidents group by cell
                      having count(*) between 2 and 4 and count(distinct block) = 1)
         and block in (select block from settled_incidents group by block having count(distinct cell) = 1)`,
    );
    await chat.ask('/hotspots tonight 5');
    const answer = (await chat.ask(`/explain ${quiet!.block}`)).split('\n');
    const rank = Number(new RegExp(`^DEMO DATA · #(\\d+) · ${quiet!.block}`).exec(answer[0]!)?.[1]);
    expect(rank).toBeGreaterThan(25);
    expect(answer[1]).toContain(`rank ${rank} of `);
    const from = answer.indexOf('Why:') + 1;
    const why = answer.slice(from, answer.indexOf('', from));
    expect(why.length).toBeGreaterThan(0);
    expect(why.join('\n')).toMatch(/incidents? here (on record|in the last)/);
  } finally {
    await bot.close();
  }
});

test('a district list counts from 1 with each city rank beside; /explain and the map count the same way', async () => {
  const bot = demoBot(database, undefined, {}, new Date('2026-06-01T11:05:00Z'));
  try {
    const chat = new ConsoleAdapter(bot.dispatcher, { mapDir, role: 'viewer' }, () => {});
    const list = await chat.ask('/hotspots tonight district=north top=8');
    const lines = list.split('\n').filter((l) => /^ ?\d+\. /.test(l));
    expect(lines.map((l) => Number(/^ ?(\d+)\./.exec(l)![1]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const cityRanks = lines.map((l) => Number(/ · city #(\d+)/.exec(l)?.[1] ?? /^ ?(\d+)\./.exec(l)![1]));
    // Ranked among the whole city, the district's places run further down than its own numbers.
    expect(cityRanks).toEqual([...cityRanks].sort((a, b) => a - b));
    expect(cityRanks.at(-1)).toBeGreaterThan(8);
    // Routes name the places by the list's numbers.
    for (const route of list.split('\n').filter((l) => l.includes(' → ')))
      for (const n of route.match(/#(\d+)/g) ?? []) expect(Number(n.slice(1))).toBeLessThanOrEqual(8);
    // "/explain 1" is the district's first place, not the city's.
    const first = lines[0]!;
    const explained = await chat.ask('/explain 1');
    expect(explained.split('\n')[0]).toBe(
      `DEMO DATA · #1 · ${first
        .replace(/^ ?\d+\. /, '')
        .split(' · ')[0]!
        .replace(/ \((\w+)\)$/, ' (District $1)')}`,
    );
    expect(explained).toContain(`rank ${cityRanks[0]} of `);
  } finally {
    await bot.close();
  }
});
