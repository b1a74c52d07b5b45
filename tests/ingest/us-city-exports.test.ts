// Six large US cities' exports as their portals publish them, each read with no flag. Before, each
// was refused whole: Denver's for its date (FIRST_OCCURRENCE_DATE), place (GEO_LAT, GEO_LON) and
// offence (OFFENSE_TYPE_ID, written as a slug), Boston's for its offence (OFFENSE_DESCRIPTION) and then
// every row for its date ("2023-01-01 14:20:00+00": an offset of hours alone, as PostgreSQL writes it),
// Philadelphia's for its date (dispatch_date_time) and offence (text_general_code), New York's for its
// date and offence, San Francisco's for its offence and then its times (2023/01/01 10:15:00 PM, read as
// the day alone); Seattle's lost its blocks ("15XX BLOCK OF E PINE ST") and corners ("3RD AVE / PINE ST").
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

/** New York's complaint data: the suspect's and the victim's age group, race and sex in every row. */
const NEW_YORK = [
  'CMPLNT_NUM,ADDR_PCT_CD,BORO_NM,CMPLNT_FR_DT,CMPLNT_FR_TM,CMPLNT_TO_DT,CMPLNT_TO_TM,CRM_ATPT_CPTD_CD,JURIS_DESC,KY_CD,LAW_CAT_CD,LOC_OF_OCCUR_DESC,OFNS_DESC,PD_CD,PD_DESC,PREM_TYP_DESC,RPT_DT,SUSP_AGE_GROUP,SUSP_RACE,SUSP_SEX,VIC_AGE_GROUP,VIC_RACE,VIC_SEX,X_COORD_CD,Y_COORD_CD,Latitude,Longitude,Lat_Lon',
  '263411321,14,MANHATTAN,01/02/2023,15:10:00,01/02/2023,15:20:00,COMPLETED,N.Y. POLICE DEPT,341,MISDEMEANOR,INSIDE,PETIT LARCENY,333,"LARCENY,PETIT FROM STORE-SHOPL",DEPARTMENT STORE,01/02/2023,25-44,BLACK HISPANIC,M,18-24,ASIAN / PACIFIC ISLANDER,F,986000,214000,40.7506,-73.9890,"(40.7506, -73.9890)"',
  '263411322,75,BROOKLYN,01/03/2023,23:45:00,,,COMPLETED,N.Y. POLICE DEPT,109,FELONY,FRONT OF,GRAND LARCENY OF MOTOR VEHICLE,441,"LARCENY,GRAND OF AUTO",STREET,01/04/2023,UNKNOWN,UNKNOWN,U,45-64,WHITE HISPANIC,F,1016000,184000,40.6680,-73.8810,"(40.6680, -73.8810)"',
  // A year mistyped at the source: refused alone.
  '263411323,75,BROOKLYN,01/03/1023,23:45:00,,,COMPLETED,N.Y. POLICE DEPT,107,FELONY,INSIDE,BURGLARY,221,"BURGLARY,RESIDENCE,NIGHT",RESIDENCE - APT. HOUSE,01/04/2023,65+,AMERICAN INDIAN/ALASKAN NATIVE,M,65+,BLACK,F,1016000,184000,40.6680,-73.8810,"(40.6680, -73.8810)"',
].join('\n');

const SAN_FRANCISCO = [
  'Incident Datetime,Incident Date,Incident Time,Incident Year,Incident Day of Week,Report Datetime,Row ID,Incident ID,Incident Number,CAD Number,Report Type Code,Report Type Description,Filed Online,Incident Code,Incident Category,Incident Subcategory,Incident Description,Resolution,Intersection,CNN,Police District,Analysis Neighborhood,Supervisor District,Latitude,Longitude,Point',
  '2023/01/01 10:15:00 PM,2023/01/01,22:15,2023,Sunday,2023/01/02 08:00:00 AM,123456706374,1234567,230000001,230010001,II,Initial,,06374,Larceny Theft,Larceny - From Vehicle,"Theft, From Locked Vehicle, >$950",Open or Active,MISSION ST \\ 16TH ST,24234000,Mission,Mission,9,37.765,-122.4195,POINT (-122.4195 37.765)',
  '2023/01/02 03:40:00 AM,2023/01/02,03:40,2023,Monday,2023/01/02 09:00:00 AM,123456807041,1234568,230000002,230020002,II,Initial,,07041,Motor Vehicle Theft,Motor Vehicle Theft,"Vehicle, Stolen, Auto",Open or Active,BRYANT ST \\ 8TH ST,24235000,Southern,South of Market,6,37.7735,-122.405,POINT (-122.405 37.7735)',
].join('\n');

const SEATTLE = [
  'Report Number,Offense ID,Offense Start DateTime,Offense End DateTime,Report DateTime,Group A B,Crime Against Category,Offense Parent Group,Offense,Offense Code,Precinct,Sector,Beat,MCPP,100 Block Address,Longitude,Latitude',
  '2023-000001,41000000001,01/01/2023 10:15:00 PM,,01/02/2023 08:00:00 AM,A,PROPERTY,LARCENY-THEFT,Theft From Motor Vehicle,23F,East,E,E2,CAPITOL HILL,15XX BLOCK OF E PINE ST,-122.3120,47.6150',
  '2023-000002,41000000002,01/02/2023 03:40:00 AM,,01/02/2023 09:00:00 AM,A,PROPERTY,MOTOR VEHICLE THEFT,Motor Vehicle Theft,240,West,M,M1,DOWNTOWN COMMERCIAL,3RD AVE / PINE ST,-122.3390,47.6100',
].join('\n');

