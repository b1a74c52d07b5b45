// Four more US cities' exports, each refused whole before ("no column is read as the offence"), read
// with no flag by their columns: Austin's Crime Reports, Baltimore's Part 1 Crime Data (ArcGIS Hub's
// dates, "2021/08/01 02:00:00+00", were each an unreadable date), Cincinnati's PDI Crime Incidents and
// Atlanta's COBRA extracts. Three of them carry the victim's (and Cincinnati's the suspect's) gender,
// age, race and ethnicity in every row: none of it is ever read. And an LAPD corner names both streets,
// and an export that names its offences only by their NIBRS codes ("23F") is filed by them.
import { expect, test } from 'vitest';
import { isNibrsColumn, nibrsCategory } from '../../src/ingest/nibrs-codes.ts';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { importPath, tempFile } from '../helpers/import.ts';
import { rowsOf } from '../helpers/rows.ts';

const AUSTIN = [
  'Incident Number,Highest Offense Description,Highest Offense Code,Family Violence,Occurred Date Time,Occurred Date,Occurred Time,Report Date Time,Report Date,Report Time,Location Type,Address,Zip Code,Council District,APD Sector,APD District,PRA,Census Tract,Clearance Status,Clearance Date,UCR Category,Category Description,X-coordinate,Y-coordinate,Latitude,Longitude,Location',
  '20225012345,BURGLARY OF VEHICLE,601,N,03/14/2022 11:30:00 PM,03/14/2022,2330,03/15/2022 08:10:00 AM,03/15/2022,810,PARKING LOTS / GARAGE,1000 E 41ST ST,78751,9,BA,2,362,3.04,N,,23F,Theft,3118945,10085342,30.3079,-97.7271,"(30.3079, -97.7271)"',
  '20225012347,AUTO THEFT,700,N,03/16/2022 01:00:00 AM,03/16/2022,100,03/16/2022 09:00:00 AM,03/16/2022,900,RESIDENCE / HOME,7800 SHOAL CREEK BLVD,78757,7,ID,3,201,18.05,N,,240,Auto Theft,3114567,10110987,30.3567,-97.7345,"(30.3567, -97.7345)"',
  // No latitude: its state plane coordinates (Texas Central, US feet) place it.
  '20225012349,CRIMINAL MISCHIEF,1400,N,03/17/2022 12:30:00 AM,03/17/2022,30,03/17/2022 08:00:00 AM,03/17/2022,800,STREETS / HWY / ROAD / ALLEY,600 E 6TH ST,78701,9,GE,1,,11,N,,,,3115234,10070123,,,',
  // A family-violence case published with no place: refused alone.
  '20225012348,AGG ASSAULT,402,Y,03/16/2022 10:45:00 PM,03/16/2022,2245,03/16/2022 11:30:00 PM,03/16/2022,2330,RESIDENCE / HOME,,78744,2,FR,4,,,N,,13A,Aggravated Assault,,,,,',
].join('\n');

/** Baltimore's: the victim's gender, age, race and ethnicity in every row. */
const BALTIMORE = [
  'RowID,CrimeDateTime,CrimeCode,Location,Description,Inside_Outside,Weapon,Post,Gender,Age,Race,Ethnicity,District,Neighborhood,Latitude,Longitude,GeoLocation,Premise,Total_Incidents',
  '1,2021/08/01 02:00:00+00,4E,1500 N CAROLINE ST,COMMON ASSAULT,I,NA,313,F,34,BLACK_OR_AFRICAN_AMERICAN,NOT_HISPANIC_OR_LATINO,EASTERN,OLIVER,39.3078,-76.5992,"(39.3078,-76.5992)",ROW/TOWNHOUSE-OCC,1',
  '2,2021/08/01 14:30:00+00,6D,3400 FAIRVIEW AVE,LARCENY FROM AUTO,O,NA,613,M,51,WHITE,NOT_HISPANIC_OR_LATINO,NORTHWEST,WEST ARLINGTON,39.3312,-76.6802,"(39.3312,-76.6802)",STREET,1',
  '3,2021/08/03 21:40:00+00,4B,N MONROE ST & W NORTH AVE,AGG. ASSAULT,O,KNIFE,734,M,22,ASIAN,HISPANIC_OR_LATINO,WESTERN,PENN NORTH,39.3101,-76.6469,"(39.3101,-76.6469)",STREET,1',
  // A date the source mistyped: refused, and its refusal keeps nothing of the victim either.
  '4,2021/13/03 21:40:00+00,4B,2900 GREENMOUNT AVE,AGG. ASSAULT,O,KNIFE,512,F,63,AMERICAN_INDIAN_OR_ALASKA_NATIVE,HISPANIC_OR_LATINO,NORTHERN,HARWOOD,39.3211,-76.6093,"(39.3211,-76.6093)",STREET,1',
].join('\n');

