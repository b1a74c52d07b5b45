// Offence names as US, Canadian and UK forces write them, each filed by the offence it names first.
import { expect, test } from 'vitest';
import { classify } from '../../src/ingest/category-rules.ts';

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
];

test.each(NAMES)('%s is %s', (name, category) => {
  expect(classify(name)).toBe(category);
});
