// One set of incidents, written in every format an analyst might send: all read the same.

import { expect, test } from 'vitest';
import type { Database } from '../../src/db/client.ts';
import { detectEncoding, encodingNamed } from '../../src/ingest/formats/encoding.ts';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { importPath, tempFile } from '../helpers/import.ts';
import { rowsOf } from '../helpers/rows.ts';

const INCIDENTS = [
  {
    id: 'R-1',
    at: '2026-03-02 22:15',
    type: 'Burglary - residence',
    lat: 41.8781,
    lon: -87.6298,
    notes: 'door forced; "rear"',
  },
  {
    id: 'R-2',
    at: '2026-03-03 09:40',
    type: 'THEFT FROM VEHICLE',
    lat: 41.88,
    lon: -87.63,
    notes: 'two\nlines of narrative',
  },
  {
    id: 'R-3',
    at: '2026-03-03 23:05',
    type: 'Aggravated assault',
    lat: 41.8702,
    lon: -87.6201,
    notes: 'victim: J. Doe',
  },
];

const csvQuote = (v: string | number) =>
  /[;"\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v);
const csv = (delimiter: string, newline: string) =>
  `\ufeffexternal_id${delimiter}occurred_at${delimiter}raw_type${delimiter}lat${delimiter}lon${delimiter}notes${newline}` +
  INCIDENTS.map((i) => [i.id, i.at, i.type, i.lat, i.lon, i.notes].map(csvQuote).join(delimiter)).join(
    newline,
  ) +
  newline;

const objects = INCIDENTS.map((i) => ({
  external_id: i.id,
  occurred_at: i.at,
  raw_type: i.type,
  lat: i.lat,
  lon: i.lon,
  notes: i.notes,
}));

const FILES: [string, string, string | Buffer, { gzip?: boolean }?][] = [
  ['csv', 'a.csv', csv(',', '\n')],
  ['semicolons, BOM and CRLF', 'b.csv', csv(';', '\r\n')],
  ['tab-separated, gzipped', 'c.tsv.gz', csv('\t', '\n'), { gzip: true }],
  ['JSON array', 'd.json', JSON.stringify(objects, null, 2)],
  ['NDJSON', 'e.ndjson', objects.map((o) => JSON.stringify(o)).join('\n')],
  [
    'GeoJSON',
    'f.geojson',
    JSON.stringify({
      type: 'FeatureCollection',
      name: 'export',
      features: objects.map(({ lat, lon, ...properties }) => ({
        type: 'Feature',
        properties,
        geometry: { type: 'Point', coordinates: [lon, lat] },
      })),
    }),
  ],
  // An API's answer saved as a file: the records under a key, after other keys holding lists.
  ['an API answer, under results', 'g.json', JSON.stringify({ count: 3, next: null, results: objects })],
  [
    "CKAN's datastore_search, under result.records",
    'h.json',
    JSON.stringify({
      help: 'https://data.example.org/api/3/action/help_show?name=datastore_search',
      success: true,
      result: { fields: [{ id: 'external_id', type: 'text' }], records: objects, total: 3 },
    }),
  ],
  [
    'OData, under value',
    'i.json',
    JSON.stringify({ '@odata.context': '$metadata#Incidents', value: objects }),
  ],
];

const stored = (database: Database, source: string) =>
  database.query(
    `select external_id, occurred_at, time_precision, category, raw_type, lat, lon, cell, origin
     from incidents where source = $1 order by external_id`,
    [source],
  );

describeEachDatabase('formats', (kind) => {
  test('CSV in any dialect, JSON, NDJSON, GeoJSON and API answers give the same incidents', async () => {
    const database = await freshDatabase(kind);
    for (const [i, [label, name, content, options]] of FILES.entries()) {
      const result = await importPath(database, tempFile(name, content, options), { source: `f${i}` });
      expect(result, label).toMatchObject({ received: 3, accepted: 3, rejected: 0 });
    }
    const reference = await stored(database, 'f0');
    expect(reference.map((r) => r.category)).toEqual(['burglary', 'theft', 'assault']);
    expect((reference[0]!.occurred_at as Date).toISOString()).toBe('2026-03-03T04:15:00.000Z');
    for (let i = 1; i < FILES.length; i++) {
      expect(await stored(database, `f${i}`), FILES[i]![0]).toEqual(reference);
    }
    // Narratives and names came in with every file; none was stored anywhere.
    const dump = JSON.stringify(await database.query('select * from incidents'));
    expect(dump).not.toContain('J. Doe');
    expect(dump).not.toContain('narrative');
  });

  test('--map names the columns of an unknown export; --crs reads projected feet', async () => {
    const database = await freshDatabase(kind);
    const file = tempFile(
      'rms.csv',
      'Case No,When,Offense,X,Y\nP-1,08/10/2016 11:30 PM,PROWLER,7660085,672910\nP-2,08/11/2016 01:00 AM,STOLEN VEHICLE,7670915,681541\n',
    );
    // Unmapped, no column is the date: the file is refused whole, saying which columns it has and
    // how to name one, rather than every row refused with "no date".
    await expect(
      importPath(database, file, { timeZone: 'America/Los_Angeles', source: 'none' }),
    ).rejects.toThrow(
      `no column is read as the date (the file's columns: case_no, when, offense, x, y); name it with --map "when=occurred_at"; nothing was stored`,
    );
    expect(await rowsOf(database, "select id from ingest_batches where source = 'none'")).toEqual([]);
    // An export in other words lacks more, and hears of all of it at once.
    const italian = tempFile('reati.csv', 'Data_Reato,Reato,Via\n2026-01-02,FURTO,Via Roma 100\n');
    await expect(importPath(database, italian, { source: 'none' })).rejects.toThrow(
      `no column is read as the date, the place or the offence (the file's columns: data_reato, reato, via); name them with --map "data_reato=occurred_at"; --map "COLUMN=lat" --map "COLUMN=lon" (or x and y with --crs); --map "reato=raw_type" (or, where every row is one offence, --offence "its name"); nothing was stored`,
    );
    // A Spanish one is read but for its place.
    const spanish = tempFile('delitos.csv', 'Fecha,Delito,Calle\n2026-01-02,ROBO,Reforma 100\n');
    await expect(importPath(database, spanish, { source: 'none' })).rejects.toThrow(
      `no column is read as the place (the file's columns: fecha, delito, calle); name it with --map "COLUMN=lat" --map "COLUMN=lon" (or x and y with --crs), once the file has them: its addresses ('calle') are not looked up, so export the records system's coordinates with them (latitude and longitude, or X and Y), or geocode the addresses first; nothing was stored`,
    );
    // Addresses without coordinates: no --map reads a place from them, and the answer says what will.
    const addresses = tempFile(
      'no-points.csv',
      'Case Number,Date,Offense,Address\n24-1,2026-01-02 22:15,BURGLARY,1400 OAK ST\n',
    );
    await expect(importPath(database, addresses, { source: 'none' })).rejects.toThrow(
      `no column is read as the place (the file's columns: case_number, date, offense, address); name it with --map "COLUMN=lat" --map "COLUMN=lon" (or x and y with --crs), once the file has them: its addresses ('address') are not looked up, so export the records system's coordinates with them (latitude and longitude, or X and Y), or geocode the addresses first; nothing was stored`,
    );

    const mapped = await importPath(database, file, {
      timeZone: 'America/Los_Angeles',
      maps: ['Case No=external_id', 'When=occurred_at', 'Offense=raw_type'],
      crs: 'EPSG:2913',
    });
    expect(mapped).toMatchObject({ accepted: 2, rejected: 0 });
    const rows = await rowsOf<Record<string, unknown>>(
      database,
      "select external_id, occurred_at, category, lat, lon from incidents where source = 'import' order by external_id",
    );
    expect(rows[0]).toMatchObject({ external_id: 'P-1', category: 'burglary' });
    expect((rows[0]!.occurred_at as Date).toISOString()).toBe('2016-08-11T06:30:00.000Z');
    expect(rows[0]!.lat).toBeCloseTo(45.492956, 5);
    expect(rows[0]!.lon).toBeCloseTo(-122.61391, 5);
    expect(rows[1]).toMatchObject({ external_id: 'P-2', category: 'vehicle_theft' });
  });
});

describeEachDatabase('text encodings', (kind) => {
  // Offence names as a French-Canadian or Spanish records system writes them.
  const TEXT =
    'external_id,occurred_at,raw_type,lat,lon\n' +
    'E-1,2026-03-02 22:15,Introduction par effraction – résidence,41.8781,-87.6298\n' +
    'E-2,2026-03-03 09:40,Robo de vehículo,41.88,-87.63\n';
  const latin1 = Buffer.from(TEXT.replace('–', '-'), 'latin1');
  const utf16le = Buffer.concat([
    Buffer.from([0xff, 0xfe]),
    Buffer.from(TEXT.replaceAll(',', '\t'), 'utf16le'),
  ]);
  const utf16beNoBom = Buffer.from(TEXT, 'utf16le').swap16();

  const rawTypes = (database: Database, source: string) =>
    rowsOf<{ raw_type: string }>(
      database,
      'select raw_type from incidents where source = $1 order by external_id',
      [source],
    ).then((rows) => rows.map((r) => r.raw_type));

  test('Latin-1 and UTF-16 (with or without a BOM) are read as what they are, accents intact', async () => {
    const database = await freshDatabase(kind);
    const cases: [string, Buffer, string, string[]][] = [
      ['latin-1', latin1, 'windows-1252', ['Introduction par effraction - résidence', 'Robo de vehículo']],
      [
        'utf-16le-bom-tabs',
        utf16le,
        'utf-16le',
        ['Introduction par effraction – résidence', 'Robo de vehículo'],
      ],
      [
        'utf-16be-no-bom',
        utf16beNoBom,
        'utf-16be',
        ['Introduction par effraction – résidence', 'Robo de vehículo'],
      ],
    ];
    for (const [source, content, encoding, expected] of cases) {
      const result = await importPath(database, tempFile(`${source}.csv`, content), { source });
      expect(result, source).toMatchObject({ accepted: 2, rejected: 0, encoding });
      expect(await rawTypes(database, source), source).toEqual(expected);
    }
    expect(JSON.stringify(await database.query('select raw_type from incidents'))).not.toContain('\ufffd');
  });

  test('--encoding overrides what the bytes suggest; an unknown one is refused and stores nothing', async () => {
    const database = await freshDatabase(kind);
    // Valid UTF-8 bytes that an analyst knows to be Latin-1 (Ã© is é written twice over).
    const file = tempFile('mojibake.csv', Buffer.from(TEXT, 'utf8'));
    const asLatin1 = await importPath(database, file, { source: 'as-latin1', encoding: 'latin1' });
    expect(asLatin1).toMatchObject({ accepted: 2, encoding: 'windows-1252' });
    expect((await rawTypes(database, 'as-latin1'))[1]).toBe('Robo de vehÃ\u00adculo');
    await expect(importPath(database, file, { source: 'bad', encoding: 'ebcdic' })).rejects.toThrow(
      /unknown encoding 'ebcdic'/,
    );
    expect(await database.query("select 1 from incidents where source = 'bad'")).toEqual([]);
  });
});

test('text that is not UTF-8 is Shift_JIS only where it reads as Japanese; Latin-1 with capitals, quotes and dashes stays Latin-1', () => {
  const latin1 = Buffer.from(
    'NATUREZA;BAIRRO;OBS\r\nLESÃO CORPORAL;SÃO JOÃO;\u201cÉ\u201d – ÇÃO\r\nFURTO;JARDIM PAULISTA;ação à noite\r\n',
    'latin1',
  );
  // Curly quotes and the en dash are Windows-1252's own bytes (Node's latin1 keeps only their low byte).
  for (const [low, cp1252] of [
    [0x1c, 0x93],
    [0x1d, 0x94],
    [0x13, 0x96],
  ] as const)
    latin1[latin1.indexOf(low)] = cp1252;
  expect(detectEncoding(latin1, true)).toBe('windows-1252');
  expect(detectEncoding(Buffer.from('Introduction par effraction – résidence\n', 'latin1'), true)).toBe(
    'windows-1252',
  );
  // 罪名,手口 / 窃盗,自転車盗 and the full-width brackets of 管轄警察署（発生地）, in Shift_JIS.
  const sjis = Buffer.from(
    '8d df 96 bc 2c 8e e8 8c fb 2c 8a c7 8a 8d 8c 78 8e 40 8f 90 81 69 94 ad 90 b6 92 6e 81 6a 0d 0a 90 de 93 90 2c 8e a9 93 5d 8e d4 93 90 2c 90 56 8f 68 0d 0a'.replaceAll(
      ' ',
      '',
    ),
    'hex',
  );
  expect(new TextDecoder('shift_jis').decode(sjis)).toBe(
    '罪名,手口,管轄警察署（発生地）\r\n窃盗,自転車盗,新宿\r\n',
  );
  expect(detectEncoding(sjis, true)).toBe('shift_jis');
  // Cut in the middle of a character, as a sample of the file's head is.
  expect(detectEncoding(sjis.subarray(0, 35), false)).toBe('shift_jis');
  expect(encodingNamed('CP932')).toBe('shift_jis');
});