/** Dallas's: a row per victim, with the victim's name, race, gender and age; the point after the address. */
const DALLAS = [
  'Incident Number w/year,Year of Incident,Service Number ID,Watch,Call (911) Problem,Type of Incident,Type  Location,Type of Property,Incident Address,Apartment Number,Reporting Area,Beat,Division,Sector,Council District,Date1 of Occurrence,Year1 of Occurrence,Month1 of Occurence,Day1 of the Week,Time1 of Occurrence,Day1 of the Year,Date of Report,Victim Type,Victim Name,Victim Race,Victim Ethnicity,Victim Gender,Victim Age,NIBRS Crime,NIBRS Crime Category,Location1',
  '000001-2023,2023,000001-2023-01,2,11V - BURG MOTOR VEH,BMV,Parking Lot (Apartment),Motor Vehicle,1500 MAIN ST,,1234,131,CENTRAL,130,D14,2023-01-01T00:00:00.000,2023,January,Sun,22:15,1,2023-01-02T08:00:00.000,Individual,"DOE, JANE",White,Non-Hispanic or Latino,Female,34,THEFT FROM MOTOR VEHICLE,LARCENY/ THEFT OFFENSES,"1500 MAIN ST\nDALLAS, TX 75201\n(32.7811, -96.7990)"',
  // The same incident's second victim.
  '000001-2023,2023,000001-2023-02,2,11V - BURG MOTOR VEH,BMV,Parking Lot (Apartment),Motor Vehicle,1500 MAIN ST,,1234,131,CENTRAL,130,D14,2023-01-01T00:00:00.000,2023,January,Sun,22:15,1,2023-01-02T08:00:00.000,Individual,"ROE, JOHN",Asian,Non-Hispanic or Latino,Male,29,THEFT FROM MOTOR VEHICLE,LARCENY/ THEFT OFFENSES,"1500 MAIN ST\nDALLAS, TX 75201\n(32.7811, -96.7990)"',
  '000002-2023,2023,000002-2023-01,3,31 - CRIMINAL MISCHIEF,CRIM MISCHIEF,Single Family Residence,,3400 ROSS AVE,,2345,152,NORTH CENTRAL,150,D2,2023-01-02T00:00:00.000,2023,January,Mon,03:40,2,2023-01-02T09:00:00.000,Individual,"ROE, RICHARD",Black,Non-Hispanic or Latino,Male,51,DESTRUCTION/ DAMAGE/ VANDALISM OF PROPERTY,DESTRUCTION/ DAMAGE/ VANDALISM OF PROPERTY,"3400 ROSS AVE\nDALLAS, TX 75204\n(32.7920, -96.7880)"',
].join('\n');

/** Atlanta's: the time as four digits beside the date, the offence as the UCR's words, the address as "Location". */
const ATLANTA = [
  'Report Number,Report Date,Occur Date,Occur Time,Possible Date,Possible Time,Beat,Apartment Office Prefix,Apartment Number,Location,Shift Occurence,Location Type,UCR Literal,UCR #,IBR Code,Neighborhood,NPU,Latitude,Longitude',
  '170010010,01/01/2017,01/01/2017,0005,01/01/2017,0045,607,,,1200 MCDONOUGH BLVD SE,Morn Watch,35,LARCENY-NON VEHICLE,630,2303,Lakewood Heights,Y,33.71006,-84.36898',
  '170010011,01/01/2017,12/31/2016,2330,01/01/2017,0100,512,,,300 PEACHTREE ST NE,Evening Watch,18,LARCENY-FROM VEHICLE,640,2305,Downtown,M,33.76135,-84.38684',
  '170010016,01/01/2017,01/01/2017,0215,01/01/2017,0215,304,,,PARKING LOT,Morn Watch,99,BURGLARY-RESIDENCE,511,2202,Grant Park,W,33.73406,-84.37011',
].join('\n');

/** Nashville's: a row per offence and victim, the victim described in each; a row's own key beside the incident's. */
const NASHVILLE = [
  'Primary Key,Incident Number,Report Type,Report Type Description,Incident Status Code,Incident Status Description,Investigation Status,Incident Occurred,Incident Reported,Incident Location,Latitude,Longitude,RPA,Zone,Location Code,Location Description,Offense Number,Offense NIBRS,Offense Description,Weapon Primary,Weapon Description,Victim Number,Domestic Related,Victim Type,Victim Description,Victim Gender,Victim Race,Victim Ethnicity,Victim County Resident,Mapped Location,ZIP Code',
  '20230000011_11,20230000011,D,DISPATCHED,O,OPEN,Open,2023/01/01 10:15:00 PM,2023/01/01 11:00:00 PM,100 BROADWAY,36.1612,-86.7760,8901,511,20,RESIDENCE/HOME,1,23F,"LARCENY, THEFT FROM MOTOR VEHICLE",17,None,1,False,I,INDIVIDUAL,F,W,N,RESIDENT,POINT (-86.7760 36.1612),37201',
  '20230000011_21,20230000011,D,DISPATCHED,O,OPEN,Open,2023/01/01 10:15:00 PM,2023/01/01 11:00:00 PM,100 BROADWAY,36.1612,-86.7760,8901,511,20,RESIDENCE/HOME,2,13A,"ASSAULT, AGGRAVATED",17,None,1,False,I,INDIVIDUAL,F,W,N,RESIDENT,POINT (-86.7760 36.1612),37201',
  '20230000023_11,20230000023,D,DISPATCHED,C,CLOSED,Closed,2023/01/02 03:40:00 AM,2023/01/02 09:00:00 AM,2500 WEST END AVE,36.1490,-86.8040,8803,521,13,PARKING LOT,1,240,MOTOR VEHICLE THEFT,17,None,1,False,I,INDIVIDUAL,M,B,N,RESIDENT,POINT (-86.8040 36.1490),37203',
].join('\n');

