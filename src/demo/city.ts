// The synthetic city the demo runs on. It sits on the geographic centre of the contiguous United
// States, among fields, so that its made-up hotspots never fall on a real neighbourhood.

import type { Ring } from '../geo/polygon.ts';
import type { Category, Origin } from '../ingest/categories.ts';

export const DEMO_SOURCE = 'demo';
export const DEMO_LABEL = 'DEMO DATA';
export const DEMO_CITY_NAME = 'Demo City (synthetic)';

export const CENTER = { lat: 39.83, lon: -98.58 };

/** The city limit, [lon, lat], closed: about 15 km by 11 km, not a rectangle. */
export const OUTLINE: Ring = [
  [-98.665, 39.868],
  [-98.61, 39.88],
  [-98.548, 39.879],
  [-98.5, 39.862],
  [-98.492, 39.83],
  [-98.503, 39.795],
  [-98.54, 39.782],
  [-98.6, 39.785],
  [-98.648, 39.793],
  [-98.672, 39.82],
  [-98.665, 39.868],
];

/** Districts are the nearest of these centres. */
export const DISTRICTS = [
  { name: 'North', lat: 39.866, lon: -98.585 },
  { name: 'East', lat: 39.835, lon: -98.515 },
  { name: 'Central', lat: 39.83, lon: -98.575 },
  { name: 'West', lat: 39.83, lon: -98.64 },
  { name: 'Southwest', lat: 39.797, lon: -98.615 },
  { name: 'Southeast', lat: 39.797, lon: -98.54 },
] as const;

/** Where people live and go: a broad density beneath the hotspots. */
export const NEIGHBOURHOODS = [
  { lat: 39.83, lon: -98.578, sigma: 1800, weight: 3 },
  { lat: 39.858, lon: -98.61, sigma: 1400, weight: 2 },
  { lat: 39.845, lon: -98.53, sigma: 1500, weight: 2 },
  { lat: 39.805, lon: -98.6, sigma: 1600, weight: 1.5 },
  { lat: 39.8, lon: -98.535, sigma: 1200, weight: 1 },
] as const;

type Weights = Partial<Record<Category, number>>;

/** Places that stay hot year after year, each drawing its own kinds of crime. */
export const HOTSPOTS: readonly { name: string; lat: number; lon: number; sigma: number; draws: Weights }[] =
  [
    {
      name: 'nightlife strip',
      lat: 39.8312,
      lon: -98.5746,
      sigma: 160,
      draws: { assault: 4, robbery: 3, vandalism: 2 },
    },
    {
      name: 'shopping centre',
      lat: 39.8465,
      lon: -98.5412,
      sigma: 220,
      draws: { theft: 5, vehicle_theft: 2 },
    },
    {
      name: 'transit centre',
      lat: 39.8241,
      lon: -98.5893,
      sigma: 140,
      draws: { robbery: 3, theft: 2, drugs: 3 },
    },
    { name: 'apartment blocks', lat: 39.8083, lon: -98.6161, sigma: 200, draws: { burglary: 4, assault: 2 } },
    { name: 'park-and-ride', lat: 39.8577, lon: -98.6327, sigma: 170, draws: { vehicle_theft: 5 } },
    { name: 'old town', lat: 39.8623, lon: -98.5811, sigma: 260, draws: { burglary: 4, vandalism: 1 } },
    { name: 'stadium', lat: 39.8019, lon: -98.5396, sigma: 210, draws: { vandalism: 3, assault: 2 } },
    {
      name: 'motel row',
      lat: 39.8389,
      lon: -98.5054,
      sigma: 150,
      draws: { drugs: 4, assault: 2, robbery: 2 },
    },
  ];

// Hour-of-day shapes, 0–23 local time.
const NIGHT = [8, 7, 6, 4, 2, 1, 1, 1, 2, 2, 3, 3, 4, 4, 4, 4, 5, 6, 7, 8, 9, 10, 10, 9];
const DAYTIME = [1, 1, 1, 1, 1, 1, 2, 4, 6, 7, 7, 7, 7, 7, 7, 7, 6, 5, 4, 3, 2, 2, 1, 1];
const SHOPPING = [1, 1, 1, 1, 1, 1, 1, 2, 3, 5, 7, 8, 9, 9, 9, 9, 9, 8, 7, 6, 4, 3, 2, 1];
const EVENING = [6, 5, 4, 3, 2, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 4, 5, 6, 7, 8, 8, 8, 7];

