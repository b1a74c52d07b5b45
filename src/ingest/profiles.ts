// Source profiles: how a known export maps to the canonical incident. Each is data, read by one mapper.
import type { Category, Origin, TimePrecision } from './categories.ts';

/** The canonical fields a source column can be mapped to (`--map column=field`). */
export const MAPPABLE_FIELDS = [
  'external_id',
  'occurred_at',
  // When it was reported: read only where the occurrence's date is blank, and then to the day.
  'reported_at',
  'date',
  'time',
  'year',
  'month',
  'day',
  'hour',
  'minute',
  'second',
  'time_precision',
  'category',
  'raw_type',
  'detail',
  'lat',
  'lon',
  'x',
  'y',
  // Both coordinates in one column: "(41.88, -87.63)", "POINT (-87.63 41.88)", {latitude, longitude}.
  'point',
  'district',
  'block',
  // The street that crosses the block's, where the block is a street with no number (LAPD's corners).
  'cross_street',
  // A neighbourhood's name, for a source that publishes no address: names its places "in …".
  'area',
  'origin',
] as const;
export type MappableField = (typeof MAPPABLE_FIELDS)[number];

export interface Area {
  west: number;
  south: number;
  east: number;
  north: number;
}

export interface Profile {
  name: string;
  description: string;
  /** The source name incidents are stored under (unique ids are per source). */
  source: string;
  /** Zone of local times in the export; the agency's zone when absent. */
  timeZone?: string;
  /**
   * Candidate source columns per field; the first present wins. Names are compared after
   * normalising (lower case, spaces and hyphens as underscores): 'Primary Type' is primary_type.
   */
  columns: Partial<Record<MappableField, readonly string[]>>;
  /** Columns (normalised) that, all present, say a file is this export: it is read so without --profile. */
  signature?: readonly string[];
  /** Values for fields the export lacks entirely. */
  defaults?: { rawType?: string; timePrecision?: TimePrecision; origin?: Origin };
  /** Coordinate system of x/y columns (EPSG code); a shapefile's .prj takes precedence. */
  crs?: string;
  /** Exact source values (of the category or type column) to categories, before the keyword rules. */
  categoryCodes?: Record<string, Category>;
  /** Origin by category, for sources that do not say: enforcement-driven kinds are found, not reported. */
  originByCategory?: Partial<Record<Category, Origin>>;
  /** Where this source's incidents can lie: rows outside are rejected unless a jurisdiction is set. */
  area?: Area;
  /** Points a geocoder falls back to when it cannot place an address. */
  fallbackPoints?: readonly { lat: number; lon: number; label: string }[];
  /**
   * An export with no offence column but one column per offence, 1 where the incident was one
   * (Milwaukee's): the gravest flagged, first in this list, names the incident's offence.
   */
  offenceFlags?: readonly { column: string; offence: string }[];
}

