// Vancouver's crime data as the VPD publishes it: its time in parts, its hundred blocks with the last
// two digits hidden ("10XX ALBERNI ST"), its neighbourhoods, and its points in UTM zone 10 metres. Read
// with no flag. Offences against a person are published at 0, 0 and a place it does not know as
// "X NK_LOC ST": both refused, each alone.
import { expect, test } from 'vitest';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { importPath, tempFile } from '../helpers/import.ts';
import { rowsOf } from '../helpers/rows.ts';

const VANCOUVER = [
  'TYPE,YEAR,MONTH,DAY,HOUR,MINUTE,HUNDRED_BLOCK,NEIGHBOURHOOD,X,Y',
  'Break and Enter Commercial,2023,1,3,16,15,10XX ALBERNI ST,West End,491063.57,5459183.9',
  'Theft from Vehicle,2023,1,4,2,0,7XX GRANVILLE ST,Central Business District,491287.12,5458717.2',
  'Mischief,2023,1,5,23,30,X NK_LOC ST,Stanley Park,490500.0,5460500.0',
  'Offence Against a Person,2023,1,6,0,0,OFFSET TO PROTECT PRIVACY,,0,0',
  'Theft of Bicycle,2023,1,7,12,45,32XX W BROADWAY AVE,Kitsilano,487735.4,5457580.6',
].join('\r\n');

describeEachDatabase("Vancouver's export", (kind) => {
  test('is read with no flag: its zone, its blocks and neighbourhoods, its points; withheld places refused', async () => {
    const database = await freshDatabase(kind);
    const result = await importPath(
      database,
      tempFile('crimedata_csv_AllNeighbourhoods_2023.csv', VANCOUVER),
    );
    expect(result).toMatchObject({ accepted: 3, rejected: 2, timeZone: 'America/Vancouver' });
    expect(result.errors.map((e) => `${e.line} ${e.reason}`)).toEqual([
      "4 the source does not know the place 'X NK_LOC ST'",
      '5 zero coordinates',
    ]);
    const stored = await rowsOf<Record<string, unknown>>(
      database,
      `select source, occurred_at, category, raw_type, district, block, round(lat::numeric, 3)::float8 as lat,
              round(lon::numeric, 3)::float8 as lon
       from incidents order by occurred_at`,
    );
    expect(stored).toEqual([
      {
        source: 'vancouver',
        occurred_at: new Date('2023-01-04T00:15:00Z'),
        category: 'burglary',
        raw_type: 'Break and Enter Commercial',
        district: 'West End',
        block: '1000 block of Alberni St',
        lat: 49.285,
        lon: -123.123,
      },
      {
        source: 'vancouver',
        occurred_at: new Date('2023-01-04T10:00:00Z'),
        category: 'theft',
        raw_type: 'Theft from Vehicle',
        district: 'Central Business District',
        block: '700 block of Granville St',
        lat: 49.281,
        lon: -123.12,
      },
      {
        source: 'vancouver',
        occurred_at: new Date('2023-01-07T20:45:00Z'),
        category: 'theft',
        raw_type: 'Theft of Bicycle',
        district: 'Kitsilano',
        block: '3200 block of W Broadway Ave',
        lat: 49.271,
        lon: -123.169,
      },
    ]);
  });
});
