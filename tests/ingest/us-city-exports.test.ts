// Three large US cities' exports as their portals publish them, each read with no flag. Before, each
// was refused whole: Denver's for its date (FIRST_OCCURRENCE_DATE), place (GEO_LAT, GEO_LON) and
// offence (OFFENSE_TYPE_ID, written as a slug), Boston's for its offence (OFFENSE_DESCRIPTION) and then
// every row for its date ("2023-01-01 14:20:00+00": an offset of hours alone, as PostgreSQL writes it),
// Philadelphia's for its date (dispatch_date_time) and offence (text_general_code).
import { expect, test } from 'vitest';
import { classify } from '../../src/ingest/category-rules.ts';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { importPath, tempFile } from '../helpers/import.ts';
import { rowsOf } from '../helpers/rows.ts';

const DENVER = [
  'INCIDENT_ID,OFFENSE_ID,OFFENSE_CODE,OFFENSE_CODE_EXTENSION,OFFENSE_TYPE_ID,OFFENSE_CATEGORY_ID,FIRST_OCCURRENCE_DATE,LAST_OCCURRENCE_DATE,REPORTED_DATE,INCIDENT_ADDRESS,GEO_X,GEO_Y,GEO_LON,GEO_LAT,DISTRICT_ID,PRECINCT_ID,NEIGHBORHOOD_ID,IS_CRIME,IS_TRAFFIC,VICTIM_COUNT',
  '2023100001,2023100001240000,2400,0,theft-of-motor-vehicle,auto-theft,1/2/2023 3:15:00 PM,1/2/2023 6:00:00 PM,1/3/2023 9:00:00 AM,1500 BLAKE ST,3140000,1700000,-104.9966,39.7499,6,611,union-station,1,0,1',
  '2023100002,2023100002220000,2204,0,burglary-residence-no-force,burglary,1/3/2023 11:40:00 PM,,1/4/2023 8:00:00 AM,2800 W 38TH AVE,3130000,1710000,-105.0210,39.7700,1,113,sunnyside,1,0,1',
  // A second offence of the same incident: stored once, by its first row.
  '2023100002,2023100002290000,2900,0,criminal-mischief-other,public-disorder,1/3/2023 11:40:00 PM,,1/4/2023 8:00:00 AM,2800 W 38TH AVE,3130000,1710000,-105.0210,39.7700,1,113,sunnyside,1,0,1',
].join('\n');

const BOSTON = [
  'INCIDENT_NUMBER,OFFENSE_CODE,OFFENSE_CODE_GROUP,OFFENSE_DESCRIPTION,DISTRICT,REPORTING_AREA,SHOOTING,OCCURRED_ON_DATE,YEAR,MONTH,DAY_OF_WEEK,HOUR,UCR_PART,STREET,Lat,Long,Location',
  'I23000002,619,,LARCENY ALL OTHERS,D4,130,0,2023-01-01 19:20:00+00,2023,1,Sunday,14,,BOYLSTON ST,42.3490,-71.0780,"(42.3490, -71.0780)"',
  'I23000003,1402,,VANDALISM,C11,355,0,2023-01-03 03:05:00+00,2023,1,Monday,22,,DORCHESTER AVE,42.3000,-71.0590,"(42.3000, -71.0590)"',
].join('\n');

const PHILADELPHIA = [
  'the_geom,cartodb_id,the_geom_webmercator,objectid,dc_dist,psa,dispatch_date_time,dispatch_date,dispatch_time,hour,dc_key,location_block,ucr_general,text_general_code,point_x,point_y,lat,lng',
  '0101000020E6100000,1,0101000020110F0000,101,24,2,2023-01-01 10:15:00+00,2023-01-01,05:15:00,5,202324000001,3000 BLOCK KENSINGTON AVE,600,Thefts,-75.1200,39.9900,39.9900,-75.1200',
  '0101000020E6100000,2,0101000020110F0000,102,6,1,2023-01-02 03:40:00+00,2023-01-01,22:40:00,22,202306000002,1200 BLOCK MARKET ST,500,Burglary Residential,-75.1600,39.9520,39.9520,-75.1600',
].join('\n');

type Stored = {
  occurred_at: Date;
  category: string;
  district: string;
  block: string;
};

const stored = (database: Awaited<ReturnType<typeof freshDatabase>>, source: string) =>
  rowsOf<Stored>(
    database,
    'select occurred_at, category, district, block from incidents where source = $1 order by occurred_at',
    [source],
  );

describeEachDatabase('US city exports read with no flag', (kind) => {
  test("Denver's: the first occurrence, an offence written as a slug, one incident's offences stored once", async () => {
    const database = await freshDatabase(kind);
    const denver = await importPath(
      database,
      tempFile('crime.csv', DENVER),
      { source: 'denver' },
      { timeZone: 'America/Denver' },
    );
    expect(denver).toMatchObject({ accepted: 2, duplicates: 1, rejected: 0 });
    expect(await stored(database, 'denver')).toEqual([
      {
        occurred_at: new Date('2023-01-02T22:15:00Z'),
        category: 'vehicle_theft',
        district: '6',
        block: '1500 block of Blake St',
      },
      {
        occurred_at: new Date('2023-01-04T06:40:00Z'),
        category: 'burglary',
        district: '1',
        block: '2800 block of W 38th Ave',
      },
    ]);
  });

  test("Boston's: a time with an offset of hours alone", async () => {
    const database = await freshDatabase(kind);
    const boston = await importPath(
      database,
      tempFile('boston.csv', BOSTON),
      { source: 'boston' },
      { timeZone: 'America/New_York' },
    );
    expect(boston).toMatchObject({ accepted: 2, rejected: 0 });
    expect((await stored(database, 'boston')).map((r) => [r.occurred_at, r.category, r.district])).toEqual([
      [new Date('2023-01-01T19:20:00Z'), 'theft', 'D4'],
      [new Date('2023-01-03T03:05:00Z'), 'vandalism', 'C11'],
    ]);
  });

  test("Philadelphia's: the dispatch time, its district and block", async () => {
    const database = await freshDatabase(kind);
    const philadelphia = await importPath(
      database,
      tempFile('incidents_part1_part2.csv', PHILADELPHIA),
      { source: 'philadelphia' },
      { timeZone: 'America/New_York' },
    );
    expect(philadelphia).toMatchObject({ accepted: 2, rejected: 0 });
    expect(await stored(database, 'philadelphia')).toEqual([
      {
        occurred_at: new Date('2023-01-01T10:15:00Z'),
        category: 'theft',
        district: '24',
        block: '3000 block of Kensington Ave',
      },
      {
        occurred_at: new Date('2023-01-02T03:40:00Z'),
        category: 'burglary',
        district: '6',
        block: '1200 block of Market St',
      },
    ]);
  });
});

test('an offence written as a slug reads as its words; a German compound is no slug', () => {
  expect(classify('theft-of-motor-vehicle')).toBe('vehicle_theft');
  expect(classify('theft-items-from-vehicle')).toBe('theft');
  expect(classify('criminal-mischief-other')).toBe('vandalism');
  expect(classify('Kfz-Diebstahl')).toBe('vehicle_theft');
});
