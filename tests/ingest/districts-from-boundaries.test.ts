// An export that names no district (Portland's calls for service) gets the agency's districts from its
// boundary file: each incident is in the district its point lies in, as it is imported or, for those
// stored before, in one step. A row's own district is kept.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, onTestFinished, test, vi } from 'vitest';
import { hotspotsCommand } from '../../commands/hotspots.ts';
import { optionsFromWords } from '../../src/bot/arguments.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { parseDistrictBoundaries } from '../../src/geo/district-boundaries.ts';
import { districtLookup } from '../../src/geo/district-lookup.ts';
import { districtsOf } from '../../src/geo/districts.ts';
import { fillDistricts } from '../../src/ingest/fill-districts.ts';
import { runCli } from '../helpers/cli.ts';
import {
  createPostgresDatabase,
  DATABASE_KINDS,
  describeEachDatabase,
  freshDatabase,
} from '../helpers/databases.ts';
import { importPath, tempFile } from '../helpers/import.ts';
import { square } from '../helpers/polygons.ts';
import { rowsOf } from '../helpers/rows.ts';

const BOUNDARIES = JSON.stringify({
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { DISTRICT: '822' },
      geometry: { type: 'Polygon', coordinates: square(-87.63, 41.88, 0.01) },
    },
    {
      type: 'Feature',
      properties: { DISTRICT: '830' },
      geometry: { type: 'Polygon', coordinates: square(-87.65, 41.88, 0.01) },
    },
  ],
});

// The city redrawn: 830's square is district 31 now, and a new district 32 takes in the far point.
const NEW_BOUNDARIES = JSON.stringify({
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { DISTRICT: '31' },
      geometry: { type: 'Polygon', coordinates: square(-87.65, 41.88, 0.01) },
    },
    {
      type: 'Feature',
      properties: { DISTRICT: '32' },
      geometry: { type: 'Polygon', coordinates: square(-87.7, 41.92, 0.01) },
    },
  ],
});

const CSV = [
  'id,occurred_at,offense,lat,lon,beat',
  'A,2026-03-01T10:00:00Z,Theft,41.881,-87.631,',
  'B,2026-03-01T11:00:00Z,Theft,41.879,-87.652,',
  'C,2026-03-01T12:00:00Z,Theft,41.880,-87.632,1A20',
  'D,2026-03-01T13:00:00Z,Theft,41.920,-87.700,',
].join('\n');

const EXPECTED = [
  { id: 'A', district: '822' },
  { id: 'B', district: '830' },
  { id: 'C', district: '1A20' },
  { id: 'D', district: null },
];

const districtsById = (database: Database) =>
  rowsOf<{ id: string; district: string | null }>(
    database,
    'select external_id as id, district from incidents order by external_id',
  );