/**
 * Washington, DC's: a row per offence under one complaint number, the start of the span it happened in
 * beside the report's time (both in UTC, as ArcGIS writes them), a block as a range of numbers, and the
 * block's state plane point where the latitude is blank.
 */
const WASHINGTON = [
  'X,Y,CCN,REPORT_DAT,SHIFT,METHOD,OFFENSE,BLOCK,XBLOCK,YBLOCK,WARD,ANC,DISTRICT,PSA,NEIGHBORHOOD_CLUSTER,BLOCK_GROUP,CENSUS_TRACT,VOTING_PRECINCT,LATITUDE,LONGITUDE,BID,START_DATE,END_DATE,OBJECTID,OCTO_RECORD_ID',
  '-77.0035,38.9001,23000001,2023/01/01 05:00:00+00,MIDNIGHT,OTHERS,THEFT F/AUTO,100 - 199 BLOCK OF H STREET NE,399600.91,136862.02,6,6C,1,104,Cluster 25,010600 2,010600,Precinct 83,38.9001,-77.0035,NOMA,2023/01/01 03:15:00+00,2023/01/01 04:30:00+00,500001,23000001-01',
  '-77.0035,38.9001,23000001,2023/01/01 05:00:00+00,MIDNIGHT,OTHERS,THEFT/OTHER,100 - 199 BLOCK OF H STREET NE,399600.91,136862.02,6,6C,1,104,Cluster 25,010600 2,010600,Precinct 83,38.9001,-77.0035,NOMA,2023/01/01 03:15:00+00,2023/01/01 04:30:00+00,500002,23000001-02',
  // No start, no latitude: dated to the day it was reported (09:05 in Washington), placed by its block.
  ',,23000002,2023/01/02 14:05:00+00,DAY,OTHERS,MOTOR VEHICLE THEFT,3100 - 3199 BLOCK OF 14TH STREET NW,397155.96,140136.15,1,1A,3,302,Cluster 2,002802 1,002802,Precinct 39,,,,,,500003,23000002-01',
  // Neither a start nor a report: no date at all.
  '-77.0035,38.9001,23000003,,DAY,GUN,ROBBERY,100 - 199 BLOCK OF H STREET NE,399600.91,136862.02,6,6C,1,104,Cluster 25,010600 2,010600,Precinct 83,38.9001,-77.0035,NOMA,,,500004,23000003-01',
].join('\n');

/** Louisville's: its date of occurrence as the portal spells it (DATE_OCCURED), its divisions. */
const LOUISVILLE = [
  'INCIDENT_NUMBER,DATE_REPORTED,DATE_OCCURED,BADGE_ID,UOR_DESC,CRIME_TYPE,NIBRS_CODE,UCR_HIERARCHY,ATT_COMP,LMPD_DIVISION,LMPD_BEAT,PREMISE_TYPE,BLOCK_ADDRESS,CITY,ZIP_CODE,ID,Latitude,Longitude',
  '80-23-000101,2023-01-02 08:15:00,2023-01-01 23:40:00,1234,"THEFT OF PROPERTY UNDER $500",THEFT/LARCENY,23H,PART I,COMPLETED,1ST DIVISION,111,PARKING LOT,1000 BLOCK W BROADWAY,LOUISVILLE,40203,1,38.2446,-85.7715',
  '80-23-000102,2023-01-02 09:00:00,2023-01-02 03:10:00,1235,"BURGLARY 3RD DEGREE",BURGLARY,220,PART I,COMPLETED,4TH DIVISION,412,RESIDENCE/HOME,2100 BLOCK S 3RD ST,LOUISVILLE,40208,2,38.2231,-85.7620',
  '80-23-000103,2023-01-03 10:00:00,2023-01-03 01:00:00,1236,"ASSAULT 4TH DEGREE MINOR INJURY",ASSAULT,13B,PART II,COMPLETED,2ND DIVISION,222,HIGHWAY / ROAD / ALLEY,400 BLOCK S 22ND ST,LOUISVILLE,40211,3,38.2510,-85.7880',
].join('\n');

/** Detroit's: when it occurred in UTC, its precincts. */
const DETROIT = [
  'X,Y,crime_id,report_number,address,offense_description,offense_category,state_offense_code,arrest_charge,charge_description,incident_occurred_at,incident_time,day_of_week,hour_of_day,year,scout_car_area,police_precinct,block_id,neighborhood,council_district,zip_code,longitude,latitude,ibr_report_date,oid',
  '-83.0458,42.3314,3201001,2301010001,00 Woodward Ave,LARCENY - PERSONAL PROPERTY FROM VEHICLE,LARCENY,23006,23006,LARCENY - PERSONAL PROPERTY FROM VEHICLE,2023/01/01 23:40:00+00,18:40:00,0,18,2023,0304,3,261635172001000,Downtown,6,48226,-83.0458,42.3314,2023/01/02 13:00:00+00,1',
  '-83.1200,42.3700,3201002,2301020002,14900 Grand River Ave,ASSAULT AND BATTERY/SIMPLE ASSAULT,ASSAULT,13002,13002,ASSAULT AND BATTERY/SIMPLE ASSAULT,2023/01/02 08:10:00+00,03:10:00,1,3,2023,0802,8,261635400001000,Schoolcraft,7,48227,-83.12,42.37,2023/01/02 15:00:00+00,2',
].join('\n');

