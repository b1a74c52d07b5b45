// Messy and hostile files: each gets a clear answer, nothing crashes, no valid row is lost and no
// rejected row is stored.
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { openZip } from '../../src/ingest/formats/zip.ts';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { count, importPath, tempFile } from '../helpers/import.ts';
import { rowsOf } from '../helpers/rows.ts';
import { makeZip } from '../helpers/zip.ts';

const HEADER = 'external_id,occurred_at,raw_type,lat,lon,narrative\n';
const row = (id: string, extra = '') => `${id},2026-05-01 21:30,burglary,41.88,-87.63,${extra}\n`;

async function failsWith(promise: Promise<unknown>, message: RegExp) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  expect((error as Error).message).toMatch(message);
}

describeEachDatabase('bad input', (kind) => {
  test('random bytes, an empty file and a JSON object with no records are refused, and nothing is stored', async () => {
    const database = await freshDatabase(kind);
    await failsWith(
      importPath(database, tempFile('noise.csv', randomBytes(4096))),
      /not a CSV, JSON or GeoJSON/,
    );
    await failsWith(importPath(database, tempFile('empty.csv', '')), /empty/);
    await failsWith(importPath(database, tempFile('object.json', '{"count": 3}')), /no list of records/);
    // A list under a records key deeper than an object down is not taken for the records either.
    await failsWith(
      importPath(database, tempFile('deep.json', '{"a": {"b": {"data": [{"x": 1}]}}}')),
      /no list of records/,
    );
    // Socrata's rows.json: each row a list, its names in the metadata; refused row by row, saying so.
    const lists = await importPath(
      database,
      tempFile(
        'rows.json',
        '{"meta": {"view": {"columns": [{"name": "date"}]}}, "data": [["2026-05-01", "THEFT"]]}',
      ),
    );
    expect(lists.errors).toEqual([
      {
        line: 1,
        field: 'row',
        reason:
          'a list of values without their names, not a record: export the rows as CSV or as JSON objects',
      },
    ]);
    expect(await count(database)).toBe(0);
    // A JSON file cut short: the whole elements are read, the cut one is reported.
    const whole =
      '{"external_id": "J-1", "occurred_at": "2026-05-01 21:30", "raw_type": "burglary", "lat": 41.88, "lon": -87.63}';
    const cut = await importPath(database, tempFile('cut.json', `[${whole}, {"external_id":`));
    expect(cut).toMatchObject({ received: 2, accepted: 1, rejected: 1 });
    expect(cut.errors[0]).toMatchObject({ line: 2, reason: expect.stringContaining('truncated') });
    const batches = await rowsOf<{ status: string }>(
      database,
      'select status from ingest_batches order by created_at',
    );
    // The JSON objects were opened as batches before they proved empty: a failed batch says so. The
    // lists were read and each refused: a batch of rejections, kept so they can be looked at.
    expect(batches.map((b) => b.status)).toEqual(['failed', 'failed', 'committed', 'committed']);
  });

  test('a truncated file keeps every whole row and rejects the cut one', async () => {
    const database = await freshDatabase(kind);
    const text = HEADER + row('A') + row('B') + row('C');
    const cut = text.slice(0, text.length - 25);
    const result = await importPath(database, tempFile('cut.csv', cut));
    expect(result).toMatchObject({ received: 3, accepted: 2, rejected: 1 });
    expect(result.errors[0]).toMatchObject({ line: 4 });
    expect(await count(database)).toBe(2);
  });

  test('ragged rows, wrong types, impossible dates and places are rejected with their line and reason', async () => {
    const database = await freshDatabase(kind);
    const text =
      HEADER +
      row('ok-1') +
      'short,2026-05-01 21:30,burglary\n' +
      'lat-text,2026-05-01 21:30,burglary,north,-87.63,\n' +
      'bad-date,2026-13-45 21:30,burglary,41.88,-87.63,\n' +
      'future,2099-01-01 00:00,burglary,41.88,-87.63,\n' +
      'zero,2026-05-01 21:30,burglary,0,0,\n' +
      'far,2026-05-01 21:30,burglary,95,-87.63,\n' +
      'no-type,2026-05-01 21:30,,41.88,-87.63,\n' +
      row('ok-2');
    const result = await importPath(database, tempFile('mixed.csv', text));
    expect(result).toMatchObject({ received: 9, accepted: 2, rejected: 7 });
    expect(result.errors.map((e) => [e.line, e.field])).toEqual([
      [3, 'row'],
      [4, 'location'],
      [5, 'occurred_at'],
      [6, 'occurred_at'],
      [7, 'location'],
      [8, 'location'],
      [9, 'raw_type'],
    ]);
    expect(result.errors[0]!.reason).toBe('expected 6 fields, found 3');
    expect(result.errors[3]!.reason).toBe('date is in the future');
    const stored = await rowsOf<{ external_id: string }>(
      database,
      'select external_id from incidents order by 1',
    );
    expect(stored.map((r) => r.external_id)).toEqual(['ok-1', 'ok-2']);
    // Every rejection is kept with the batch, for the analyst to fix and resend.
    const kept = await database.query('select line from ingest_rejections where batch_id = $1', [
      result.batchId,
    ]);
    expect(kept).toHaveLength(7);
  });

  test('a half-megabyte field: fine in a column that is dropped, rejected where it would be stored', async () => {
    const database = await freshDatabase(kind);
    // Within the line limit (1 MB): a longer line refuses the whole file (upload-limits.test.ts).
    const huge = 'x'.repeat(512 * 1024);
    const text = `${HEADER + row('long-narrative', huge)}long-type,2026-05-01 21:30,${huge},41.88,-87.63,\n${row('after')}`;
    const result = await importPath(database, tempFile('huge.csv', text));
    expect(result).toMatchObject({ received: 3, accepted: 2, rejected: 1 });
    expect(result.errors[0]).toEqual({ line: 3, field: 'raw_type', reason: 'longer than 200 characters' });
  });

  test('long hostile fields are dealt with in time linear in their size: an address, a category, a description', async () => {
    const database = await freshDatabase(kind);
    const header = 'id,occurred_at,offense,category,description,lat,lon,address\n';
    const line = (id: string, fields: Partial<Record<'category' | 'description' | 'address', string>>) =>
      `${id},2026-05-01 21:30,theft,${fields.category ?? ''},${fields.description ?? ''},41.88,-87.63,${fields.address ?? '100 MAIN ST'}\n`;
    const text =
      header +
      // "000…0XX" once kept the address reader busy for minutes, trying every split of its zeros.
      line('zeros', { address: `${'0'.repeat(600_000)}XX` }) +
      line('category', { category: 'a'.repeat(600_000) }) +
      line('description', { description: 'burglary '.repeat(60_000) });
    const result = await importPath(database, tempFile('hostile.csv', text));
    // The incident with an address no street has is kept, without a place name; a category that long
    // is no category (and would be stored as the offence name where there is none): refused.
    expect(result).toMatchObject({ received: 3, accepted: 2, rejected: 1 });
    expect(result.errors).toEqual([{ line: 3, field: 'category', reason: 'longer than 200 characters' }]);
    const stored = await rowsOf<{ external_id: string; block: string | null; category: string }>(
      database,
      'select external_id, block, category from incidents order by external_id',
    );
    expect(stored).toEqual([
      { external_id: 'description', block: '100 block of Main St', category: 'theft' },
      { external_id: 'zeros', block: null, category: 'theft' },
    ]);
  }, 20_000);

  test('SQL in any field is stored as the text it is', async () => {
    const database = await freshDatabase(kind);
    const evil = "x'); drop table incidents; --";
    const text = `${HEADER}"${evil}",2026-05-01 21:30,"${evil}",41.88,-87.63,"${evil}"\n`;
    const result = await importPath(database, tempFile('evil.csv', text), { source: 'evil' });
    expect(result.accepted).toBe(1);
    const [stored] = await rowsOf<{ external_id: string; raw_type: string }>(
      database,
      'select external_id, raw_type from incidents',
    );
    expect(stored).toEqual({ external_id: evil, raw_type: evil });
    await failsWith(
      importPath(database, tempFile('a.csv', HEADER), { source: "a'; drop table x" }),
      /source name/,
    );
  });

  test('a zip that claims a huge size is refused before anything is inflated', async () => {
    const database = await freshDatabase(kind);
    const liar = makeZip([
      { name: 'calls.shp', data: Buffer.alloc(100), declaredSize: 3_000_000_000, deflate: true },
      { name: 'calls.dbf', data: Buffer.alloc(100) },
    ]);
    await failsWith(importPath(database, tempFile('liar.zip', liar)), /expands to more than/);
    // One that understates its size is stopped by the entry-size check when read...
    const sneaky = makeZip([
      { name: 'calls.shp', data: Buffer.alloc(5_000_000), declaredSize: 100, deflate: true },
      { name: 'calls.dbf', data: Buffer.alloc(100) },
    ]);
    const zip = await openZip(tempFile('sneaky-entry.zip', sneaky), {
      maxEntries: 100,
      maxBytes: 64 * 1024 * 1024,
    });
    try {
      const stream = await zip.open('calls.shp');
      const read = (async () => {
        for await (const _ of stream);
      })();
      await expect(read).rejects.toThrow(/too many bytes/);
    } finally {
      zip.close();
    }
    // ...and its import is refused, by that check or by the shapefile reader finding the header
    // broken first, whichever comes first.
    await failsWith(
      importPath(database, tempFile('sneaky.zip', sneaky)),
      /calls.shp is damaged: too many bytes|cannot read the shapefile calls.shp/,
    );
    await failsWith(
      importPath(database, tempFile('other.zip', makeZip([{ name: 'a.txt', data: Buffer.from('hi') }]))),
      /no shapefile/,
    );
    expect(await count(database)).toBe(0);
  });

  test('a gzip bomb stops at the expansion limit, storing nothing', async () => {
    const database = await freshDatabase(kind);
    const bomb = gzipSync(
      // Blank lines: short ones, so that only the expansion limit can stop it.
      Buffer.concat([Buffer.from(HEADER + row('first')), Buffer.alloc(12 * 1024 * 1024, 10)]),
    );
    await failsWith(
      importPath(
        database,
        tempFile('bomb.csv.gz', bomb),
        {},
        { limits: { maxExpandedBytes: 4 * 1024 * 1024 } },
      ),
      /expands to more than 4 MB/,
    );
    expect(await count(database)).toBe(0);
  });
});
