// An export written one row per offence lists a report's offences on consecutive rows under one id.
// The event is stored once, as its most serious offence: a burglary listed after a drug charge is a
// burglary (drugs are left out of forecasts by default), whichever row came first.
import { expect, test } from 'vitest';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { importPath, tempFile } from '../helpers/import.ts';
import { rowsOf } from '../helpers/rows.ts';

const HEADER = 'Report Number,Offense Start DateTime,Offense,Precinct,100 Block Address,Longitude,Latitude';
const row = (id: string, at: string, offence: string, i = 0) =>
  `${id},${at},${offence},W,${(i % 90) + 1}XX BLOCK OF 23RD AVE W,${(-122.38 + (i % 50) * 0.001).toFixed(4)},${(47.64 + Math.floor(i / 50) * 0.001).toFixed(4)}`;

// Enough single-offence reports before the last one that its two rows fall in two chunks of reading.
const FILLER = Array.from({ length: 1_997 }, (_, i) =>
  row(`2020-1${String(i).padStart(5, '0')}`, '02/05/2020 10:10:00 AM', 'Theft From Building', i),
);

const EXPORT = [
  HEADER,
  row('2020-044620', '02/05/2020 10:10:00 AM', 'Drug/Narcotic Violations'),
  row('2020-044620', '02/05/2020 10:10:00 AM', 'Burglary/Breaking & Entering'),
  ...FILLER,
  row('2020-044700', '02/05/2020 11:00:00 PM', 'Robbery'),
  row('2020-044700', '02/05/2020 11:00:00 PM', 'Aggravated Assault'),
  row('2020-044800', '02/06/2020 01:30:00 AM', 'Driving Under the Influence'),
  row('2020-044800', '02/06/2020 01:30:00 AM', 'Motor Vehicle Theft'),
].join('\n');

const storedOf = (database: Awaited<ReturnType<typeof freshDatabase>>) =>
  rowsOf(
    database,
    "select external_id, category, raw_type from incidents where external_id in ('2020-044620', '2020-044700', '2020-044800') order by external_id",
  );

describeEachDatabase('an event listed once per offence', (kind) => {
  test('is stored once, as its most serious offence, and the same file again changes nothing', async () => {
    const database = await freshDatabase(kind);
    const options = { timeZone: 'America/Los_Angeles', source: 'spd' };
    const file = tempFile('offenses.csv', EXPORT);
    const first = await importPath(database, file, options);
    expect(first).toMatchObject({
      received: 2_003,
      accepted: 2_000,
      duplicates: 3,
      repeated: 3,
      rejected: 0,
    });
    expect(await storedOf(database)).toEqual([
      { external_id: '2020-044620', category: 'burglary', raw_type: 'Burglary/Breaking & Entering' },
      { external_id: '2020-044700', category: 'robbery', raw_type: 'Robbery' },
      // Its two offences are read in two chunks: the car theft still outranks the drunk driving.
      { external_id: '2020-044800', category: 'vehicle_theft', raw_type: 'Motor Vehicle Theft' },
    ]);
    const [batch] = await rowsOf(
      database,
      'select received, accepted, duplicates from ingest_batches where id = $1',
      [first.batchId],
    );
    expect(batch).toEqual({ received: 2_003, accepted: 2_000, duplicates: 3 });

    const again = await importPath(database, file, options);
    expect(again).toMatchObject({ accepted: 0, duplicates: 2_003, updated: 0 });
    expect(await storedOf(database)).toHaveLength(3);
  });
});

// Toronto's export, and any file sorted by offence, lists an event's offences far apart: the first is
// read (and written) long before the graver one comes.
const BY_OFFENCE = (moved = false) =>
  [
    HEADER,
    row('2020-050001', '02/05/2020 10:10:00 AM', 'Drug/Narcotic Violations'),
    row('2020-050002', '02/05/2020 09:00:00 PM', 'Theft From Building'),
    ...FILLER,
    row('2020-050002', '02/05/2020 09:00:00 PM', 'Robbery', moved ? 7 : 0),
    row('2020-050001', '02/05/2020 10:10:00 AM', 'Burglary/Breaking & Entering'),
    // A lesser offence after the graver one changes nothing.
    row('2020-050002', '02/05/2020 09:00:00 PM', 'Vandalism'),
  ].join('\n');

const apart = (database: Awaited<ReturnType<typeof freshDatabase>>) =>
  rowsOf(
    database,
    "select external_id, category, lon from incidents where external_id in ('2020-050001', '2020-050002') order by external_id",
  );