/** Cincinnati's: a row per victim, with the victim's and the suspect's age, race, ethnicity and gender. */
const CINCINNATI = [
  'INSTANCEID,INCIDENT_NO,DATE_REPORTED,DATE_FROM,DATE_TO,CLSD,UCR,DST,BEAT,OFFENSE,LOCATION,THEFT_CODE,FLOOR,SIDE,OPENING,HATE_BIAS,DAYOFWEEK,RPT_AREA,CPD_NEIGHBORHOOD,WEAPONS,DATE_OF_CLEARANCE,HOUR_FROM,HOUR_TO,ADDRESS_X,LONGITUDE_X,LATITUDE_X,VICTIM_AGE,VICTIM_RACE,VICTIM_ETHNICITY,VICTIM_GENDER,SUSPECT_AGE,SUSPECT_RACE,SUSPECT_ETHNICITY,SUSPECT_GENDER,TOTALNUMBERVICTIMS,TOTALSUSPECTS,UCR_GROUP,ZIP,COMMUNITY_COUNCIL_NEIGHBORHOOD,SNA_NEIGHBORHOOD',
  'A1B2C3,225001234,06/01/2022 09:12:00 AM,05/31/2022 11:00:00 PM,06/01/2022 06:00:00 AM,J--CLOSED,600,3,3,THEFT,"53-STREET, ROAD, HIGHWAY",2F-THEFT FROM MOTOR VEHICLE,,,,N--NO BIAS/NO BIAS,TUESDAY,123,WESTWOOD,,,2300,600,31XX HARRISON AV,-84.6012,39.1489,ADULT (18-25),BLACK,NOT OF HISPANIC ORIG,MALE,UNKNOWN,UNKNOWN,UNKNOWN,UNKNOWN,1,1,THEFT,45211,WESTWOOD,WESTWOOD',
  'D4E5F6,225001235,06/02/2022 03:00:00 PM,06/02/2022 02:30:00 PM,06/02/2022 02:30:00 PM,Z--EARLY CLOSED,401,1,1,AGGRAVATED ASSAULT,"20-RESIDENCE, HOME",,,,,N--NO BIAS/NO BIAS,THURSDAY,45,OVER-THE-RHINE,,,1430,1430,14XX VINE ST,-84.5157,39.1101,ADULT (31-40),WHITE,NOT OF HISPANIC ORIG,FEMALE,ADULT (26-30),ASIAN,HISPANIC,MALE,2,1,AGGRAVATED ASSAULTS,45202,OVER-THE-RHINE,OVER-THE-RHINE',
  // The same incident's second victim: stored once.
  'D4E5F7,225001235,06/02/2022 03:00:00 PM,06/02/2022 02:30:00 PM,06/02/2022 02:30:00 PM,Z--EARLY CLOSED,401,1,1,AGGRAVATED ASSAULT,"20-RESIDENCE, HOME",,,,,N--NO BIAS/NO BIAS,THURSDAY,45,OVER-THE-RHINE,,,1430,1430,14XX VINE ST,-84.5157,39.1101,JUVENILE (UNDER 18),WHITE,NOT OF HISPANIC ORIG,FEMALE,ADULT (26-30),ASIAN,HISPANIC,MALE,2,1,AGGRAVATED ASSAULTS,45202,OVER-THE-RHINE,OVER-THE-RHINE',
].join('\n');

const ATLANTA = [
  'offense_id,rpt_date,occur_date,occur_time,poss_date,poss_time,beat,apt_office_prefix,apt_office_num,location,MinOfucr,MinOfibr_code,dispo_code,MaxOfnum_victims,Shift,Avg Day,loc_type,UC2_Literal,neighborhood,npu,x,y',
  '90010930,01/01/2009,01/01/2009,1145,01/01/2009,1148,411,,,2841 GREENBRIAR PKWY,670,2308,,1,Day,Thu,8,LARCENY-NON VEHICLE,Greenbriar,R,-84.48790,33.68212',
  '90020004,01/02/2009,01/01/2009,2330,01/02/2009,0005,210,,,3393 PEACHTREE RD NE,720,2404,,1,Morn,Thu,26,AUTO THEFT,Lenox,B,-84.36281,33.84697',
].join('\n');

