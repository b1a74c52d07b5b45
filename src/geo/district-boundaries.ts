// District boundaries (PATROLCAST_DISTRICTS): polygons, each named by a property (name, district,
// DISTRICT, precinct, beat), in WGS84 or projected to it. Drawn and named on every map.
import { UserError } from '../errors.ts';
import type { Projector } from './projection.ts';

export interface DistrictOutline {
  name: string;
  /** Closed [lon, lat] rings. */
  rings: [number, number][][];
}

const NAME_KEYS = [
  'name',
  'NAME',
  'district',
  'DISTRICT',
  'dist',
  'DIST',
  'precinct',
  'PRECINCT',
  'beat',
  'BEAT',
];

type Geometry = { type: string; coordinates: unknown };
export type Feature = {
  type: string;
  geometry?: Geometry | null;
  properties?: Record<string, unknown> | null;
};

const isPosition = (p: unknown): p is [number, number] =>
  Array.isArray(p) &&
  p.length >= 2 &&
  typeof p[0] === 'number' &&
  typeof p[1] === 'number' &&
  Math.abs(p[0]) <= 180 &&
  Math.abs(p[1]) <= 90;

const isPair = (p: unknown): p is [number, number] =>
  Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number';

function ringsOf(
  geometry: Geometry,
  name: string,
  project: Projector | undefined,
  hint: string,
): [number, number][][] {
  const polygons =
    geometry.type === 'Polygon'
      ? [geometry.coordinates]
      : geometry.type === 'MultiPolygon'
        ? (geometry.coordinates as unknown[])
        : undefined;
  if (!polygons) throw new UserError(`district ${name}: a ${geometry.type}, not a polygon`);
  const rings: [number, number][][] = [];
  for (const polygon of polygons as unknown[][]) {
    // The outer ring only: holes change nothing an officer needs from an outline.
    const given = polygon?.[0];
    const outer =
      project && Array.isArray(given) && given.every(isPair) ? given.map(([x, y]) => project(x, y)) : given;
    if (!Array.isArray(outer) || !outer.every(isPosition))
      throw new UserError(`district ${name}: coordinates are not longitude, latitude in degrees (${hint})`);
    rings.push(outer.map(([lon, lat]) => [lon, lat]));
  }
  return rings;
}

/** The districts of a GeoJSON FeatureCollection; a UserError names what is wrong with the file. */
export function parseDistrictBoundaries(text: string): DistrictOutline[] {
  let json: { type?: string; features?: Feature[] };
  try {
    json = JSON.parse(text);
  } catch {
    throw new UserError('the districts file is not JSON (expected a GeoJSON FeatureCollection)');
  }
  if (json.type !== 'FeatureCollection' || !Array.isArray(json.features))
    throw new UserError('the districts file is not a GeoJSON FeatureCollection');
  return districtsOfFeatures(json.features);
}

/**
 * Named districts of polygon features; `project` turns their coordinates into longitude, latitude, and
 * `hint` says what to check when they are not.
 */
export function districtsOfFeatures(
  features: readonly Feature[],
  project?: Projector,
  hint = 'is the file in WGS84?',
): DistrictOutline[] {
  return features.map((feature, i) => {
    const key = NAME_KEYS.find(
      (k) => feature.properties?.[k] !== undefined && feature.properties?.[k] !== null,
    );
    const name = key ? String(feature.properties![key]).slice(0, 40) : `${i + 1}`;
    if (!feature.geometry) throw new UserError(`district ${name}: no geometry`);
    return { name, rings: ringsOf(feature.geometry, name, project, hint) };
  });
}
