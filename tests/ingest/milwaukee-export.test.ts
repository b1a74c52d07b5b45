// Milwaukee's WIBR crime data names no offence in a column: it has a 0/1 column per offence, and its
// points are rough state plane feet in NAD27. Before, the file was refused whole ("no column is read
// as the date, the place or the offence").
import { expect, test } from 'vitest';
import { DATABASE_KINDS, freshDatabase } from '../helpers/databases.ts';
import { importPath, tempFile } from '../helpers/import.ts';
import { rowsOf } from '../helpers/rows.ts';

const MILWAUKEE = [
  'IncidentNum,ReportedDateTime,ReportedYear,ReportedMonth,Location,WeaponUsed,ALD,NSP,POLICE,TRACT,WARD,ZIP,RoughX,RoughY,Arson,AssaultOffense,Burglary,CriminalDamage,Homicide,LockedVehicle,Robbery,SexOffense,Theft,VehicleTheft',
  '223450012,2023-03-04 21:15:00,2023,3,2400 N 35TH ST,,15,,7,1300,123,53210,2541845.3,392440.7,0,1,0,0,0,0,0,0,0,0',
  '223450013,2023-03-05 09:30:00,2023,3,1500 W NATIONAL AV,,12,,2,1600,45,53204,2548321.1,380122.5,0,0,0,0,0,1,0,0,0,0',
  // A burglary in which something was stolen: one incident, filed as the graver.
  '223450014,2023-03-05 23:05:00,2023,3,3100 S 13TH ST,,13,,6,1700,200,53215,2550412.9,372771.2,0,0,1,0,0,0,0,0,1,0',
  // No offence flagged: refused alone, saying why.
  '223450015,2023-03-06 10:00:00,2023,3,700 N WATER ST,,4,,1,1800,10,53202,2560000.0,387000.0,0,0,0,0,0,0,0,0,0,0',
].join('\n');

test.each(DATABASE_KINDS)(
  "Milwaukee's: read with no flag, each incident's offence from its flags, its district and place (%s)",
  async (kind) => {
    const database = await freshDatabase(kind);
    const read = await importPath(
      database,
      tempFile('wibr.csv', MILWAUKEE),
      {},
      { timeZone: 'America/Chicago' },
    );
    expect(read).toMatchObject({ accepted: 3, rejected: 1 });
    expect(read.errors).toEqual([
      { line: 5, field: 'raw_type', reason: 'no offence flagged (every offence column is 0)' },
    ]);
    const rows = await rowsOf<{
      external_id: string;
      raw_type: string;
      category: string;
      district: string;
      block: string;
      lat: number;
      lon: number;
    }>(
      database,
      "select external_id, raw_type, category, district, block, lat, lon from incidents where source = 'milwaukee' order by external_id",
    );
    expect(rows.map((r) => [r.external_id, r.raw_type, r.category, r.district, r.block])).toEqual([
      ['223450012', 'Assault offense', 'assault', '7', '2400 block of N 35th St'],
      ['223450013', 'Theft from a locked vehicle', 'theft', '2', '1500 block of W National Av'],
      ['223450014', 'Burglary', 'burglary', '6', '3100 block of S 13th St'],
    ]);
    // North 35th Street at 2400 North, within the rounding of the source's points.
    expect(Number(rows[0]!.lat)).toBeCloseTo(43.0587, 3);
    expect(Number(rows[0]!.lon)).toBeCloseTo(-87.9724, 3);
  },
);