/** Memphis's: the offence as the agency names it, the point after the address. */
const MEMPHIS = [
  'Crime_ID,Offense_Date,Agency_Crime_Type,Crime_Category,UCR_Category,Street_Address,City,State,Location,Precinct,Ward,Coordinates',
  '23010100001,01/01/2023 11:40:00 PM,THEFT FROM MOTOR VEHICLE,Larceny,Property Crime,100 BEALE ST,MEMPHIS,TN,"(35.1389, -90.0529)",CENTRAL,7,"POINT (-90.0529 35.1389)"',
  '23010100002,01/02/2023 03:10:00 AM,BURGLARY/BREAKING & ENTERING,Burglary,Property Crime,3000 POPLAR AVE,MEMPHIS,TN,"(35.1290, -89.9660)",EAST,5,"POINT (-89.9660 35.1290)"',
].join('\n');

/** Oakland's: its crime type and beat, the point written as WKT. */
const OAKLAND = [
  'crimetype,datetime,casenumber,description,policebeat,address,location',
  'THEFT/LARCENY,2023-01-01T22:15:00.000,23-000101,PETTY THEFT,04X,1200 BROADWAY,POINT (-122.2720 37.8030)',
  'BURG - AUTO,2023-01-02T03:40:00.000,23-000102,BURGLARY AUTO,22X,300 GRAND AV,POINT (-122.2620 37.8100)',
].join('\n');

/** Sacramento's, from a shapefile: columns cut to ten letters, its date as the portal spells it. */
const SACRAMENTO = [
  'X,Y,Record_ID,Offense_Code,Offense_Ca,Description,Police_Dis,Beat,Grid,Occurence_Date,Location,X_Coord,Y_Coord,OBJECTID',
  '-121.4944,38.5816,23-000101,2303,LARCENY,THEFT FROM VEHICLE,3,3M,1050,2023/01/01 22:15:00+00,1200 K ST,6710000,1960000,1',
  '-121.4700,38.5600,23-000102,2202,BURGLARY,BURGLARY - RESIDENCE,6,6A,1200,2023/01/02 03:40:00+00,3400 BROADWAY,6720000,1950000,2',
].join('\n');

/** Indianapolis's: the date as DATE_ (a shapefile's), the hour as four digits. */
const INDIANAPOLIS = [
  'CASE,UCR,CRIME,DATE_,HOUR,ADDRESS,BEAT,X_COORD,Y_COORD,OBJECTID',
  'IP230000101,630,THEFT FROM VEHICLE,2023-01-01,2215,100 MONUMENT CIR,DN01,-86.1581,39.7684,1',
  'IP230000102,520,BURGLARY,2023-01-02,340,3000 N MERIDIAN ST,DN04,-86.1580,39.8120,2',
].join('\n');

/** Halifax's (Canada): the event's date in UTC, the UCR's description, the block in "location". */
const HALIFAX = [
  'X,Y,OBJECTID,evt_rin,evt_date,location,rucr,rucr_ext_d',
  '-63.5752,44.6488,1,22-100001,2022/01/01 04:15:00+00,"1500 BLOCK BARRINGTON ST",2130,THEFT FROM VEHICLE',
  '-63.5900,44.6600,2,22-100002,2022/01/02 07:40:00+00,"2600 BLOCK AGRICOLA ST",2120,BREAK AND ENTER',
].join('\n');

type Stored = {
  occurred_at: Date;
  category: string;
  district: string;
  block: string | null;
};

const stored = (database: Awaited<ReturnType<typeof freshDatabase>>, source: string) =>
  rowsOf<Stored>(
    database,
    'select occurred_at, category, district, block from incidents where source = $1 order by occurred_at',
    [source],
  );

/**
 * Raleigh's: a report's date and its parts, no date of occurrence, the offence in crime_description
 * and the NIBRS class ("Crimes Against Property") in crime_type.
 */
const RALEIGH = [
  'OBJECTID,GlobalID,case_number,crime_category,crime_code,crime_description,crime_type,reported_block_address,city_of_incident,city,district,reported_date,reported_year,reported_month,reported_day,reported_hour,reported_dayofwk,latitude,longitude,agency,updated_date,X,Y',
  '1,{A1},P20000001,LARCENY,26A,LARCENY/FROM MOTOR VEHICLE,Crimes Against Property,100 BLOCK FAYETTEVILLE ST,RALEIGH,RALEIGH,DOWNTOWN,2020/01/03 14:22:00+00,2020,1,3,9,Friday,35.7765,-78.6390,RALEIGH POLICE DEPARTMENT,2020/01/04 05:00:00+00,-78.6390,35.7765',
  '2,{A2},P20000002,ASSAULT,13B,ASSAULT/SIMPLE,Crimes Against Person,500 BLOCK GLENWOOD AVE,RALEIGH,RALEIGH,NORTHWEST,2020/01/04 03:10:00+00,2020,1,3,22,Friday,35.7880,-78.6480,RALEIGH POLICE DEPARTMENT,2020/01/04 05:00:00+00,-78.6480,35.7880',
  '3,{A3},P20000003,BURGLARY/RESIDENTIAL,22A,BURGLARY/RESIDENTIAL,Crimes Against Property,2300 BLOCK NEW BERN AVE,RALEIGH,RALEIGH,SOUTHEAST,2020/01/05 17:45:00+00,2020,1,5,12,Sunday,35.7790,-78.6080,RALEIGH POLICE DEPARTMENT,2020/01/06 05:00:00+00,-78.6080,35.7790',
].join('\n');

