// An ArcGIS feed, through the real command and Esri's own client, against a loopback FeatureServer fed
// from the shared Houston file: all features the first time (in pages, until the server says no more),
// only what was edited after, a moved record updated in place, a deleted one withdrawn; an error object
// stores nothing; a layer that does not track edits is re-read over a window and reconciled by object id.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ArcgisServer, type Feature } from '../helpers/arcgis-server.ts';
import { runCli } from '../helpers/cli.ts';
import { HOUSTON } from '../helpers/import.ts';
import { sharedRows } from '../helpers/shared-rows.ts';

const dir = mkdtempSync(join(tmpdir(), 'patrolcast-arcgis-'));
const env = { PATROLCAST_DATA_DIR: join(dir, 'db'), LOG_LEVEL: 'warn' };
const server = new ArcgisServer();
const EDITED = Date.parse('2026-12-01T00:00:00Z');

/** The first n Houston incidents as a layer holds them: epoch dates, WGS 84 points, upper-case fields. */
async function houstonFeatures(n: number): Promise<Feature[]> {
  return (await sharedRows(HOUSTON, n)).map((v, i) => ({
    attributes: {
      OBJECTID: i + 1,
      INCIDENT_NO: `HPD-${100_000 + i}`,
      OFFENSE: v.offense_type!,
      // Early January: Houston is six hours behind UTC.
      OCCURRED: Date.parse(`${v.occurred_at}:00-06:00`),
      BEAT: v.beat!,
      ADDRESS: v.block_address!,
      EditDate: EDITED + i * 1000,
    },
    geometry: { x: Number(v.lon), y: Number(v.lat) },
  }));
}

const FIELDS = [
  { name: 'INCIDENT_NO', type: 'esriFieldTypeString' },
  { name: 'OFFENSE', type: 'esriFieldTypeString' },
  { name: 'OCCURRED', type: 'esriFieldTypeDate' },
  { name: 'BEAT', type: 'esriFieldTypeString' },
  { name: 'ADDRESS', type: 'esriFieldTypeString' },
  { name: 'EditDate', type: 'esriFieldTypeDate' },
] as const;

beforeAll(async () => {
  const features = await houstonFeatures(1200);
  server.layers.set(0, { fields: [...FIELDS], editDateField: 'EditDate', maxRecordCount: 500, features });
  // The same incidents on a layer that keeps no edit dates and no record numbers of its own.
  server.layers.set(1, {
    fields: FIELDS.filter((f) => f.name !== 'EditDate' && f.name !== 'INCIDENT_NO'),
    maxRecordCount: 500,
    features: features.slice(0, 300).map((f) => {
      const { EditDate: _e, INCIDENT_NO: _n, ...attributes } = f.attributes;
      return { ...f, attributes };
    }),
  });
  await server.start();
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

const MAPS = ['--map', 'OFFENSE=raw_type', '--map', 'OCCURRED=occurred_at', '--map', 'BEAT=district'];

const run = async (name: string) => {
  const r = await runCli(['feeds', 'run', name, '--json'], env);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Record<string, number>;
};

const shown = async (name: string) => {
  const r = await runCli(['feeds', 'show', name, '--json'], env);
  return JSON.parse(r.stdout) as { lag: { newest: string | null } };
};

test('an ArcGIS layer is read in pages once, then only its edits; a moved record is updated and a deleted one withdrawn', async () => {
  const layer = server.layers.get(0)!;
  const added = await runCli(
    ['feeds', 'add', 'houston', '--arcgis', server.layerUrl(0), ...MAPS, '--map', 'INCIDENT_NO=external_id'],
    env,
  );
  expect(added.stdout).toBe('feed houston added: patrolcast feeds run houston reads it now\n');

  const first = await run('houston');
  expect(first).toMatchObject({ received: 1200, added: 1200, updated: 0, deleted: 0, rejected: 0 });
  // Three pages of the layer's 500, asked for in WGS 84, oldest edit first.
  const reads = server.queries.filter((q) => q.get('returnIdsOnly') !== 'true' && q.get('outFields') === '*');
  expect(reads.map((q) => q.get('resultOffset'))).toEqual(['0', '500', '1000']);
  expect(
    reads.every((q) => q.get('outSR') === '4326' && q.get('orderByFields') === 'EditDate ASC, OBJECTID ASC'),
  ).toBe(true);

  const second = await run('houston');
  expect(second).toMatchObject({ added: 0, updated: 0, deleted: 0 });
  // Read from the newest edit seen: the last feature again (unchanged), nothing before it.
  expect(second.received).toBe(1);
  expect(server.queries.map((q) => q.get('where'))).toContain("EditDate >= TIMESTAMP '2026-12-01 00:19:59'");

  // The source corrects one incident (a new offence, a new place) and deletes another.
  const moved = layer.features[40]!;
  moved.attributes.OFFENSE = 'burglary';
  moved.geometry = { x: moved.geometry.x + 0.01, y: moved.geometry.y + 0.01 };
  moved.attributes.EditDate = EDITED + 5_000_000;
  const [gone] = layer.features.splice(700, 1);
  const third = await run('houston');
  expect(third).toMatchObject({ added: 0, updated: 1, deleted: 1 });
  expect(gone!.attributes.INCIDENT_NO).toBe('HPD-100700');
  expect(await run('houston')).toMatchObject({ added: 0, updated: 0, deleted: 0 });

  // An error object in a 200 answer: the run fails, says why, and stores nothing; the next one goes on.
  server.errors = 1;
  layer.features.push({
    ...layer.features[0]!,
    attributes: {
      ...layer.features[0]!.attributes,
      OBJECTID: 5000,
      INCIDENT_NO: 'HPD-NEW',
      EditDate: EDITED + 6_000_000,
    },
  });
  const failed = await runCli(['feeds', 'run', 'houston'], env);
  expect([failed.code, failed.stderr]).toEqual([
    1,
    'patrolcast: the layer answered with error 500: Unable to complete operation.\n',
  ]);
  expect(await run('houston')).toMatchObject({ added: 1, updated: 0, deleted: 0 });
  expect((await shown('houston')).lag.newest).toMatch(/^2010-01-/);
}, 120_000);

test('a layer without edit dates is read whole once, then over the recent window, and reconciled by object id', async () => {
  const added = await runCli(['feeds', 'add', 'noedits', '--arcgis', `${server.layerUrl(1)}/`, ...MAPS], env);
  expect(added.stderr).toBe('');
  expect(await run('noedits')).toMatchObject({ received: 300, added: 300, deleted: 0 });
  const before = server.queries.length;
  const again = await run('noedits');
  expect(again).toMatchObject({ added: 0, updated: 0, deleted: 0 });
  const asked = server.queries.slice(before);
  expect(asked[0]!.get('where')).toMatch(/^OCCURRED >= TIMESTAMP '2009-12-/);
  expect(asked.some((q) => q.get('returnIdsOnly') === 'true')).toBe(true);
  // Its incidents are its own: the other feed's reconciliation never counted them.
  const show = await runCli(['feeds', 'show', 'noedits'], env);
  expect(show.stdout).toContain('stored as source feed-noedits');
}, 120_000);