describeEachDatabase('districts from the boundary file', (kind) => {
  test('each incident is in the district its point lies in; a row that names its own keeps it; one outside all has none', async () => {
    const database = await freshDatabase(kind);
    const districtsFile = tempFile(`districts-${kind}.geojson`, BOUNDARIES);
    const result = await importPath(
      database,
      tempFile(`no-districts-${kind}.csv`, CSV),
      {},
      { districtsFile },
    );
    expect(result.accepted).toBe(4);
    // The summary says how many districts the incidents fell in, and how many fell in none.
    expect(result.districts).toEqual({ named: 3, withoutDistrict: 1 });
    expect(await districtsById(database)).toEqual(EXPECTED);
  });

  test('incidents stored before the boundary file was set are given their districts in one step, audited', async () => {
    const database = await freshDatabase(kind);
    await importPath(database, tempFile(`before-districts-${kind}.csv`, CSV));
    expect((await districtsById(database)).map((r) => r.district)).toEqual([null, null, '1A20', null]);
    const lookup = districtLookup(parseDistrictBoundaries(BOUNDARIES));
    const who = { actorKind: 'cli' as const, actor: 'cli' };
    const [b] = await rowsOf<{ cell: string }>(
      database,
      "select cell from incidents where external_id = 'B'",
    );
    expect((await districtsOf(database, [b!.cell])).get(b!.cell)).toBeUndefined();
    expect(await fillDistricts(database, lookup, who)).toEqual({
      filled: 2,
      moved: 0,
      outside: 1,
      stranded: [],
      cleared: 0,
    });
    expect(await districtsById(database)).toEqual(EXPECTED);
    // Plans asked for in this process see the new districts at once, not after minutes.
    expect((await districtsOf(database, [b!.cell])).get(b!.cell)).toBe('830');
    // Again: nothing more to give, and a district already given is not taken back.
    expect(await fillDistricts(database, lookup, who)).toEqual({
      filled: 0,
      moved: 0,
      outside: 1,
      stranded: [],
      cleared: 0,
    });
    const audit = await rowsOf<{ outcome: string }>(
      database,
      "select outcome from audit_log where action = 'districts filled' order by at",
    );
    expect(audit.map((a) => a.outcome)).toEqual([
      '2 filled, 1 outside every district',
      '0 filled, 1 outside every district',
    ]);
  });

  test('after a redistricting, redraw puts each incident in the district its point lies in now; one outside the new boundaries keeps its own', async () => {
    const database = await freshDatabase(kind);
    const districtsFile = tempFile(`old-${kind}.geojson`, BOUNDARIES);
    await importPath(database, tempFile(`redraw-${kind}.csv`, CSV), {}, { districtsFile });
    expect(await districtsById(database)).toEqual(EXPECTED);
    const [b] = await rowsOf<{ cell: string }>(
      database,
      "select cell from incidents where external_id = 'B'",
    );
    expect((await districtsOf(database, [b!.cell])).get(b!.cell)).toBe('830');
    const who = { actorKind: 'cli' as const, actor: 'cli' };
    const redrawn = districtLookup(parseDistrictBoundaries(NEW_BOUNDARIES));
    // A plain fill changes nothing an incident names.
    expect(await fillDistricts(database, redrawn, who)).toEqual({
      filled: 1,
      moved: 0,
      outside: 0,
      stranded: [],
      cleared: 0,
    });
    expect((await districtsById(database)).map((r) => r.district)).toEqual(['822', '830', '1A20', '32']);
    // A and C lie beyond the new boundaries: they keep 822 and 1A20, which the new map lacks.
    expect(await fillDistricts(database, redrawn, who, { redraw: true })).toEqual({
      filled: 0,
      moved: 1,
      outside: 2,
      stranded: ['1A20', '822'],
      cleared: 0,
    });
    expect(await districtsById(database)).toEqual([
      { id: 'A', district: '822' },
      { id: 'B', district: '31' },
      { id: 'C', district: '1A20' },
      { id: 'D', district: '32' },
    ]);
    // Plans in this process see the new district at once.
    expect((await districtsOf(database, [b!.cell])).get(b!.cell)).toBe('31');
    expect(await fillDistricts(database, redrawn, who, { redraw: true })).toEqual({
      filled: 0,
      moved: 0,
      outside: 2,
      stranded: ['1A20', '822'],
      cleared: 0,
    });
    // Asked to, the redraw clears them, and only them: never a district the new file names (822 here,
    // as if the new map kept it somewhere no incident lies).
    expect(
      await fillDistricts(database, redrawn, who, {
        redraw: true,
        outside: 'none',
        districts: ['31', '32', '822'],
      }),
    ).toEqual({
      filled: 0,
      moved: 0,
      outside: 2,
      stranded: ['1A20'],
      cleared: 1,
    });
    expect(await districtsById(database)).toEqual([
      { id: 'A', district: '822' },
      { id: 'B', district: '31' },
      { id: 'C', district: null },
      { id: 'D', district: '32' },
    ]);
    const audit = await rowsOf<{ outcome: string }>(
      database,
      "select outcome from audit_log where action = 'districts redrawn' order by id",
    );
    expect(audit.map((a) => a.outcome)).toEqual([
      '0 filled, 1 moved to another district, 2 outside every district',
      '0 filled, 0 moved to another district, 2 outside every district',
      '0 filled, 0 moved to another district, 2 outside every district (1 of them cleared of a district the new boundaries lack)',
    ]);
  });

  test('an import in which no incident has a district says how to give them one', async () => {
    const database = await freshDatabase(kind);
    const lines = CSV.split('\n').filter((l) => !l.endsWith('1A20'));
    const none = await importPath(database, tempFile(`none-${kind}.csv`, lines.join('\n')), { dryRun: true });
    expect(none.warnings.at(-1)).toMatch(/^no incident names a district: .*set PATROLCAST_DISTRICTS/);
    const districtsFile = tempFile(`far-${kind}.geojson`, BOUNDARIES);
    const outside = [lines[0], lines.at(-1)].join('\n');
    const far = await importPath(
      database,
      tempFile(`far-${kind}.csv`, outside),
      { dryRun: true },
      { districtsFile },
    );
    expect(far.warnings.at(-1)).toBe(
      "no incident lies in a district of the boundary file (PATROLCAST_DISTRICTS): is it this city's?",
    );
    // With one incident in a district, nothing is said.
    const some = await importPath(
      database,
      tempFile(`some-${kind}.csv`, lines.join('\n')),
      { dryRun: true },
      { districtsFile },
    );
    expect(some.warnings.join('\n')).not.toMatch(/district/);
  });

  test('a boundary file deleted after it was read keeps its districts, and the import says why; one never read refuses the import and stores nothing', async () => {
    const database = await freshDatabase(kind);
    const districtsFile = tempFile(`deleted-${kind}.geojson`, BOUNDARIES);
    await importPath(
      database,
      tempFile(`first-${kind}.csv`, CSV.split('\n').slice(0, 2).join('\n')),
      {},
      {
        districtsFile,
      },
    );
    rmSync(districtsFile);
    const later = await importPath(database, tempFile(`later-${kind}.csv`, CSV), {}, { districtsFile });
    expect(later.accepted).toBe(3);
    expect(await districtsById(database)).toEqual(EXPECTED);
    expect(later.warnings).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^the districts file .*deleted-${kind}\\.geojson \\(PATROLCAST_DISTRICTS\\) is not there: put it back, or unset PATROLCAST_DISTRICTS; the boundaries read at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC are used meanwhile$`,
        ),
      ),
    );

    const fresh = await freshDatabase(kind);
    const neverThere = tempFile(`never-${kind}.geojson`, BOUNDARIES);
    rmSync(neverThere);
    await expect(
      importPath(fresh, tempFile(`refused-${kind}.csv`, CSV), {}, { districtsFile: neverThere }),
    ).rejects.toThrow(
      /^the districts file .*never-.*\.geojson \(PATROLCAST_DISTRICTS\) is not there: put it back/,
    );
    expect(await districtsById(fresh)).toEqual([]);
  });
});

test("a number too large for the list's length is a district: /hotspots 822, but /hotspots 12 is twelve places", () => {
  const action = hotspotsCommand.action!;
  expect(optionsFromWords(action as never, ['822'])).toMatchObject({ district: '822' });
  expect(optionsFromWords(action as never, ['822'])).not.toHaveProperty('top');
  expect(optionsFromWords(action as never, ['12'])).toMatchObject({ top: 12 });
  expect(optionsFromWords(action as never, ['5', '822'])).toMatchObject({ top: 5, district: '822' });
});

test('the command line redraws districts after a redistricting and names the units left on a district no incident names', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pc-redraw-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const env = {
    PATROLCAST_DATA_DIR: join(dir, 'data'),
    PATROLCAST_DISTRICTS: tempFile('cli-old.geojson', BOUNDARIES),
  };
  expect((await runCli(['import', tempFile('cli-redraw.csv', CSV)], env)).code).toBe(0);
  expect((await runCli(['units', 'set', '830', '2'], env)).stdout).toBe(
    'district 830: 2 units on every shift\n',
  );
  const subscribed = await runCli(['chat'], env, '/briefing subscribe all district=830\n');
  expect(subscribed.stdout).toMatch(/This channel will get the shift briefing/);
  const redrawn = { ...env, PATROLCAST_DISTRICTS: tempFile('cli-new.geojson', NEW_BOUNDARIES) };
  const redraw = await runCli(['districts', 'redraw'], redrawn);
  expect(redraw.code).toBe(0);
  expect(redraw.stdout).toBe(
    [
      '2 incidents put in their district from 2 in the file (1 moved from another, 1 that named none); 2 lie outside every district and keep the one they name',
      'those outside keep 1A20, district 822, which the new boundaries do not have and which stay listed as districts: `patrolcast districts redraw --outside none` clears them',
      "answers' fairness warnings by district count these districts from the next training (`patrolcast train`)",
      'units are set for district 830, which no incident names now: `patrolcast units set <district> 0` clears one',
      'briefings are subscribed for district 830, which no incident names now: subscribe those channels again (/briefing subscribe) with a district of the new boundaries',
      '',
    ].join('\n'),
  );
  // Listed, each says it plans nothing now, and how to mend it.
  expect((await runCli(['units', 'list'], redrawn)).stdout).toBe(
    'district 830: 2 on every shift (no incident names this district now: set it to 0 to clear it)\n',
  );
  expect((await runCli(['chat'], redrawn, '/briefing list\n')).stdout).toMatch(
    /this channel: shifts .*, district 830, \d+ units \(no incident names this district now: subscribe again with one that does\)\n/,
  );
  // A district gone from the data takes no new units, but its setting can be cleared.
  const more = await runCli(['units', 'set', '830', '3'], redrawn);
  expect(more.code).not.toBe(0);
  expect(more.stderr).toMatch(/"830" is not a district I know/);
  expect((await runCli(['units', 'set', '830', '0'], redrawn)).stdout).toBe('district 830: cleared\n');
  expect((await runCli(['units', 'list', '--json'], redrawn)).stdout).toMatch(/"districts":\[\]/);
  // The old map's districts left beyond the new one are cleared when asked, and only then listed no more.
  const cleared = await runCli(['districts', 'redraw', '--outside', 'none'], redrawn);
  expect(cleared.stdout).toBe(
    [
      'every stored incident inside the boundaries is in its district already; 2 lie outside every district, and 2 of them now name none',
      '1A20, district 822, which the new boundaries do not have, are no district now',
      "answers' fairness warnings by district count these districts from the next training (`patrolcast train`)",
      'briefings are subscribed for district 830, which no incident names now: subscribe those channels again (/briefing subscribe) with a district of the new boundaries',
      '',
    ].join('\n'),
  );
  const wrong = await runCli(['districts', 'redraw', '--outside', 'drop'], redrawn);
  expect(wrong.code).not.toBe(0);
  expect(wrong.stderr).toMatch(/argument 'drop' is invalid\. Allowed choices are keep, none/);
});

test.runIf(DATABASE_KINDS.includes('postgres'))(
  "districts redrawn by another process (the command line beside the service) reach this one's plans within half a minute",
  async () => {
    const created = await createPostgresDatabase();
    const service = await openDatabase({ databaseUrl: created.url, poolSize: 2 });
    const commandLine = await openDatabase({ databaseUrl: created.url, poolSize: 2 });
    onTestFinished(async () => {
      vi.useRealTimers();
      await service.close();
      await commandLine.close();
      await created.drop();
    });
    await importPath(
      service,
      tempFile('two-processes.csv', CSV),
      {},
      { districtsFile: tempFile('two-old.geojson', BOUNDARIES) },
    );
    const [b] = await rowsOf<{ cell: string }>(service, "select cell from incidents where external_id = 'B'");
    expect((await districtsOf(service, [b!.cell])).get(b!.cell)).toBe('830');
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    await fillDistricts(
      commandLine,
      districtLookup(parseDistrictBoundaries(NEW_BOUNDARIES)),
      { actorKind: 'cli', actor: 'cli' },
      { redraw: true },
    );
    vi.setSystemTime(Date.now() + 31_000);
    expect((await districtsOf(service, [b!.cell])).get(b!.cell)).toBe('31');
  },
);