// Day-of-week weights, Sunday first.
const WEEKEND = [1.3, 0.85, 0.8, 0.85, 0.95, 1.25, 1.4];
const WEEKDAY = [0.8, 1.05, 1.05, 1.05, 1.05, 1.05, 0.85];
const FLAT = [1, 1, 1, 1, 1, 1, 1];

export interface CrimeType {
  category: Category;
  /** Background incidents per day before self-excitation. */
  perDay: number;
  /** Share of background incidents that fall in a hotspot. */
  hotspotShare: number;
  /** Expected follow-on incidents per incident (the Hawkes branching ratio): near repeats. */
  branching: number;
  /** Mean delay to a follow-on incident, in days. */
  repeatDays: number;
  /** Spread of follow-on incidents around their parent, in metres. */
  repeatMetres: number;
  hours: readonly number[];
  weekdays: readonly number[];
  origin: Origin;
  rawTypes: readonly string[];
}

export const CRIME_TYPES: readonly CrimeType[] = [
  {
    category: 'burglary',
    perDay: 7,
    hotspotShare: 0.3,
    branching: 0.5,
    repeatDays: 4,
    repeatMetres: 100,
    hours: DAYTIME,
    weekdays: WEEKDAY,
    origin: 'reported',
    rawTypes: ['BURGLARY - FORCIBLE ENTRY', 'BURGLARY - UNLAWFUL ENTRY', 'BURGLARY - ATTEMPT'],
  },
  {
    category: 'robbery',
    perDay: 4,
    hotspotShare: 0.4,
    branching: 0.2,
    repeatDays: 3,
    repeatMetres: 200,
    hours: NIGHT,
    weekdays: WEEKEND,
    origin: 'reported',
    rawTypes: ['ROBBERY - STREET', 'ROBBERY - ARMED', 'ROBBERY - COMMERCIAL'],
  },
  {
    category: 'assault',
    perDay: 11,
    hotspotShare: 0.35,
    branching: 0.2,
    repeatDays: 2,
    repeatMetres: 120,
    hours: NIGHT,
    weekdays: WEEKEND,
    origin: 'reported',
    rawTypes: ['AGGRAVATED ASSAULT', 'SIMPLE ASSAULT', 'BATTERY'],
  },
  {
    category: 'theft',
    perDay: 22,
    hotspotShare: 0.35,
    branching: 0.1,
    repeatDays: 2,
    repeatMetres: 150,
    hours: SHOPPING,
    weekdays: FLAT,
    origin: 'reported',
    rawTypes: ['THEFT - SHOPLIFTING', 'THEFT - FROM PERSON', 'THEFT - FROM VEHICLE', 'THEFT - OTHER'],
  },
  {
    category: 'vehicle_theft',
    perDay: 6,
    hotspotShare: 0.3,
    branching: 0.25,
    repeatDays: 4,
    repeatMetres: 250,
    hours: EVENING,
    weekdays: FLAT,
    origin: 'reported',
    rawTypes: ['MOTOR VEHICLE THEFT', 'MOTOR VEHICLE THEFT - ATTEMPT'],
  },
  {
    category: 'vandalism',
    perDay: 7,
    hotspotShare: 0.25,
    branching: 0.15,
    repeatDays: 3,
    repeatMetres: 150,
    hours: NIGHT,
    weekdays: WEEKEND,
    origin: 'reported',
    rawTypes: ['CRIMINAL DAMAGE - PROPERTY', 'CRIMINAL DAMAGE - VEHICLE', 'GRAFFITI'],
  },
  {
    // Found by patrols rather than reported: the kind the forecast leaves out by default.
    category: 'drugs',
    perDay: 3,
    hotspotShare: 0.5,
    branching: 0.3,
    repeatDays: 3,
    repeatMetres: 100,
    hours: EVENING,
    weekdays: FLAT,
    origin: 'discovered',
    rawTypes: ['NARCOTICS - POSSESSION', 'NARCOTICS - SALE'],
  },
];