/** Charlotte's: the span's start beside its end and the report, the public point, the gravest offence. */
const CHARLOTTE = [
  'YEAR,INCIDENT_REPORT_ID,LOCATION,CITY,STATE,ZIP,X_COORD_PUBLIC,Y_COORD_PUBLIC,LATITUDE_PUBLIC,LONGITUDE_PUBLIC,DIVISION_ID,CMPD_PATROL_DIVISION,NPA,DATE_REPORTED,DATE_INCIDENT_BEGAN,DATE_INCIDENT_END,ADDRESS_DESCRIPTION,LOCATION_TYPE_DESCRIPTION,PLACE_TYPE_DESCRIPTION,PLACE_DETAIL_DESCRIPTION,CLEARANCE_STATUS,CLEARANCE_DETAIL_STATUS,CLEARANCE_DATE,HIGHEST_NIBRS_CODE,HIGHEST_NIBRS_DESCRIPTION,OBJECTID',
  '2023,20230304-0012-00,100 N TRYON ST,CHARLOTTE,NC,28202,1443000.5,542000.2,35.2271,-80.8431,1,Central,389,2023/03/04 06:00:00+00,2023/03/03 22:30:00+00,2023/03/03 23:00:00+00,Location of Occurrence,Public Area,Retail,Convenience Store,Open,Open,,23C,Shoplifting,1',
  '2023,20230305-0415-00,5000 N TRYON ST,CHARLOTTE,NC,28213,1455000.1,556000.8,35.2590,-80.7950,7,North Tryon,12,2023/03/05 16:00:00+00,2023/03/05 14:10:00+00,,Location of Occurrence,Private Residence,Residential,Apartment,Open,Open,,220,Burglary/B&E,2',
].join('\n');

/** Pittsburgh's blotter: the offence's hierarchy in words beside the statutes, the zone, X and Y in degrees. */
const PITTSBURGH = [
  'PK,CCR,HIERARCHY,INCIDENTTIME,INCIDENTLOCATION,CLEAREDFLAG,INCIDENTNEIGHBORHOOD,INCIDENTZONE,INCIDENTHIERARCHYDESC,OFFENSES,INCIDENTTRACT,COUNCIL_DISTRICT,PUBLIC_WORKS_DIVISION,X,Y',
  '3045001,23045001,10,2023-03-04T22:15:00,"3400 Block Forbes Av Pittsburgh, PA 15213",N,Central Oakland,4,THEFT,3921(a) Theft by Unlawful Taking or Disposition.,402,3,3,-79.9590,40.4395',
  '3045002,23045002,4,2023-03-05T01:40:00,"1800 Block E Carson St Pittsburgh, PA 15203",N,South Side Flats,3,AGGRAVATED ASSAULT,2702 Aggravated Assault.,1702,3,3,-79.9790,40.4285',
].join('\n');

/** Baton Rouge's: the statute's number as OFFENSE, the crime in words beside it, the time as four digits. */
const BATON_ROUGE = [
  'FILE NUMBER,OFFENSE DATE,OFFENSE TIME,CRIME,COMMITTED,OFFENSE,OFFENSE DESCRIPTION,ADDRESS,ST NUMBER,ST DIR,ST NAME,ST TYPE,CITY,STATE,ZIP,DISTRICT,ZONE,SUBZONE,COMPLETE DISTRICT,GEOLOCATION',
  '23000123,03/04/2023,2215,BURGLARY,COMMITTED,14:62,SIMPLE BURGLARY,4500 BLOCK PLANK RD,4500,,PLANK,RD,BATON ROUGE,LA,70805,1,A,3,1A3,"(30.4920, -91.1520)"',
  '23000124,03/05/2023,0930,THEFT,COMMITTED,14:67,THEFT,10000 BLOCK FLORIDA BLVD,10000,,FLORIDA,BLVD,BATON ROUGE,LA,70815,3,C,1,3C1,"(30.4510, -91.0590)"',
].join('\n');