const LAPD_CORNER = [
  'DR_NO,Date Rptd,DATE OCC,TIME OCC,AREA,AREA NAME,Rpt Dist No,Crm Cd,Crm Cd Desc,Vict Age,Vict Sex,Premis Desc,LOCATION,Cross Street,LAT,LON',
  '200204513,02/08/2020 12:00:00 AM,02/07/2020 12:00:00 AM,1845,02,Rampart,0201,230,"ASSAULT WITH DEADLY WEAPON, AGGRAVATED ASSAULT",25,M,STREET,VERMONT                      AV,BEVERLY                      BL,34.0762,-118.2917',
  // A numbered block keeps its block, whatever the cross street.
  '200204514,02/08/2020 12:00:00 AM,02/07/2020 12:00:00 AM,1900,02,Rampart,0201,510,VEHICLE - STOLEN,0,X,STREET,400 N  VERMONT                      AV,BEVERLY                      BL,34.0762,-118.2917',
].join('\n');

type Stored = { id: string; occurred_at: Date; category: string; district: string; block: string | null };

const stored = (database: Awaited<ReturnType<typeof freshDatabase>>, source: string) =>
  rowsOf<Stored>(
    database,
    `select external_id as id, occurred_at, category, district, block from incidents
     where source = $1 order by occurred_at`,
    [source],
  );

/** Everything stored of the incidents and of the rows refused, as one text. */
const everything = async (database: Awaited<ReturnType<typeof freshDatabase>>) =>
  JSON.stringify([
    await rowsOf(database, 'select * from incidents'),
    await rowsOf(database, 'select * from ingest_rejections'),
  ]);

