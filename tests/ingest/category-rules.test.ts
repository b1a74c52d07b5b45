// Offence names as US, Canadian and UK forces write them, each filed by the offence it names first; and
// what projected numbers without --crs look like.
import { expect, test } from 'vitest';
import { classify } from '../../src/ingest/category-rules.ts';
import { projectionHint } from '../../src/ingest/map-row.ts';

const NAMES: [string, string][] = [
  // Canada (a city's open-data export)
  ['Break and Enter Residential/Other', 'burglary'],
  ['Break and Enter Commercial', 'burglary'],
  ['Theft of Vehicle', 'vehicle_theft'],
  ['Theft from Vehicle', 'theft'],
  ['Theft of Bicycle', 'theft'],
  ['Other Theft', 'theft'],
  ['Mischief', 'vandalism'],
  ['Offence Against a Person', 'assault'],
  ['Vehicle Collision or Pedestrian Struck (with Injury)', 'traffic'],
  // Canada in French (Montréal, Québec, Gatineau)
  ['Introduction par effraction', 'burglary'],
  ['Vol de véhicule à moteur', 'vehicle_theft'],
  ["Vol d'auto", 'vehicle_theft'],
  ["Vol à l'étalage", 'theft'],
  ['Vol dans / sur véhicule à moteur', 'theft'],
  ['Vols qualifiés', 'robbery'],
  ['Méfait', 'vandalism'],
  ['Voies de fait', 'assault'],
  ['Agression sexuelle', 'sex_offense'],
  ['Infractions entrainant la mort', 'homicide'],
  ['Volontaire', 'other'],
  // The UK's street-level files
  ['Violence and sexual offences', 'assault'],
  ['Criminal damage and arson', 'vandalism'],
  ['Vehicle crime', 'vehicle_theft'],
  ['Anti-social behaviour', 'disorder'],
  ['Public order', 'disorder'],
  ['Possession of weapons', 'weapons'],
  ['Theft from the person', 'theft'],
  ['Bicycle theft', 'theft'],
  ['Other crime', 'other'],
  // The US
  ['MOTOR VEHICLE THEFT', 'vehicle_theft'],
  ['THEFT FROM MOTOR VEHICLE', 'theft'],
  ['AGG ASSAULT W/ DEADLY WEAPON', 'assault'],
  ['Identity theft', 'fraud'],
  ['Carjacking', 'robbery'],
  ['Sexual assault', 'sex_offense'],
  ['Criminal mischief', 'vandalism'],
  // A vehicle broken into is a theft from it, as the FBI counts it; a building's burglary stays one.
  ['BURGLARY OF VEHICLE', 'theft'],
  ['BURG - AUTO', 'theft'],
  ['Auto burglary', 'theft'],
  ['Car break-in', 'theft'],
  ['BMV', 'theft'],
  ['BURG - RESIDENTIAL', 'burglary'],
  ['Burglary of Building', 'burglary'],
  ['Burglary - Vehicle Stolen From Garage', 'burglary'],
  // Portland's calls for service (the NIJ challenge)
  ['VEHICLE STOLEN - COLD', 'vehicle_theft'],
  ['BURGLARY - COLD', 'burglary'],
  ['DRIVING UNDER INFLUENCE', 'traffic'],
  ['UNWANTED PERSON', 'disorder'],
];

test.each(NAMES)('%s is %s', (name, category) => {
  expect(classify(name)).toBe(category);
});

test.each([
  [491_000, 5_458_000, /UTM metres; try --crs EPSG:326NN/],
  [7_660_085, 672_910, /US State Plane/],
  [530_000, 180_000, /British National Grid metres; try --crs EPSG:27700/],
  [12, 99_999_999, /\(use --crs EPSG:n\)/],
])('projected %d, %d without --crs says which system they look like', (x, y, hint) => {
  expect(projectionHint(x, y)).toMatch(hint);
});