const GENERIC_COLUMNS: Profile['columns'] = {
  external_id: [
    'external_id',
    'incident_id',
    'id',
    'case_number',
    'report_number',
    'vorgangsnummer',
    'folio',
    // Charlotte's report id and Pittsburgh's complaint number (CCR), in files no earlier name read.
    'incident_report_id',
    'ccr',
  ],
  occurred_at: [
    'occurred_at',
    'occurred',
    'datetime',
    'date_time',
    'occurred_on',
    'timestamp',
    'date',
    // Last, so that a file read before by an earlier name keeps its reading (and its made-up ids).
    'occurred_date',
    'occurrence_date',
    // Before its date alone: San Francisco publishes both, the date and time in one.
    'incident_datetime',
    'incident_date',
    'offense_date',
    'offence_date',
    // The start of the span in which it happened, where the export gives a span (Kansas City, Cincinnati).
    'from_date',
    'date_from',
    'offense_start_datetime',
    // Denver's, Boston's, and Philadelphia's (the dispatch: the nearest to the occurrence it publishes).
    'first_occurrence_date',
    'occurred_on_date',
    'dispatch_date_time',
    // A records system's report, its words the other way round: "Date Occurred", "Time Occurred".
    'date_occurred',
    'occurred_on_date_time',
    // "Date/Time Occurred", "Occurred Date/Time", "Date/Time".
    'date/time_occurred',
    'occurred_date/time',
    'date/time',
    // German exports: Tatdatum and Tatzeit, the day and the time of the offence.
    'tatdatum',
    // Spanish: the date of the act (el hecho), not of the report or the investigation's start (inicio).
    'fecha_hecho',
    'fecha_hechos',
    'fecha_del_hecho',
    'fecha_ocurrencia',
    'fecha_de_ocurrencia',
    'fecha',
    // Portuguese (Brazil's state portals): the date of the occurrence (ocorrência) or the act (fato),
    // not of the report's registration (data_registro).
    'data_ocorrencia',
    'data_ocorrencia_bo',
    'data_da_ocorrencia',
    'data_do_fato',
    'data_fato',
    // Japanese (the prefectural police's open data): the day it began (始期), not when it ended.
    '発生年月日（始期）',
    '発生年月日',
    '発生日',
    // Toronto's and others' shortening, when the file is no profile's; Atlanta's "Occur Date".
    'occ_date',
    'occurrence_datetime',
    'occurred_datetime',
    'occur_date',
    'occur_datetime',
    // Nashville's "Incident Occurred" (beside "Incident Reported"), Detroit's, and Louisville's as spelt.
    'incident_occurred',
    'incident_occurred_at',
    'date_occured',
    // Sacramento's, as spelt; Halifax's event date; a shapefile's DATE_ (dBase keeps DATE for itself).
    'occurence_date',
    'evt_date',
    'date_',
    // Charlotte's start of the span (beside its end and its report); Pittsburgh's blotter.
    'date_incident_began',
    'incidenttime',
  ],
  // A report's date and time, beside the occurrence's: DC's REPORT_DAT, New York's RPT_DT.
  reported_at: [
    'reported_at',
    'report_date',
    'reported_date',
    'date_reported',
    'report_datetime',
    'report_date_time',
    'reported_date_time',
    'report_dat',
  ],
  time: [
    'time',
    'occurred_time',
    'time_occurred',
    'occur_time',
    'from_time',
    'time_from',
    'tatzeit',
    'uhrzeit',
    'hora_hecho',
    'hora_hechos',
    'hora_del_hecho',
    'hora_ocurrencia',
    'hora_de_ocurrencia',
    'hora',
    'hora_ocorrencia',
    'hora_ocorrencia_bo',
    'hora_da_ocorrencia',
    'hora_do_fato',
    'hora_fato',
    '発生時（始期）',
    '発生時刻',
    '発生時',
  ],
  // A date over several columns, as many open-data portals publish it.
  year: ['year', 'yr', 'occ_year', 'occurred_year', 'report_year'],
  month: ['month', 'mo', 'occ_month', 'occurred_month', 'report_month'],
  day: ['day', 'dy', 'day_of_month', 'occ_day', 'occurred_day', 'report_day'],
  // Buenos Aires's "franja" (horaria): the hour, 0 to 23.
  hour: ['hour', 'hr', 'occ_hour', 'occurred_hour', 'report_hour', 'franja', 'franja_horaria'],
  minute: ['minute', 'min', 'occ_minute', 'occurred_minute', 'report_minute'],
  second: ['second', 'sec', 'occ_second'],
  time_precision: ['time_precision'],
  category: ['category'],
  raw_type: [
    'raw_type',
    'offense_type',
    'offense',
    'offence_type',
    'offence',
    // Raleigh's crime_description ("LARCENY/FROM MOTOR VEHICLE") names the offence; its crime_type is
    // the NIBRS class ("Crimes Against Property").
    'crime_description',
    'crime_type',
    'type',
    'primary_type',
    'incident_type',
    'delikt',
    'deliktart',
    'straftat',
    'delito',
    'tipo_delito',
    'tipo_de_delito',
    // Portuguese: the nature found (natureza apurada) names the offence as statistics count it; the
    // rubric (rubrica), its article of the penal code.
    'natureza_apurada',
    'natureza',
    'rubrica',
    'tipo_de_crime',
    'tipo_crime',
    // Japanese: the method (手口: bicycle theft, theft from a car) says more than the offence (罪名: theft).
    '手口',
    '罪名',
    // Last: a file that names its offence otherwise as well reads it as before.
    'crime',
    // Boston's, Philadelphia's and Denver's (hyphenated: theft-of-motor-vehicle), after any other.
    'offense_description',
    'offence_description',
    'text_general_code',
    'offense_type_id',
    // San Francisco's: the subcategory ("Motor Vehicle Theft", "Larceny - From Vehicle") says most.
    'incident_subcategory',
    'incident_category',
    // Atlanta's: the UCR's offence in words ("LARCENY-FROM VEHICLE"), beside its number.
    'ucr_literal',
    // Ottawa's summary ("Theft $5000 and Under") before its broader category.
    'offence_summary',
    'offense_summary',
    'offence_category',
    'offense_category',
    // Buenos Aires's: the subtype ("Robo automotor", "Siniestro vial") says more than the type (Robo,
    // Lesiones), which reads as the detail.
    'subtipo',
    'tipo',
    // Memphis's offence as the agency names it, beside its broader category; Oakland's; Halifax's UCR
    // description; Sacramento's category, cut to ten letters by a shapefile (its description is the detail).
    'agency_crime_type',
    'crimetype',
    'rucr_ext_d',
    'offense_ca',
    // The FBI's codes ("23F", "13A", "220"), where no column names the offence in words.
    'nibrs_code',
    'nibrs_offense_code',
    'nibrs_offence_code',
    // Charlotte's gravest offence of the report, in words; Pittsburgh's (its OFFENSES are statutes).
    'highest_nibrs_description',
    'incidenthierarchydesc',
  ],
  // Louisville's UOR_DESC: the statute's words ("BURGLARY 3RD DEGREE"), beside its CRIME_TYPE.
  detail: ['offense_detail', 'description', 'subtype', 'incident_description', 'tipo', 'uor_desc'],
  lat: [
    'lat',
    'latitude',
    'latitude_public',
    'lat_wgs84',
    'latitude_wgs84',
    'geo_lat',
    'breitengrad',
    'latitud',
    '緯度',
  ],
  lon: [
    'lon',
    'lng',
    'long',
    'longitude',
    'longitude_public',
    'long_wgs84',
    'lon_wgs84',
    'longitude_wgs84',
    'geo_lon',
    'längengrad',
    'laengengrad',
    'longitud',
    '経度',
  ],
  x: ['x', 'x_coordinate', 'x_coord'],
  y: ['y', 'y_coordinate', 'y_coord'],
  // Read only where no latitude and longitude (nor x and y) are, and only a value that writes a point:
  // a column of addresses called location is passed over.
  point: [
    'point',
    'geocoded_column',
    'geolocation',
    'geo_location',
    'geocoded_location',
    'mapped_location',
    'lat_lon',
    'latlon',
    'lat_long',
    'latlong',
    'lat_lng',
    'coordinates',
    'the_geom',
    'geom',
    'geometry',
    'georeference',
    'wkt',
    'location_1',
    'location1',
    'location',
  ],
  // A neighbourhood, beat or precinct is how the agency divides its patrols: the district.
  district: [
    'district',
    'precinct',
    // Denver's district (its precinct is finer than a patrol's area) and Philadelphia's.
    'district_id',
    'dc_dist',
    // Detroit's precincts, before its neighbourhoods (its scout car area is finer still).
    'police_precinct',
    // A police district before a beat (one unit's area) or a neighbourhood, where a file has both:
    // units are set, and plans asked for, per district.
    'police_district',
    'patrol_district',
    'neighbourhood',
    'neighborhood',
    'beat',
    'patrol_area',
    'sector',
    'division',
    // Nashville's patrol zone.
    'zone',
    // Louisville's eight divisions (its beat is finer); Sacramento's (read where it has no beat), cut by a
    // shapefile; Oakland's beat.
    'lmpd_division',
    'police_dis',
    'policebeat',
    // Charlotte's patrol divisions; Pittsburgh's six police zones.
    'cmpd_patrol_division',
    'incidentzone',
    // French and Spanish exports (Québec, Latin America): neither is read into an incident's id.
    'quartier',
    'secteur',
    'arrondissement',
    'barrio',
    'distrito',
    // São Paulo's: the police station whose area the place lies in (circunscrição), not the one that
    // registered the report, which may be the online station.
    'nome_delegacia_circunscricao',
    'nome_delegacia_circunscrição',
    'delegacia_circunscricao',
    'delegacia_circunscrição',
    // Mexico City's boroughs (alcaldías), or a municipality or commune.
    'alcaldia',
    'alcaldía',
    'alcaldia_hecho',
    'alcaldia_hechos',
    'municipio',
    'comuna',
    // German: the city's parts and the police's own.
    'stadtteil',
    'ortsteil',
    'bezirk',
    'revier',
    // Japanese: the police station whose area the place is in.
    '管轄警察署（発生地）',
    '管轄警察署',
  ],
  // Any address-like column names the place (kept no finer than the hundred block).
  block: [
    'block',
    'block_address',
    // Raleigh's: "100 BLOCK FAYETTEVILLE ST".
    'reported_block_address',
    'hundred_block',
    'address_block',
    'address',
    'street_address',
    'incident_address',
    'incident_location',
    // Pittsburgh's: "3400 Block Forbes Av Pittsburgh, PA 15213".
    'incidentlocation',
    'location_address',
    // Philadelphia's "3000 BLOCK KENSINGTON AVE", Seattle's "15XX BLOCK OF E PINE ST".
    'location_block',
    '100_block_address',
    // San Francisco's, where it publishes no address: "MISSION ST \ 16TH ST".
    'intersection',
    'addr',
    'street',
    'adresse',
    'rue',
    'direccion',
    'dirección',
    'calle',
    'straße',
    'strasse',
    // Portuguese: the street alone; its house number (numero_logradouro) is never read.
    'logradouro',
  ],
  // A neighbourhood's name, naming the places of a source with no address (Mexico City's colonias).
  // Japanese: the town block (町丁目, "歌舞伎町１丁目"); 発生場所 is the kind of place (a road, a car park), no name.
  area: ['colonia', 'colonia_hecho', 'colonia_hechos', 'bairro', '町丁目（発生地）', '町丁目'],
  cross_street: ['cross_street', 'cross_st'],
  origin: ['origin'],
};