/** Fort Worth's: the NIBRS code as Offense, its words in Offense Desc, the caller's words before them. */
const FORT_WORTH = [
  'Case Number,Reported Date,Nature Of Call,From Date,Offense,Offense Desc,Block Address,City,State,Beat,Division,CouncilDistrict,Attempt Complete,LocationType,Location Description,Location',
  '230012345,03/04/2023 11:20:00 PM,THEFT,03/04/2023 10:45:00 PM,23D,THEFT FROM BUILDING,3400 W 7TH ST,FORT WORTH,TX,F12,West,9,C,20,Residence/Home,"(32.7510, -97.3610)"',
  '230012346,03/05/2023 08:10:00 AM,BURGLARY,03/05/2023 02:30:00 AM,220,BURGLARY OF HABITATION,2900 E LANCASTER AVE,FORT WORTH,TX,E15,East,8,C,20,Residence/Home,"(32.7400, -97.2890)"',
].join('\n');

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

  test("Atlanta's: the occurrence's date and four-digit time, the UCR's words, the address in Location", async () => {
    const database = await freshDatabase(kind);
    const atlanta = await importPath(
      database,
      tempFile('COBRA-2017.csv', ATLANTA),
      { source: 'atlanta' },
      { timeZone: 'America/New_York' },
    );
    expect(atlanta).toMatchObject({ accepted: 3, rejected: 0 });
    expect(await stored(database, 'atlanta')).toEqual([
      {
        occurred_at: new Date('2017-01-01T04:30:00Z'),
        category: 'theft',
        district: 'Downtown',
        block: '300 block of Peachtree St NE',
      },
      {
        occurred_at: new Date('2017-01-01T05:05:00Z'),
        category: 'theft',
        district: 'Lakewood Heights',
        block: '1200 block of McDonough Blvd SE',
      },
      // A kind of place where an address goes names no place.
      {
        occurred_at: new Date('2017-01-01T07:15:00Z'),
        category: 'burglary',
        district: 'Grant Park',
        block: null,
      },
    ]);
  });

  test("Nashville's: read with no flag, its incident number pointed to, and read, one incident stored once", async () => {
    const database = await freshDatabase(kind);
    const file = tempFile('Metro_Nashville_Police_Department_Incidents.csv', NASHVILLE);
    const dry = await importPath(database, file, { source: 'nashville', dryRun: true });
    expect(dry).toMatchObject({ accepted: 3, rejected: 0 });
    // An incident on two rows with ids made from each row's words would be stored twice: the summary says
    // which column holds the incidents' own ids, though they repeat.
    expect(dry.warnings).toContainEqual(
      expect.stringContaining(
        `an incident written on several rows (one per offence or victim) is stored once per row; the column 'incident_number' looks like the source's ids: --map "incident_number=external_id" reads them`,
      ),
    );
    const read = await importPath(database, file, {
      source: 'nashville',
      maps: ['incident_number=external_id'],
    });
    expect(read).toMatchObject({ accepted: 2, duplicates: 1, repeated: 1, rejected: 0 });
    expect(await stored(database, 'nashville')).toEqual([
      {
        occurred_at: new Date('2023-01-02T04:15:00Z'),
        category: 'assault',
        district: '511',
        block: '100 block of Broadway',
      },
      {
        occurred_at: new Date('2023-01-02T09:40:00Z'),
        category: 'vehicle_theft',
        district: '521',
        block: '2500 block of West End Ave',
      },
    ]);
    // Nothing of the victims is kept.
    expect(JSON.stringify(await rowsOf(database, 'select * from incidents'))).not.toMatch(
      /INDIVIDUAL|RESIDENT/,
    );
  });

  test("New York's: its ids, the complaint's start, precincts, and nothing of the suspect or the victim", async () => {
    const database = await freshDatabase(kind);
    const read = await importPath(database, tempFile('NYPD_Complaint_Data_Current.csv', NEW_YORK));
    expect(read).toMatchObject({ accepted: 2, rejected: 1, timeZone: 'America/New_York' });
    expect(read.errors).toEqual([{ line: 4, field: 'occurred_at', reason: 'date is before 1900' }]);
    expect(await stored(database, 'nypd')).toEqual([
      { occurred_at: new Date('2023-01-02T20:10:00Z'), category: 'theft', district: '14', block: null },
      {
        occurred_at: new Date('2023-01-04T04:45:00Z'),
        category: 'vehicle_theft',
        district: '75',
        block: null,
      },
    ]);
    const [ids] = await rowsOf<{ ids: string[] }>(
      database,
      'select array_agg(external_id order by external_id) as ids from incidents',
    );
    expect(ids!.ids).toEqual(['263411321', '263411322']);
    // No age group, race or sex is stored, of the rows stored or of the one refused.
    const everything = JSON.stringify([
      await rowsOf(database, 'select * from incidents'),
      await rowsOf(database, 'select * from ingest_rejections'),
    ]);
    expect(everything).not.toMatch(/HISPANIC|ASIAN|WHITE|BLACK|AMERICAN INDIAN|25-44|45-64|65\+/);
  });

  test.each([
    ['San Francisco', SAN_FRANCISCO, ['Mission St & 16th St', 'Bryant St & 8th St'], ['Mission', 'Southern']],
    ['Seattle', SEATTLE, ['1500 block of E Pine St', '3rd Ave & Pine St'], ['East', 'West']],
  ])("%s's: a 12-hour clock, its corners and blocks", async (city, file, blocks, districts) => {
    const database = await freshDatabase(kind);
    const read = await importPath(
      database,
      tempFile('incidents.csv', file),
      { source: city.toLowerCase().replace(' ', '-') },
      { timeZone: 'America/Los_Angeles' },
    );
    expect(read).toMatchObject({ accepted: 2, rejected: 0, warnings: [] });
    expect(await stored(database, city.toLowerCase().replace(' ', '-'))).toEqual([
      {
        occurred_at: new Date('2023-01-02T06:15:00Z'),
        category: 'theft',
        district: districts[0],
        block: blocks[0],
      },
      {
        occurred_at: new Date('2023-01-02T11:40:00Z'),
        category: 'vehicle_theft',
        district: districts[1],
        block: blocks[1],
      },
    ]);
  });

  test("Washington's: one incident per complaint, the start of its span, else the day it was reported", async () => {
    const database = await freshDatabase(kind);
    const read = await importPath(database, tempFile('Crime_Incidents_in_2023.csv', WASHINGTON));
    expect(read).toMatchObject({ accepted: 2, duplicates: 1, rejected: 1, timeZone: 'America/New_York' });
    expect(read.errors).toEqual([{ line: 5, field: 'occurred_at', reason: 'no date' }]);
    expect(read.warnings).toContain(
      '1 incident (33.3%) gives no date of occurrence: it is dated to the day it was reported (at 00:00, as a date with no time)',
    );
    expect(await stored(database, 'dc')).toEqual([
      {
        occurred_at: new Date('2023-01-01T03:15:00Z'),
        category: 'theft',
        district: '1',
        block: '100 block of H Street NE',
      },
      {
        // Midnight of 2 January in Washington.
        occurred_at: new Date('2023-01-02T05:00:00Z'),
        category: 'vehicle_theft',
        district: '3',
        block: '3100 block of 14th Street NW',
      },
    ]);
    const rows = await rowsOf<{ external_id: string; time_precision: string; lat: number; lon: number }>(
      database,
      'select external_id, time_precision, lat, lon from incidents order by external_id',
    );
    expect(rows.map((r) => [r.external_id, r.time_precision])).toEqual([
      ['23000001', 'minute'],
      ['23000002', 'day'],
    ]);
    // The state plane point lands on the block.
    expect(rows[1]!.lat).toBeCloseTo(38.9291, 4);
    expect(rows[1]!.lon).toBeCloseTo(-77.0328, 4);
  });

  test('a file with a beat and a police district files each incident under the district, where units are set', async () => {
    const database = await freshDatabase(kind);
    const file = [
      'Case Number,Occurred Date,Offense,Beat,Neighborhood,Police District,Latitude,Longitude',
      '23-000101,2023-01-02 22:15,THEFT FROM VEHICLE,112,Old Town,1ST,41.881,-87.631',
      '23-000102,2023-01-03 03:40,BURGLARY,431,Riverside,4TH,41.79,-87.61',
    ].join('\n');
    const read = await importPath(database, tempFile('beats.csv', file), { source: 'beats' });
    expect(read).toMatchObject({ accepted: 2, rejected: 0 });
    expect((await stored(database, 'beats')).map((r) => r.district)).toEqual(['1ST', '4TH']);
  });

  test("Raleigh's: only when each incident was reported, so each is dated to its report's day, and the import says how to read the report's time instead", async () => {
    const database = await freshDatabase(kind);
    const read = await importPath(database, tempFile('Raleigh_Police_Incidents_NIBRS.csv', RALEIGH), {
      source: 'raleigh',
      timeZone: 'America/New_York',
    });
    expect(read).toMatchObject({ accepted: 3, rejected: 0 });
    expect(read.warnings).toContain(
      '3 incidents (100.0%) give no date of occurrence: each is dated to the day it was reported (at 00:00, as a date with no time); where reports follow incidents within hours, --map "reported_date=occurred_at" reads the time of each report as when it happened (undo this import first with patrolcast batches delete and the batch id above: the same file read again with its times is refused while this import\'s incidents are stored)',
    );
    // Midnight in Raleigh of the day of each report: 03:10 UTC on the 4th is 22:10 on the 3rd there.
    expect(await stored(database, 'raleigh')).toEqual([
      {
        occurred_at: new Date('2020-01-03T05:00:00Z'),
        category: 'theft',
        district: 'DOWNTOWN',
        block: '100 block of Fayetteville St',
      },
      {
        occurred_at: new Date('2020-01-03T05:00:00Z'),
        category: 'assault',
        district: 'NORTHWEST',
        block: '500 block of Glenwood Ave',
      },
      {
        occurred_at: new Date('2020-01-05T05:00:00Z'),
        category: 'burglary',
        district: 'SOUTHEAST',
        block: '2300 block of New Bern Ave',
      },
    ]);
  });

  test.each([
    [
      'Louisville',
      'America/Kentucky/Louisville',
      LOUISVILLE,
      [
        ['2023-01-02T04:40:00Z', 'theft', '1ST DIVISION', '1000 block of W Broadway'],
        ['2023-01-02T08:10:00Z', 'burglary', '4TH DIVISION', '2100 block of S 3rd St'],
        ['2023-01-03T06:00:00Z', 'assault', '2ND DIVISION', '400 block of S 22nd St'],
      ],
    ],
    [
      'Detroit',
      'America/Detroit',
      DETROIT,
      [
        ['2023-01-01T23:40:00Z', 'theft', '3', '0 block of Woodward Ave'],
        ['2023-01-02T08:10:00Z', 'assault', '8', '14900 block of Grand River Ave'],
      ],
    ],
    [
      'Memphis',
      'America/Chicago',
      MEMPHIS,
      [
        ['2023-01-02T05:40:00Z', 'theft', 'CENTRAL', '100 block of Beale St'],
        ['2023-01-02T09:10:00Z', 'burglary', 'EAST', '3000 block of Poplar Ave'],
      ],
    ],
    [
      'Oakland',
      'America/Los_Angeles',
      OAKLAND,
      [
        ['2023-01-02T06:15:00Z', 'theft', '04X', '1200 block of Broadway'],
        // "BURG - AUTO": a car broken into is a theft from it.
        ['2023-01-02T11:40:00Z', 'theft', '22X', '300 block of Grand Av'],
      ],
    ],
    [
      'Sacramento',
      'America/Los_Angeles',
      SACRAMENTO,
      [
        // Its beat, as a file with a beat and a police district is read.
        ['2023-01-01T22:15:00Z', 'theft', '3M', '1200 block of K St'],
        ['2023-01-02T03:40:00Z', 'burglary', '6A', '3400 block of Broadway'],
      ],
    ],
    [
      'Indianapolis',
      'America/Indiana/Indianapolis',
      INDIANAPOLIS,
      [
        ['2023-01-02T03:15:00Z', 'theft', 'DN01', '100 block of Monument Cir'],
        ['2023-01-02T08:40:00Z', 'burglary', 'DN04', '3000 block of N Meridian St'],
      ],
    ],
    [
      'Halifax',
      'America/Halifax',
      HALIFAX,
      [
        ['2022-01-01T04:15:00Z', 'theft', null, '1500 block of Barrington St'],
        ['2022-01-02T07:40:00Z', 'burglary', null, '2600 block of Agricola St'],
      ],
    ],
    [
      'Charlotte',
      'America/New_York',
      CHARLOTTE,
      [
        ['2023-03-03T22:30:00Z', 'theft', 'Central', '100 block of N Tryon St'],
        ['2023-03-05T14:10:00Z', 'burglary', 'North Tryon', '5000 block of N Tryon St'],
      ],
    ],
    [
      'Pittsburgh',
      'America/New_York',
      PITTSBURGH,
      [
        ['2023-03-05T03:15:00Z', 'theft', '4', '3400 block of Forbes Av'],
        ['2023-03-05T06:40:00Z', 'assault', '3', '1800 block of E Carson St'],
      ],
    ],
  ])(
    "%s's: read with no flag, its offences, districts and blocks",
    async (city, timeZone, file, expected) => {
      const database = await freshDatabase(kind);
      const source = city.toLowerCase();
      const read = await importPath(database, tempFile('crime.csv', file), { source }, { timeZone });
      expect(read).toMatchObject({ accepted: expected.length, rejected: 0 });
      expect(
        (await stored(database, source)).map((r) => [
          r.occurred_at.toISOString(),
          r.category,
          r.district,
          r.block,
        ]),
      ).toEqual(expected.map(([at, ...rest]) => [new Date(at!).toISOString(), ...rest]));
    },
  );

  test("Dallas's: a row per victim stored once, the point after the address, and nothing of the victims", async () => {
    const database = await freshDatabase(kind);
    const read = await importPath(database, tempFile('Police_Incidents.csv', DALLAS));
    expect(read).toMatchObject({ accepted: 2, duplicates: 1, rejected: 0, timeZone: 'America/Chicago' });
    expect(await stored(database, 'dallas')).toEqual([
      {
        occurred_at: new Date('2023-01-02T04:15:00Z'),
        category: 'theft',
        district: 'CENTRAL',
        block: '1500 block of Main St',
      },
      {
        occurred_at: new Date('2023-01-02T09:40:00Z'),
        category: 'vandalism',
        district: 'NORTH CENTRAL',
        block: '3400 block of Ross Ave',
      },
    ]);
    const [point] = await rowsOf<{ lat: number; lon: number }>(
      database,
      "select lat, lon from incidents where block like '1500%'",
    );
    expect(point).toEqual({ lat: 32.7811, lon: -96.799 });
    const everything = JSON.stringify(await rowsOf(database, 'select * from incidents'));
    expect(everything).not.toMatch(/DOE|ROE|JANE|RICHARD|Female|Asian|Hispanic/);
  });
});