describeEachDatabase('US city exports read by their profiles, with no flag', (kind) => {
  test("Austin's: when it occurred, its sectors, and a place written only in state plane feet", async () => {
    const database = await freshDatabase(kind);
    const read = await importPath(database, tempFile('Crime_Reports.csv', AUSTIN));
    expect(read).toMatchObject({ accepted: 3, rejected: 1, timeZone: 'America/Chicago' });
    expect(read.errors).toEqual([{ line: 5, field: 'location', reason: 'no coordinates' }]);
    expect(await stored(database, 'austin')).toEqual([
      {
        id: '20225012345',
        occurred_at: new Date('2022-03-15T04:30:00Z'),
        category: 'theft',
        district: 'BA',
        block: '1000 block of E 41st St',
      },
      {
        id: '20225012347',
        occurred_at: new Date('2022-03-16T06:00:00Z'),
        category: 'vehicle_theft',
        district: 'ID',
        block: '7800 block of Shoal Creek Blvd',
      },
      {
        id: '20225012349',
        occurred_at: new Date('2022-03-17T05:30:00Z'),
        category: 'vandalism',
        district: 'GE',
        block: '600 block of E 6th St',
      },
    ]);
    const [sixth] = await rowsOf<{ lat: number; lon: number }>(
      database,
      "select lat, lon from incidents where external_id = '20225012349'",
    );
    // 600 E 6th St, downtown Austin.
    expect(sixth!.lat).toBeCloseTo(30.266, 2);
    expect(sixth!.lon).toBeCloseTo(-97.74, 2);
  });

  test("Baltimore's: ArcGIS dates, its districts and corners, and nothing of the victim", async () => {
    const database = await freshDatabase(kind);
    const read = await importPath(database, tempFile('Part_1_Crime_Data.csv', BALTIMORE));
    expect(read).toMatchObject({ accepted: 3, rejected: 1, timeZone: 'America/New_York' });
    expect(read.errors).toMatchObject([{ line: 5, field: 'occurred_at' }]);
    expect((await stored(database, 'baltimore')).map(({ id: _, ...row }) => row)).toEqual([
      {
        occurred_at: new Date('2021-08-01T02:00:00Z'),
        category: 'assault',
        district: 'EASTERN',
        block: '1500 block of N Caroline St',
      },
      {
        occurred_at: new Date('2021-08-01T14:30:00Z'),
        category: 'theft',
        district: 'NORTHWEST',
        block: '3400 block of Fairview Ave',
      },
      {
        occurred_at: new Date('2021-08-03T21:40:00Z'),
        category: 'assault',
        district: 'WESTERN',
        block: 'N Monroe St & W North Ave',
      },
    ]);
    expect(await everything(database)).not.toMatch(/AFRICAN|WHITE|ASIAN|AMERICAN_INDIAN|HISPANIC/);
  });

  test("Cincinnati's: the start of the span, its districts, a row per victim stored once, and no person", async () => {
    const database = await freshDatabase(kind);
    const read = await importPath(
      database,
      tempFile('PDI__Police_Data_Initiative__Crime_Incidents.csv', CINCINNATI),
    );
    expect(read).toMatchObject({ accepted: 2, duplicates: 1, rejected: 0, timeZone: 'America/New_York' });
    expect(await stored(database, 'cincinnati')).toEqual([
      {
        id: '225001234',
        occurred_at: new Date('2022-06-01T03:00:00Z'),
        category: 'theft',
        district: '3',
        block: '3100 block of Harrison Av',
      },
      {
        id: '225001235',
        occurred_at: new Date('2022-06-02T18:30:00Z'),
        category: 'assault',
        district: '1',
        block: '1400 block of Vine St',
      },
    ]);
    expect(await everything(database)).not.toMatch(/ADULT|JUVENILE|WHITE|BLACK|ASIAN|HISPANIC|FEMALE/);
  });

  test("Atlanta's: the occurrence's date and time, x and y as longitude and latitude, its beats", async () => {
    const database = await freshDatabase(kind);
    const read = await importPath(database, tempFile('COBRA-2009.csv', ATLANTA));
    expect(read).toMatchObject({ accepted: 2, rejected: 0, timeZone: 'America/New_York' });
    expect(await stored(database, 'atlanta')).toEqual([
      {
        id: '90010930',
        occurred_at: new Date('2009-01-01T16:45:00Z'),
        category: 'theft',
        district: '411',
        block: '2800 block of Greenbriar Pkwy',
      },
      {
        id: '90020004',
        occurred_at: new Date('2009-01-02T04:30:00Z'),
        category: 'vehicle_theft',
        district: '210',
        block: '3300 block of Peachtree Rd NE',
      },
    ]);
  });

  test('an export that names its offences only by NIBRS code files each by the code', async () => {
    const database = await freshDatabase(kind);
    const file = [
      'Incident ID,Occurred At,NIBRS Code,Lat,Lon',
      '1,2024-01-05 14:30,23F,39.78,-89.65',
      '2,2024-01-05 15:30,220,39.78,-89.65',
      '3,2024-01-05 16:30,13a,39.78,-89.65',
      '4,2024-01-05 17:30,240,39.78,-89.65',
      '5,2024-01-05 18:30,90D,39.78,-89.65',
      // Not a code NIBRS has: no category is guessed for it.
      '6,2024-01-05 19:30,999,39.78,-89.65',
    ].join('\n');
    const read = await importPath(database, tempFile('rms.csv', file), { source: 'rms' });
    expect(read).toMatchObject({ accepted: 6, rejected: 0 });
    const rows = await rowsOf<{ raw_type: string; category: string }>(
      database,
      'select raw_type, category from incidents order by occurred_at',
    );
    expect(rows.map((r) => [r.raw_type, r.category])).toEqual([
      ['23F', 'theft'],
      ['220', 'burglary'],
      ['13a', 'assault'],
      ['240', 'vehicle_theft'],
      ['90D', 'traffic'],
      ['999', 'other'],
    ]);
  });

  test('an LAPD corner is both its streets; a numbered block stays the block', async () => {
    const database = await freshDatabase(kind);
    await importPath(database, tempFile('Crime_Data_from_2020_to_Present.csv', LAPD_CORNER));
    expect((await stored(database, 'lapd')).map((r) => r.block)).toEqual([
      'Vermont Av & Beverly Bl',
      '400 block of N Vermont Av',
    ]);
  });
});

test('read as a generic file, the refusal names the column of words as the offence, not a date or a code', async () => {
  const database = await freshDatabase('pglite');
  await expect(
    importPath(database, tempFile('baltimore.csv', BALTIMORE), { profile: 'generic' }),
  ).rejects.toThrow('--map "description=raw_type"');
  await expect(
    importPath(database, tempFile('atlanta.csv', ATLANTA), { profile: 'generic' }),
  ).rejects.toThrow('--map "uc2_literal=raw_type"');
});

test('a NIBRS code with its letter is one anywhere; one of three digits only in a column named for NIBRS', () => {
  expect(nibrsCategory('23F', false)).toBe('theft');
  expect(nibrsCategory(' 35a ', false)).toBe('drugs');
  // An agency's own offence number 220 is not NIBRS's burglary unless the column says NIBRS.
  expect(nibrsCategory('220', false)).toBeUndefined();
  expect(nibrsCategory('220', true)).toBe('burglary');
  expect(nibrsCategory('2200', true)).toBeUndefined();
  expect(isNibrsColumn('nibrs_code')).toBe(true);
  expect(isNibrsColumn('offense_code')).toBe(false);
});
