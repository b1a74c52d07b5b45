// What the writers hand to COPY comes back from the database as it was staged: text with quotes, commas,
// newlines, letters of every width, a NUL or a lone surrogate (made storable), instants of every
// century an export may hold, and numbers to the last digit.
import { expect, test } from 'vitest';
import type { StagedIncident } from '../../src/ingest/store.ts';
import { storeIncidents } from '../../src/ingest/store.ts';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { rowsOf } from '../helpers/rows.ts';

const base = {
  timePrecision: 'minute',
  category: 'theft',
  cell: '892664c1a2fffff',
  origin: 'reported',
} as const;

const TEXTS = [
  'THEFT',
  'say "hello", then leave',
  'a line\nand another\r\nand a third',
  'Straße, Café, 東京, 🚓',
  'NUL\u0000here',
  'lone \ud800 surrogate',
  '',
];

const rows: StagedIncident[] = TEXTS.map((text, i) => ({
  ...base,
  externalId: `id-${i}-${text}`,
  // Milliseconds, the turn of a century, a leap day, a date before 1970.
  occurredAt: new Date(
    [
      '2019-07-04T23:59:59.999Z',
      '2000-01-01T00:00:00.000Z',
      '2024-02-29T12:34:56.007Z',
      '1969-12-31T23:59:59.001Z',
      '1900-03-01T00:00:00.000Z',
      '2099-12-31T23:00:00.100Z',
      '2010-08-20T05:00:00.010Z',
    ][i]!,
  ),
  rawType: text || null,
  lat: 41.87 + i / 7,
  lon: -87.62 - i / 3,
  district: text,
  block: i % 2 === 0 ? `${i}00 block of ${text}` : null,
}));

const storable = (s: string | null) => (s === null ? null : s.toWellFormed().replaceAll('\u0000', '\ufffd'));

describeEachDatabase('rows written for COPY', (kind) => {
  test('come back as they were staged, whatever their text', async () => {
    const database = await freshDatabase(kind);
    await storeIncidents(database, { source: 'copy-test', profile: 'generic' }, rows);
    const back = await rowsOf<Record<string, unknown>>(
      database,
      `select external_id, occurred_at, raw_type, lat, lon, district, block from incidents
       where source = 'copy-test'`,
    );
    const byId = new Map(back.map((r) => [r.external_id, r]));
    expect(byId.size).toBe(rows.length);
    for (const r of rows) {
      const got = byId.get(storable(r.externalId)!);
      expect(got, r.externalId).toBeDefined();
      expect((got!.occurred_at as Date).toISOString()).toBe(r.occurredAt.toISOString());
      expect(got!.raw_type).toBe(storable(r.rawType));
      expect([got!.lat, got!.lon]).toEqual([r.lat, r.lon]);
      // An empty text is stored as written: COPY reads a quoted empty string as text, not null.
      expect(got!.district).toBe(storable(r.district));
      expect(got!.block).toBe(storable(r.block ?? null));
    }
  });
});
