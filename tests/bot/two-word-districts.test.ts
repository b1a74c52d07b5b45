// Districts named in two words ("East Precinct", as Portland's and many cities' are) typed as people
// type them in Slack or the console: bare, quoted after the option's name, or before a count.
import { expect, test } from 'vitest';
import { adminConsoleOn } from '../helpers/admin-console.ts';
import { DATABASE_KINDS, freshDatabase } from '../helpers/databases.ts';

test.each(DATABASE_KINDS)(
  'a district of two words is asked for bare, quoted or named, and units are set for it (%s)',
  async (kind) => {
    const database = await freshDatabase(kind);
    const rows = ['id,occurred_at,offense,lat,lon,district'];
    const day = (d: number) => new Date(Date.UTC(2026, 0, 1 + d, 16)).toISOString();
    for (const [k, [district, lat]] of (
      [
        ['East Precinct', 45.52],
        ['North Precinct', 45.58],
      ] as const
    ).entries())
      for (let i = 0; i < 12; i++)
        for (let d = (i + k) % 3; d < 120; d += 3)
          rows.push(`${k}-${i}-${d},${day(d)},theft,${lat},${-122.6 + i * 0.005},${district}`);
    const admin = await adminConsoleOn(database, `two-word-districts-${kind}.csv`, rows, '2026-05-01');
    const headline = (answer: string) => answer.split('\n')[1];
    for (const asked of [
      '/hotspots East Precinct today',
      '/hotspots today east precinct 3',
      '/hotspots district:"East Precinct" today',
      "/hotspots today district='east precinct'",
      // As a phone's keyboard quotes.
      '/hotspots today district:“East Precinct”',
      '/hotspots ‘East Precinct’ today',
    ])
      expect(headline(await admin.ask(asked)), asked).toMatch(/^patrolcast, East Precinct · /);
    // A name that says what it is is not called a district again, in the headline or beside a place.
    const north = await admin.ask('/hotspots today 3 North Precinct');
    expect(headline(north)).toMatch(/^patrolcast, North Precinct · /);
    expect(north).toMatch(/\n 1\. North Precinct · 45\.5\d+, -122\.\d+: /);
    expect(north).not.toMatch(/district North|District North/);
    // After a place's rank, a district is named: bare words there may begin a street.
    expect(await admin.ask('/explain 1 today district:East Precinct')).toMatch(/^#1 · East Precinct · /);
    // A word that fits nothing still says so, where no district name came before it.
    expect(await admin.ask('/hotspots today 3 Precinct East')).toMatch(
      /^"Precinct East" is not a shift, a category or a district I know/,
    );
    expect(await admin.ask('/units set East Precinct 2')).toMatch(/^East Precinct: 2 units on every shift\n/);
    expect(await admin.ask('/units set "North Precinct" 1 night')).toMatch(
      /^North Precinct: 1 unit on shift /,
    );
  },
  120_000,
);
