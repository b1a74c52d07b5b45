// A spreadsheet's cell can hold a line break and a fixed-width export pads with spaces: an offence or a
// district is stored, and shown in lists, on one line. The file imported again stores nothing new.
import { expect, test } from 'vitest';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { importPath, tempFile } from '../helpers/import.ts';
import { rowsOf } from '../helpers/rows.ts';

const EXPORT = [
  'Date,Offense Description,District,Address,Latitude,Longitude',
  '03/02/2024 13:05,"THEFT\nFROM VEHICLE","Central\r\nDivision",1200 BLOCK OF ELM ST,32.7801,-96.8002',
  '03/02/2024 23:40,ROBBERY   -   INDIVIDUAL,North  Central,400 BLOCK OF MAIN ST,32.7810,-96.7990',
].join('\n');

describeEachDatabase('text with line breaks and padding', (kind) => {
  test('is stored on one line, and the same file again stores nothing new', async () => {
    const database = await freshDatabase(kind);
    const options = { timeZone: 'America/Chicago', source: 'rms' };
    const file = tempFile('padded.csv', EXPORT);
    const first = await importPath(database, file, options);
    expect(first).toMatchObject({ accepted: 2, rejected: 0 });
    expect(first.types.map((t) => t.rawType).sort()).toEqual(['ROBBERY - INDIVIDUAL', 'THEFT FROM VEHICLE']);
    expect(
      await rowsOf(database, 'select raw_type, category, district from incidents order by raw_type'),
    ).toEqual([
      { raw_type: 'ROBBERY - INDIVIDUAL', category: 'robbery', district: 'North Central' },
      { raw_type: 'THEFT FROM VEHICLE', category: 'theft', district: 'Central Division' },
    ]);
    expect(await importPath(database, file, options)).toMatchObject({ accepted: 0, duplicates: 2 });
  });
});