describeEachDatabase('an event whose offences are far apart in the file', (kind) => {
  test('is stored as its most serious offence; the same file again, or corrected, counts right', async () => {
    const database = await freshDatabase(kind);
    const options = { timeZone: 'America/Los_Angeles', source: 'tps' };
    const first = await importPath(database, tempFile('by-offence.csv', BY_OFFENCE()), options);
    expect(first).toMatchObject({ received: 2_002, accepted: 1_999, duplicates: 3, repeated: 3, updated: 0 });
    expect(await apart(database)).toEqual([
      { external_id: '2020-050001', category: 'burglary', lon: -122.38 },
      { external_id: '2020-050002', category: 'robbery', lon: -122.38 },
    ]);
    const [batch] = await rowsOf(database, 'select accepted, duplicates from ingest_batches where id = $1', [
      first.batchId,
    ]);
    expect(batch).toEqual({ accepted: 1_999, duplicates: 3 });
    expect(await rowsOf(database, 'select count(*)::int as n from incidents')).toEqual([{ n: 1_999 }]);

    // Read again, each event's first row differs from what is stored, and its graver row does not.
    const again = await importPath(database, tempFile('by-offence.csv', BY_OFFENCE()), options);
    expect(again).toMatchObject({ accepted: 0, duplicates: 2_002, updated: 0 });
    expect(await apart(database)).toHaveLength(2);

    // The robbery's place corrected: one revision, from its graver row.
    const corrected = await importPath(database, tempFile('by-offence.csv', BY_OFFENCE(true)), options);
    expect(corrected).toMatchObject({ accepted: 0, duplicates: 2_001, updated: 1 });
    expect(await apart(database)).toEqual([
      { external_id: '2020-050001', category: 'burglary', lon: -122.38 },
      { external_id: '2020-050002', category: 'robbery', lon: -122.373 },
    ]);
    expect(await rowsOf(database, 'select count(*)::int as n from incidents')).toEqual([{ n: 1_999 }]);

    // Stored first as its drug charge alone; its burglary reported later, two rows further down.
    const drugs = row('2020-050003', '02/07/2020 01:00:00 PM', 'Drug/Narcotic Violations');
    await importPath(database, tempFile('day-1.csv', [HEADER, drugs].join('\n')), options);
    const later = await importPath(
      database,
      tempFile(
        'day-2.csv',
        [
          HEADER,
          drugs,
          row('2020-050004', '02/07/2020 02:00:00 PM', 'Theft From Building'),
          row('2020-050003', '02/07/2020 01:00:00 PM', 'Burglary/Breaking & Entering'),
        ].join('\n'),
      ),
      options,
    );
    expect(later).toMatchObject({ accepted: 1, duplicates: 1, updated: 1 });
    expect(
      await rowsOf(database, "select category from incidents where external_id = '2020-050003'"),
    ).toEqual([{ category: 'burglary' }]);
  });
});

// A portal's feed brings the rows edited since its last run: one offence's row of an event, alone.
describeEachDatabase('a lesser offence of a stored event, sent alone', (kind) => {
  test('leaves the event as it was where the source lists events once per offence; elsewhere it reclassifies', async () => {
    const database = await freshDatabase(kind);
    const options = { timeZone: 'America/Los_Angeles', source: 'spd' };
    const category = async (id: string) =>
      (
        await rowsOf<{ category: string }>(
          database,
          'select category from incidents where external_id = $1',
          [id],
        )
      )[0]?.category;
    const file = (name: string, ...rows: string[]) => tempFile(name, [HEADER, ...rows].join('\n'));

    // Day 1: a report with a drug charge and a burglary, stored as the burglary.
    const day1 = await importPath(
      database,
      file(
        'day-1.csv',
        row('2020-060001', '02/05/2020 10:10:00 AM', 'Drug/Narcotic Violations'),
        row('2020-060001', '02/05/2020 10:10:00 AM', 'Burglary/Breaking & Entering'),
        row('2020-060002', '02/05/2020 11:00:00 AM', 'Theft From Building', 3),
      ),
      options,
    );
    expect(
      await rowsOf(database, 'select several_offences from ingest_batches where id = $1', [day1.batchId]),
    ).toEqual([{ several_offences: 1 }]);
    // Day 2: the drug charge's row edited at the source, and sent alone.
    const day2 = await importPath(
      database,
      file('day-2.csv', row('2020-060001', '02/05/2020 10:10:00 AM', 'Drug/Narcotic Violations', 1)),
      options,
    );
    expect(day2).toMatchObject({ accepted: 0, duplicates: 1, updated: 0 });
    expect(await category('2020-060001')).toBe('burglary');
    // A graver offence still raises the event.
    const day3 = await importPath(
      database,
      file('day-3.csv', row('2020-060002', '02/05/2020 11:00:00 AM', 'Robbery', 3)),
      options,
    );
    expect(day3).toMatchObject({ updated: 1 });
    expect(await category('2020-060002')).toBe('robbery');

    // A source that has never listed an event twice: the same lesser row is a reclassification.
    const single = { ...options, source: 'rms' };
    await importPath(
      database,
      file('rms-1.csv', row('2020-070001', '02/05/2020 10:10:00 AM', 'Burglary/Breaking & Entering')),
      single,
    );
    const reclassified = await importPath(
      database,
      file('rms-2.csv', row('2020-070001', '02/05/2020 10:10:00 AM', 'Theft From Building')),
      single,
    );
    expect(reclassified).toMatchObject({ updated: 1 });
    expect(await category('2020-070001')).toBe('theft');
    // ...unless the batch itself lists an event once per offence, its rows far apart.
    const listed = await importPath(
      database,
      file(
        'rms-3.csv',
        row('2020-070002', '02/06/2020 09:00:00 AM', 'Drug/Narcotic Violations', 5),
        row('2020-070001', '02/05/2020 10:10:00 AM', 'Vandalism'),
        row('2020-070002', '02/06/2020 09:00:00 AM', 'Robbery', 5),
      ),
      single,
    );
    expect(listed).toMatchObject({ accepted: 1, updated: 0 });
    expect(await category('2020-070001')).toBe('theft');
    expect(await category('2020-070002')).toBe('robbery');
  });
});