export const PROFILES: readonly Profile[] = [
  {
    name: 'generic',
    description: 'canonical column names (occurred_at, raw_type or category, lat, lon, ...)',
    source: 'import',
    columns: GENERIC_COLUMNS,
    defaults: { origin: 'unknown' },
  },
  {
    name: 'chicago',
    description:
      'City of Chicago portal exports (CSV or API field names), and the crimemappingdata aggravated-assault extract, which has no type column',
    source: 'chicago',
    timeZone: 'America/Chicago',
    columns: {
      external_id: ['id'],
      occurred_at: ['date'],
      raw_type: ['primary_type'],
      detail: ['description'],
      lat: ['latitude'],
      lon: ['longitude'],
      x: ['x_coordinate'],
      y: ['y_coordinate'],
      district: ['district'],
    },
    defaults: { rawType: 'AGGRAVATED ASSAULT', timePrecision: 'minute', origin: 'reported' },
    // Illinois State Plane East, US feet: the portal's X/Y columns.
    crs: 'EPSG:3435',
    categoryCodes: {
      BATTERY: 'assault',
      'CRIMINAL DAMAGE': 'vandalism',
      'DECEPTIVE PRACTICE': 'fraud',
      'WEAPONS VIOLATION': 'weapons',
      'CRIMINAL TRESPASS': 'disorder',
      'PUBLIC PEACE VIOLATION': 'disorder',
      'INTERFERENCE WITH PUBLIC OFFICER': 'other',
    },
    originByCategory: { drugs: 'discovered', weapons: 'discovered' },
    area: { west: -87.95, south: 41.64, east: -87.52, north: 42.03 },
  },
  {
    name: 'houston',
    description: 'Houston Police Department incidents (the 2010 extract, or the original ggmap columns)',
    source: 'houston',
    timeZone: 'America/Chicago',
    columns: {
      occurred_at: ['occurred_at', 'time'],
      date: ['date_raw', 'date'],
      time: ['hour_raw', 'hour'],
      time_precision: ['time_precision'],
      raw_type: ['offense_type', 'offense'],
      detail: ['offense_detail'],
      lat: ['lat'],
      lon: ['lon'],
      // HPD's beats are its patrol areas; its block addresses are published generalised.
      district: ['beat'],
      block: ['block_address'],
    },
    defaults: { timePrecision: 'hour', origin: 'reported' },
    area: { west: -96.0, south: 29.3, east: -94.8, north: 30.3 },
    fallbackPoints: [
      { lat: 29.7632836, lon: -95.3632715, label: 'the city-centre point the geocoder falls back to' },
    ],
  },
  {
    name: 'nij-portland',
    description:
      "Portland calls for service as released for NIJ's crime forecasting challenge: the zipped shapefiles, or the CSV extract",
    source: 'portland',
    timeZone: 'America/Los_Angeles',
    columns: {
      occurred_at: ['occ_date', 'occurred_at'],
      time_precision: ['time_precision'],
      category: ['category', 'offense_type'],
      raw_type: ['case_desc', 'offense_detail'],
      detail: ['final_case', 'final_case_type'],
      lat: ['lat'],
      lon: ['lon'],
      x: ['x_coordina', 'x_coordinate_ft'],
      y: ['y_coordina', 'y_coordinate_ft'],
    },
    defaults: { timePrecision: 'day', origin: 'reported' },
    // Oregon State Plane North, international feet.
    crs: 'EPSG:2913',
    // The challenge's own categories; STREET CRIMES and OTHER are classified by case description.
    categoryCodes: { BURGLARY: 'burglary', 'MOTOR VEHICLE THEFT': 'vehicle_theft' },
    area: { west: -123.0, south: 45.3, east: -122.2, north: 45.75 },
  },
  {
    name: 'uk-police',
    description:
      'the UK police street-level files (one CSV per force and month: Month, Longitude, Latitude, Crime type; no time of day)',
    source: 'uk-police',
    timeZone: 'Europe/London',
    signature: ['crime_id', 'month', 'falls_within', 'crime_type'],
    columns: {
      // Anti-social behaviour has no crime id: those rows get one made of the incident.
      external_id: ['crime_id'],
      // "2024-01": the files date every crime to its month only.
      month: ['month'],
      raw_type: ['crime_type'],
      lat: ['latitude'],
      lon: ['longitude'],
      // Not in the monthly files; the police.uk feed names each crime's neighbourhood.
      district: ['neighbourhood'],
      // "On or near Banham Drive": the street the crime was snapped to.
      block: ['location'],
    },
    defaults: { timePrecision: 'month', origin: 'reported' },
    categoryCodes: {
      'VIOLENCE AND SEXUAL OFFENCES': 'assault',
      'CRIMINAL DAMAGE AND ARSON': 'vandalism',
      'VEHICLE CRIME': 'vehicle_theft',
      'ANTI-SOCIAL BEHAVIOUR': 'disorder',
      'PUBLIC ORDER': 'disorder',
      'POSSESSION OF WEAPONS': 'weapons',
      'OTHER THEFT': 'theft',
      'THEFT FROM THE PERSON': 'theft',
      'BICYCLE THEFT': 'theft',
      SHOPLIFTING: 'theft',
      BURGLARY: 'burglary',
      ROBBERY: 'robbery',
      DRUGS: 'drugs',
      'OTHER CRIME': 'other',
    },
    // Possession offences are found by patrols, not reported.
    originByCategory: { drugs: 'discovered', weapons: 'discovered' },
    area: { west: -8.7, south: 49.8, east: 1.8, north: 60.9 },
  },
  {
    name: 'toronto',
    description:
      'Toronto Police Service open data (Major Crime Indicators and the other occurrence files: EVENT_UNIQUE_ID, OCC_YEAR…OCC_HOUR, DIVISION, LAT_WGS84)',
    source: 'toronto',
    timeZone: 'America/Toronto',
    signature: ['event_unique_id', 'occ_year', 'occ_month', 'division'],
    columns: {
      // One event with two offences is two rows under one id: kept as one incident.
      external_id: ['event_unique_id'],
      // The parts, not OCC_DATE, whose format has changed between releases; the hour is in OCC_HOUR.
      year: ['occ_year'],
      month: ['occ_month'],
      day: ['occ_day'],
      hour: ['occ_hour'],
      category: ['mci_category'],
      raw_type: ['offence', 'mci_category'],
      detail: ['premises_type'],
      // Points are moved to the nearest intersection by the source; withheld ones are 0,0.
      lat: ['lat_wgs84'],
      lon: ['long_wgs84'],
      // The patrol divisions (D11…D55); NSA, "not specified area", is no district.
      district: ['division'],
      // No address is published: the neighbourhood ("Yonge-Bay Corridor (170)") names the places.
      area: ['neighbourhood_158', 'neighbourhood_140'],
    },
    defaults: { origin: 'reported' },
    categoryCodes: {
      ASSAULT: 'assault',
      'BREAK AND ENTER': 'burglary',
      'AUTO THEFT': 'vehicle_theft',
      ROBBERY: 'robbery',
      'THEFT OVER': 'theft',
    },
    area: { west: -79.7, south: 43.55, east: -79.1, north: 43.9 },
  },
  {
    name: 'lapd',
    description:
      'Los Angeles Police Department open data ("Crime Data from 2020 to Present": DR_NO, DATE OCC, TIME OCC, AREA NAME, Crm Cd Desc, LOCATION, LAT, LON)',
    source: 'lapd',
    timeZone: 'America/Los_Angeles',
    signature: ['dr_no', 'date_occ', 'time_occ', 'crm_cd_desc'],
    columns: {
      external_id: ['dr_no'],
      // The occurrence, not the report (DATE RPTD); its time of day is TIME OCC, written 2130, 930 or 1.
      date: ['date_occ'],
      time: ['time_occ'],
      raw_type: ['crm_cd_desc'],
      detail: ['premis_desc'],
      lat: ['lat'],
      lon: ['lon'],
      // The 21 geographic areas (community police stations) are the patrol areas.
      district: ['area_name'],
      // "1900 S  LONGWOOD                    AV": the hundred block, padded; a corner is LOCATION
      // "VERMONT AV" with Cross Street "BEVERLY BL".
      block: ['location'],
      cross_street: ['cross_street'],
    },
    defaults: { origin: 'reported' },
    categoryCodes: {
      'BURGLARY FROM VEHICLE': 'theft',
      'BURGLARY FROM VEHICLE, ATTEMPTED': 'theft',
      'THEFT FROM MOTOR VEHICLE - PETTY ($950 & UNDER)': 'theft',
      'THEFT FROM MOTOR VEHICLE - GRAND ($950.01 AND OVER)': 'theft',
      'VEHICLE - STOLEN': 'vehicle_theft',
      'VEHICLE - ATTEMPT STOLEN': 'vehicle_theft',
      'THEFT OF IDENTITY': 'fraud',
    },
    area: { west: -118.95, south: 33.65, east: -118.1, north: 34.4 },
  },
  {
    name: 'nypd',
    description:
      'New York Police Department open data (complaint data: CMPLNT_NUM, CMPLNT_FR_DT, CMPLNT_FR_TM, OFNS_DESC, ADDR_PCT_CD, Latitude, Longitude)',
    source: 'nypd',
    timeZone: 'America/New_York',
    signature: ['cmplnt_num', 'cmplnt_fr_dt', 'ofns_desc'],
    columns: {
      external_id: ['cmplnt_num'],
      // When it began (CMPLNT_FR_*), not when it ended (CMPLNT_TO_*) nor when it was reported (RPT_DT).
      date: ['cmplnt_fr_dt'],
      time: ['cmplnt_fr_tm'],
      reported_at: ['rpt_dt'],
      raw_type: ['ofns_desc'],
      detail: ['pd_desc'],
      lat: ['latitude'],
      lon: ['longitude'],
      // The precinct is the patrol area. The suspect's and the victim's age, race and sex are never read.
      district: ['addr_pct_cd'],
    },
    defaults: { origin: 'reported' },
    categoryCodes: {
      'GRAND LARCENY OF MOTOR VEHICLE': 'vehicle_theft',
      'PETIT LARCENY OF MOTOR VEHICLE': 'vehicle_theft',
      'FELONY ASSAULT': 'assault',
      'ASSAULT 3 & RELATED OFFENSES': 'assault',
      'CRIMINAL MISCHIEF & RELATED OF': 'vandalism',
      'DANGEROUS DRUGS': 'drugs',
      'DANGEROUS WEAPONS': 'weapons',
      'HARRASSMENT 2': 'disorder',
      'OFF. AGNST PUB ORD SENSBLTY &': 'disorder',
      'VEHICLE AND TRAFFIC LAWS': 'traffic',
      'INTOXICATED & IMPAIRED DRIVING': 'traffic',
      'THEFT-FRAUD': 'fraud',
      'SEX CRIMES': 'sex_offense',
    },
    originByCategory: { drugs: 'discovered', weapons: 'discovered' },
    area: { west: -74.27, south: 40.49, east: -73.68, north: 40.93 },
  },
  {
    name: 'dallas',
    description:
      'Dallas Police Department open data (Police Incidents: Incident Number w/year, Date1 of Occurrence, Time1 of Occurrence, NIBRS Crime, Division, Location1)',
    source: 'dallas',
    timeZone: 'America/Chicago',
    signature: ['incident_number_w/year', 'date1_of_occurrence', 'nibrs_crime'],
    columns: {
      // One row per victim and offence: an incident's rows share its number and it is stored once.
      external_id: ['incident_number_w/year'],
      // When it began (Date1, Time1), not when it ended (Date2) nor when it was reported.
      date: ['date1_of_occurrence'],
      time: ['time1_of_occurrence'],
      raw_type: ['nibrs_crime'],
      category: ['nibrs_crime_category'],
      // The seven patrol divisions; the beat is finer than a unit's area.
      district: ['division'],
      block: ['incident_address'],
      // "1500 MAIN ST\nDALLAS, TX 75201\n(32.7811, -96.7990)": the point after the address.
      point: ['location1'],
      // The victim's name, race, ethnicity, gender and age are never read.
    },
    defaults: { origin: 'reported' },
    area: { west: -97.05, south: 32.6, east: -96.55, north: 33.03 },
  },
  {
    name: 'austin',
    description:
      'Austin Police Department open data (Crime Reports: Incident Number, Highest Offense Description, Occurred Date Time, APD Sector, Address, Latitude, Longitude)',
    source: 'austin',
    timeZone: 'America/Chicago',
    signature: ['incident_number', 'highest_offense_description', 'occurred_date_time'],
    columns: {
      external_id: ['incident_number'],
      // When it happened, not when it was reported (Report Date Time).
      occurred_at: ['occurred_date_time'],
      raw_type: ['highest_offense_description'],
      detail: ['location_type'],
      lat: ['latitude'],
      lon: ['longitude'],
      // Where the latitude is blank the state plane coordinates may still be there.
      x: ['x_coordinate'],
      y: ['y_coordinate'],
      // The sectors (Adam, Baker, …) are the patrol areas; the APD district is finer.
      district: ['apd_sector'],
      block: ['address'],
    },
    defaults: { origin: 'reported' },
    // NAD83 Texas Central, US feet: X-coordinate and Y-coordinate.
    crs: 'EPSG:2277',
    categoryCodes: { 'BURGLARY OF VEHICLE': 'theft', 'AUTO THEFT': 'vehicle_theft' },
    area: { west: -98.1, south: 30.0, east: -97.4, north: 30.6 },
  },
  {
    name: 'baltimore',
    description:
      'Baltimore Police Department open data (Part 1 Crime Data: CrimeDateTime, CrimeCode, Description, District, Location, Latitude, Longitude)',
    source: 'baltimore',
    timeZone: 'America/New_York',
    signature: ['crimedatetime', 'crimecode', 'description'],
    columns: {
      // No id: RowID numbers the export's rows, not the incidents.
      occurred_at: ['crimedatetime'],
      raw_type: ['description'],
      detail: ['premise'],
      lat: ['latitude'],
      lon: ['longitude'],
      point: ['geolocation'],
      // The nine districts are the patrol areas; the post is finer. The victim's gender, age, race and
      // ethnicity are never read.
      district: ['district'],
      block: ['location'],
    },
    defaults: { origin: 'reported' },
    categoryCodes: { 'LARCENY FROM AUTO': 'theft', 'AUTO THEFT': 'vehicle_theft' },
    area: { west: -76.72, south: 39.19, east: -76.52, north: 39.38 },
  },
  {
    name: 'dc',
    description:
      'Washington, DC Metropolitan Police open data (Crime Incidents: CCN, START_DATE, REPORT_DAT, OFFENSE, METHOD, BLOCK, DISTRICT, PSA, LATITUDE, LONGITUDE)',
    source: 'dc',
    timeZone: 'America/New_York',
    signature: ['ccn', 'report_dat', 'offense'],
    columns: {
      // One row per offence: an incident's rows share its complaint number and it is stored once.
      external_id: ['ccn'],
      // When it began, not when it was reported (REPORT_DAT) nor when it ended (END_DATE).
      occurred_at: ['start_date'],
      reported_at: ['report_dat'],
      raw_type: ['offense'],
      // GUN, KNIFE, OTHERS: read to file the offence, never stored.
      detail: ['method'],
      lat: ['latitude'],
      lon: ['longitude'],
      // Where the latitude is blank the block's Maryland state plane point (metres) may still be there.
      x: ['xblock'],
      y: ['yblock'],
      // The seven districts are the patrol commands; the PSA (patrol service area) is finer.
      district: ['district'],
      // "100 - 199 BLOCK OF H STREET NE"
      block: ['block'],
    },
    defaults: { origin: 'reported' },
    crs: 'EPSG:26985',
    categoryCodes: {
      'THEFT F/AUTO': 'theft',
      'THEFT/OTHER': 'theft',
      'MOTOR VEHICLE THEFT': 'vehicle_theft',
      'ASSAULT W/DANGEROUS WEAPON': 'assault',
      'SEX ABUSE': 'sex_offense',
    },
    area: { west: -77.13, south: 38.78, east: -76.9, north: 39.0 },
  },
  {
    name: 'milwaukee',
    description:
      'Milwaukee Police Department open data (WIBR crime data: IncidentNum, ReportedDateTime, Location, POLICE, RoughX, RoughY, and a 0/1 column per offence); it publishes when an incident was reported, not when it happened',
    source: 'milwaukee',
    timeZone: 'America/Chicago',
    signature: ['incidentnum', 'reporteddatetime', 'roughx', 'roughy', 'lockedvehicle'],
    columns: {
      external_id: ['incidentnum'],
      // The only time it publishes: the report's, read as the nearest to the occurrence.
      occurred_at: ['reporteddatetime'],
      // Wisconsin State Plane South, NAD27, US feet, rounded ("rough") by the source.
      x: ['roughx'],
      y: ['roughy'],
      // The seven police districts; ALD is the alderman's district, NSP a neighbourhood plan.
      district: ['police'],
      block: ['location'],
    },
    offenceFlags: [
      { column: 'homicide', offence: 'Homicide' },
      { column: 'sexoffense', offence: 'Sex offense' },
      { column: 'robbery', offence: 'Robbery' },
      { column: 'assaultoffense', offence: 'Assault offense' },
      { column: 'arson', offence: 'Arson' },
      { column: 'burglary', offence: 'Burglary' },
      { column: 'vehicletheft', offence: 'Vehicle theft' },
      { column: 'lockedvehicle', offence: 'Theft from a locked vehicle' },
      { column: 'theft', offence: 'Theft' },
      { column: 'criminaldamage', offence: 'Criminal damage' },
    ],
    defaults: { origin: 'reported' },
    crs: 'EPSG:32054',
    area: { west: -88.08, south: 42.84, east: -87.84, north: 43.2 },
  },
  {
    name: 'cincinnati',
    description:
      'Cincinnati Police Department open data (PDI Crime Incidents: INCIDENT_NO, DATE_FROM, OFFENSE, DST, ADDRESS_X, LATITUDE_X, LONGITUDE_X)',
    source: 'cincinnati',
    timeZone: 'America/New_York',
    signature: ['incident_no', 'date_from', 'offense', 'latitude_x'],
    columns: {
      // A row per victim and offence: an incident's rows share its number and it is stored once.
      external_id: ['incident_no'],
      // The start of the span in which it happened, not its end (DATE_TO) nor the report.
      occurred_at: ['date_from'],
      raw_type: ['offense'],
      // "2F-THEFT FROM MOTOR VEHICLE" says which theft.
      detail: ['theft_code'],
      lat: ['latitude_x'],
      lon: ['longitude_x'],
      // The five districts are the patrol areas; the beat is finer. LOCATION is the kind of place. The
      // victim's and the suspect's age, race, ethnicity and gender are never read.
      district: ['dst'],
      block: ['address_x'],
    },
    defaults: { origin: 'reported' },
    area: { west: -84.72, south: 39.05, east: -84.36, north: 39.23 },
  },
  {
    name: 'atlanta',
    description:
      'Atlanta Police Department COBRA exports (offense_id, occur_date, occur_time, UC2_Literal, beat, location, x, y)',
    source: 'atlanta',
    timeZone: 'America/New_York',
    signature: ['offense_id', 'occur_date', 'occur_time', 'uc2_literal'],
    columns: {
      external_id: ['offense_id'],
      // When it happened, written 1145; not the report (rpt_date) nor when it was found (poss_date).
      date: ['occur_date'],
      time: ['occur_time'],
      raw_type: ['uc2_literal'],
      // x and y are the longitude and the latitude.
      lat: ['y'],
      lon: ['x'],
      district: ['beat'],
      block: ['location'],
    },
    defaults: { origin: 'reported' },
    categoryCodes: { 'LARCENY-FROM VEHICLE': 'theft', 'LARCENY-NON VEHICLE': 'theft' },
    area: { west: -84.56, south: 33.64, east: -84.28, north: 33.9 },
  },
  {
    name: 'montreal',
    description:
      'Service de police de la Ville de Montréal open data (actes criminels: CATEGORIE, DATE, QUART, PDQ, LONGITUDE, LATITUDE); dated to the day',
    source: 'montreal',
    timeZone: 'America/Toronto',
    signature: ['categorie', 'date', 'quart', 'pdq'],
    columns: {
      // QUART (jour, soir, nuit: 8–16 h, 16–24 h, 0–8 h) is not an hour: the incidents are dated to the day.
      occurred_at: ['date'],
      raw_type: ['categorie'],
      lat: ['latitude'],
      lon: ['longitude'],
      x: ['x'],
      y: ['y'],
      // The neighbourhood stations (postes de quartier) are the patrol areas.
      district: ['pdq'],
    },
    defaults: { timePrecision: 'day', origin: 'reported' },
    // NAD83 MTM zone 8, metres: the X/Y columns.
    crs: 'EPSG:32188',
    categoryCodes: {
      'VOL DANS / SUR VÉHICULE À MOTEUR': 'theft',
      MÉFAIT: 'vandalism',
      INTRODUCTION: 'burglary',
      'VOL DE VÉHICULE À MOTEUR': 'vehicle_theft',
      'VOLS QUALIFIÉS': 'robbery',
      'INFRACTIONS ENTRAINANT LA MORT': 'homicide',
    },
    area: { west: -74.0, south: 45.38, east: -73.45, north: 45.72 },
  },
  {
    name: 'vancouver',
    description:
      "Vancouver Police Department's crime data (GeoDASH: TYPE, YEAR…MINUTE, HUNDRED_BLOCK, NEIGHBOURHOOD, X, Y in UTM zone 10 metres)",
    source: 'vancouver',
    timeZone: 'America/Vancouver',
    signature: ['type', 'hundred_block', 'neighbourhood', 'x', 'y'],
    columns: {
      year: ['year'],
      month: ['month'],
      day: ['day'],
      hour: ['hour'],
      minute: ['minute'],
      raw_type: ['type'],
      // "10XX ALBERNI ST": the hundred block, its last two digits hidden.
      block: ['hundred_block'],
      // The only area the data name: its 24 neighbourhoods ("West End", "Central Business District").
      district: ['neighbourhood'],
      x: ['x'],
      y: ['y'],
    },
    defaults: { origin: 'reported' },
    // NAD83 / UTM zone 10N, metres. Offences against a person are published at 0, 0 and refused.
    crs: 'EPSG:26910',
    categoryCodes: {
      'Break and Enter Commercial': 'burglary',
      'Break and Enter Residential/Other': 'burglary',
      Homicide: 'homicide',
      Mischief: 'vandalism',
      'Offence Against a Person': 'assault',
      'Other Theft': 'theft',
      'Theft from Vehicle': 'theft',
      'Theft of Bicycle': 'theft',
      'Theft of Vehicle': 'vehicle_theft',
      'Vehicle Collision or Pedestrian Struck (with Fatality)': 'traffic',
      'Vehicle Collision or Pedestrian Struck (with Injury)': 'traffic',
    },
    area: { west: -123.3, south: 49.18, east: -122.98, north: 49.33 },
  },
];

/** How column names are compared. */
export const normaliseName = (name: string): string =>
  name
    .trim()
    .toLowerCase()
    .replace(/[\s\-.]+/g, '_');

export const profileNames = (): string[] => PROFILES.map((p) => p.name);

export function findProfile(name: string): Profile | undefined {
  return PROFILES.find((p) => p.name === name);
}
