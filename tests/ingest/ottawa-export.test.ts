// Ottawa's criminal offences as its police publish them: the offence as a summary beside a broader
// category, the hour it occurred as four digits without a colon ("2200", "300"), corners for places.
// Before, it was refused whole: no column was read as the offence.
import { expect, test } from 'vitest';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { importPath, tempFile } from '../helpers/import.ts';
import { rowsOf } from '../helpers/rows.ts';

const OTTAWA = [
  'OBJECTID,ID,Year,Reported_Date,Occurred_Date,Weekday,Reported_Hour,Occurred_Hour,Offence_Summary,Offence_Category,Neighbourhood,Sector,Division,Ward,Intersection,Latitude,Longitude',
  '1,2023-00001,2023,2023/01/02,2023/01/01,Sunday,900,2200,Theft $5000 and Under,Theft Under $5000,Centretown,11,Central,Somerset,BANK ST & SOMERSET ST W,45.4140,-75.6960',
  '2,2023-00002,2023,2023/01/03,2023/01/02,Monday,1000,300,Break and Enter,Break and Enter,Vanier South,12,East,Rideau-Vanier,MONTREAL RD & VANIER PKWY,45.4330,-75.6640',
  '3,2023-00003,2023,2023/01/03,2023/01/03,Tuesday,1100,1030,Assault,Assault,Byward Market,11,Central,Rideau-Vanier,RIDEAU ST & DALHOUSIE ST,45.4270,-75.6920',
].join('\r\n');

describeEachDatabase("Ottawa's export", (kind) => {
  test('is read with no flag: the occurrence and its hour, the summary as the offence, the corner', async () => {
    const database = await freshDatabase(kind);
    const result = await importPath(
      database,
      tempFile('Criminal_Offences_Open_Data.csv', OTTAWA),
      { source: 'ottawa' },
      { timeZone: 'America/Toronto' },
    );
    expect(result).toMatchObject({ accepted: 3, rejected: 0 });
    expect(
      await rowsOf(
        database,
        'select external_id, occurred_at, category, raw_type, district, block from incidents order by occurred_at',
      ),
    ).toEqual([
      {
        external_id: '2023-00001',
        // 22:00 on New Year's Day in Ottawa (EST), not the day it was reported nor its 09:00.
        occurred_at: new Date('2023-01-02T03:00:00Z'),
        category: 'theft',
        raw_type: 'Theft $5000 and Under',
        district: 'Centretown',
        block: 'Bank St & Somerset St W',
      },
      {
        external_id: '2023-00002',
        occurred_at: new Date('2023-01-02T08:00:00Z'),
        category: 'burglary',
        raw_type: 'Break and Enter',
        district: 'Vanier South',
        block: 'Montreal Rd & Vanier Pkwy',
      },
      {
        external_id: '2023-00003',
        occurred_at: new Date('2023-01-03T15:30:00Z'),
        category: 'assault',
        raw_type: 'Assault',
        district: 'Byward Market',
        block: 'Rideau St & Dalhousie St',
      },
    ]);
  });
});
