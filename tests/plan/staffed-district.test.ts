// Units set for a quiet district go to its best places even when the whole city is asked for, where
// those places rank far below the city's busiest: the unit's zone is the one its district's plan names.
import { expect, test } from 'vitest';
import { adminConsoleOn } from '../helpers/admin-console.ts';
import { DATABASE_KINDS, freshDatabase } from '../helpers/databases.ts';

test.each(DATABASE_KINDS)(
  "a quiet district's unit gets the same zone from the city's plan as from its district's, and /explain counts down its list (%s)",
  async (kind) => {
    const database = await freshDatabase(kind);
    const rows = ['id,occurred_at,offense,lat,lon,district'];
    const day = (d: number, hour: number) => new Date(Date.UTC(2026, 0, 1 + d, hour + 6)).toISOString();
    // North: 324 blocks 500 m apart, each busier than anything in South.
    for (let i = 0; i < 324; i++)
      for (let d = i % 5; d < 120; d += 5)
        rows.push(
          `n${i}-${d},${day(d, 10)},theft,${41.8 + Math.floor(i / 18) * 0.005},${-87.75 + (i % 18) * 0.005},North`,
        );
    // South: two neighbouring blocks, an incident every seventh day each.
    for (const [k, lon] of [-87.7, -87.698].entries())
      for (let d = k; d < 120; d += 7) rows.push(`s${k}-${d},${day(d, 15)},burglary,41.7,${lon},South`);
    const admin = await adminConsoleOn(database, 'two-districts.csv', rows, '2026-05-01');
    expect(await admin.ask('/units set South 1')).toMatch(/^South: 1 unit on every shift\n/);
    const zone = (answer: string) => answer.match(/\n {2}Z1 \(South\): [^\n]*\n {4}[^\n]*/)?.[0];
    const ofDistrict = zone(await admin.ask('/hotspots today district:South'));
    expect(ofDistrict).toMatch(/look for burglary/);
    const stops = /41\.70147, -87\.70031 → (#2|District South · 41\.69918, -87\.69734)$/;
    expect(ofDistrict).toMatch(stops);
    // The city's list holds none of South's blocks, so its stops are named in full: the same two.
    const ofCity = zone(await admin.ask('/hotspots today'));
    expect(ofCity?.split('\n')[1]).toBe(ofDistrict?.split('\n')[1]);
    expect(ofCity).toMatch(stops);
    // Asked of the district's list with a shift named, #1 is the district's first, not the city's.
    expect(await admin.ask('/explain 1 today district:South')).toMatch(
      /^#1 · District South · 41\.70147, -87\.70031\n[^\n]*rank 325 of 786 places/,
    );
    expect(await admin.ask('/explain 1 today')).toMatch(/^#1 · District North · [^\n]*\n[^\n]*rank 1 of 786/);
  },
  120_000,
);