test("Baton Rouge's and Fort Worth's: the summary names the columns that hold the time and the offence in words", async () => {
  const database = await freshDatabase('pglite');
  const options = { timeZone: 'America/Chicago' };
  const batonRouge = await importPath(database, tempFile('br.csv', BATON_ROUGE), { dryRun: true }, options);
  expect(batonRouge.categories).toEqual({ other: 2 });
  expect(batonRouge.warnings).toContainEqual(
    expect.stringContaining(
      `2 incidents (100.0%) were filed as 'other': its column 'crime' names offences in words ('BURGLARY'): --map "crime=raw_type" reads them (on this source's first import: its ids are made from what each row says)`,
    ),
  );
  expect(batonRouge.warnings).toContainEqual(
    expect.stringContaining(
      `its column 'offense_time' holds times of day: --map "offense_time=time" reads them`,
    ),
  );
  // Read as the summary says: burglary and theft, at 22:15 and 09:30.
  const read = await importPath(
    database,
    tempFile('br.csv', BATON_ROUGE),
    { dryRun: true, maps: ['crime=raw_type', 'offense_time=time'] },
    options,
  );
  expect(read.categories).toEqual({ burglary: 1, theft: 1 });
  expect(read.warnings.join('\n')).not.toMatch(/time of day|'other'/);
  // An offence's own words before what the caller said; with its ids read, no word of made-up ids.
  const fortWorth = await importPath(database, tempFile('fw.csv', FORT_WORTH), { dryRun: true }, options);
  expect(fortWorth.warnings).toContainEqual(
    `1 incident (50.0%) was filed as 'other': its column 'offense_desc' names offences in words ('THEFT FROM BUILDING'): --map "offense_desc=raw_type" reads them, or name their categories with --categories FILE.csv`,
  );
});

test('an offence written as a slug reads as its words; a German compound is no slug', () => {
  expect(classify('theft-of-motor-vehicle')).toBe('vehicle_theft');
  expect(classify('theft-items-from-vehicle')).toBe('theft');
  expect(classify('criminal-mischief-other')).toBe('vandalism');
  expect(classify('Kfz-Diebstahl')).toBe('vehicle_theft');
});
