// Generates the demo city's incidents: a self-exciting (Hawkes) point process. Background incidents
// follow the city's density, its hotspots and the daily and weekly rhythm of each crime type; every
// incident may trigger near repeats close by in the following days. Same seed and end date, same rows.

import { distanceMetres, offsetMetres, pointInRing } from '../geo/polygon.ts';
import type { CanonicalIncident } from '../ingest/incident.ts';
import { createRandom, type Random } from '../random.ts';
import type { LocalDate } from '../time/zone.ts';
import { addDays, formatDate, fromLocal } from '../time/zone.ts';
import { CRIME_TYPES, type CrimeType, DISTRICTS, HOTSPOTS, NEIGHBOURHOODS, OUTLINE } from './city.ts';
import { demoBlock } from './streets.ts';

export interface DemoOptions {
  days: number;
  seed: number;
  /** The first day not generated, local calendar date: the data runs up to the midnight before it. */
  end: LocalDate;
  timeZone: string;
}

interface DraftEvent {
  type: CrimeType;
  /** Local day index from the first day, and minutes into that day. */
  day: number;
  minute: number;
  lat: number;
  lon: number;
}

const bbox = (() => {
  const lons = OUTLINE.map((p) => p[0]);
  const lats = OUTLINE.map((p) => p[1]);
  return {
    west: Math.min(...lons),
    east: Math.max(...lons),
    south: Math.min(...lats),
    north: Math.max(...lats),
  };
})();

const inCity = (lat: number, lon: number) => pointInRing(lon, lat, OUTLINE);

/** Coordinates to about a metre, as an export would have them; rounded before the city check. */
const round = ([lat, lon]: [number, number]): [number, number] => [
  Math.round(lat * 1e5) / 1e5,
  Math.round(lon * 1e5) / 1e5,
];

function uniformPlace(random: Random): [number, number] {
  for (;;) {
    const [lat, lon] = round([
      bbox.south + random.next() * (bbox.north - bbox.south),
      bbox.west + random.next() * (bbox.east - bbox.west),
    ]);
    if (inCity(lat, lon)) return [lat, lon];
  }
}

function around(random: Random, lat: number, lon: number, sigma: number): [number, number] {
  for (let attempt = 0; attempt < 20; attempt++) {
    const p = round(offsetMetres(lat, lon, random.normal(0, sigma), random.normal(0, sigma)));
    if (inCity(p[0], p[1])) return p;
  }
  return uniformPlace(random);
}

const hotspotWeights = new Map(
  CRIME_TYPES.map((t) => [t.category, HOTSPOTS.map((h) => h.draws[t.category] ?? 0)] as const),
);
const neighbourhoodWeights = NEIGHBOURHOODS.map((n) => n.weight);

function backgroundPlace(random: Random, type: CrimeType): [number, number] {
  const weights = hotspotWeights.get(type.category)!;
  const r = random.next();
  if (r < type.hotspotShare && weights.some((w) => w > 0)) {
    const h = HOTSPOTS[random.weighted(weights)]!;
    return around(random, h.lat, h.lon, h.sigma);
  }
  if (r < type.hotspotShare + 0.45) {
    const n = NEIGHBOURHOODS[random.weighted(neighbourhoodWeights)]!;
    return around(random, n.lat, n.lon, n.sigma);
  }
  return uniformPlace(random);
}

const minuteOfDay = (random: Random, type: CrimeType) =>
  random.weighted(type.hours) * 60 + Math.floor(random.next() * 60);

/** Summer is busier: about ±15% over the year, peaking in July. */
const season = (dayOfYear: number) => 1 + 0.15 * Math.sin((2 * Math.PI * (dayOfYear - 105)) / 365);

function dayOfYear(d: LocalDate): number {
  return Math.round((Date.UTC(d.year, d.month - 1, d.day) - Date.UTC(d.year, 0, 1)) / 86_400_000);
}

export function districtOf(lat: number, lon: number): string {
  let best: string = DISTRICTS[0].name;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const d of DISTRICTS) {
    const m = distanceMetres(lat, lon, d.lat, d.lon);
    if (m < bestDistance) {
      bestDistance = m;
      best = d.name;
    }
  }
  return best;
}

export function generateDemoIncidents(options: DemoOptions): CanonicalIncident[] {
  const random = createRandom(options.seed);
  const first = addDays(options.end, -options.days);
  const events: DraftEvent[] = [];

  // Background (immigrant) incidents, day by day.
  for (let day = 0; day < options.days; day++) {
    const date = addDays(first, day);
    const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
    const seasonal = season(dayOfYear(date));
    for (const type of CRIME_TYPES) {
      const n = random.poisson(type.perDay * type.weekdays[weekday]! * seasonal);
      for (let i = 0; i < n; i++) {
        const [lat, lon] = backgroundPlace(random, type);
        events.push({ type, day, minute: minuteOfDay(random, type), lat, lon });
      }
    }
  }

  // Near repeats: each incident triggers Poisson(branching) more, which may trigger their own.
  for (let i = 0; i < events.length; i++) {
    const parent = events[i]!;
    const children = random.poisson(parent.type.branching);
    for (let c = 0; c < children; c++) {
      const delay = random.exponential(parent.type.repeatDays);
      let day = parent.day + Math.floor(delay);
      const minute = minuteOfDay(random, parent.type);
      if (day === parent.day && minute <= parent.minute) day += 1;
      if (day >= options.days) continue;
      const [lat, lon] = round(
        offsetMetres(
          parent.lat,
          parent.lon,
          random.normal(0, parent.type.repeatMetres),
          random.normal(0, parent.type.repeatMetres),
        ),
      );
      if (!inCity(lat, lon)) continue;
      events.push({ type: parent.type, day, minute, lat, lon });
    }
  }

  const rows = events.map((e) => {
    const date = addDays(first, e.day);
    const occurredAt = fromLocal(
      { ...date, hour: Math.floor(e.minute / 60), minute: e.minute % 60 },
      options.timeZone,
    );
    return {
      occurredAt,
      lat: e.lat,
      lon: e.lon,
      type: e.type,
      rawType: e.type.rawTypes[Math.floor(random.next() * e.type.rawTypes.length)]!,
    };
  });
  rows.sort(
    (a, b) =>
      a.occurredAt.getTime() - b.occurredAt.getTime() ||
      a.lat - b.lat ||
      a.lon - b.lon ||
      a.type.category.localeCompare(b.type.category),
  );

  const prefix = `demo-${options.seed}-${formatDate(options.end)}`;
  return rows.map((r, i) => ({
    externalId: `${prefix}-${i + 1}`,
    occurredAt: r.occurredAt,
    timePrecision: 'minute',
    category: r.type.category,
    rawType: r.rawType,
    lat: r.lat,
    lon: r.lon,
    district: districtOf(r.lat, r.lon),
    block: demoBlock(r.lat, r.lon),
    origin: r.type.origin,
  }));
}
