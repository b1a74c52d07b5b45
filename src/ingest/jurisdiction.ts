// The area an agency covers: a bounding box, or polygons from a GeoJSON file.
import { readFileSync } from 'node:fs';
import { UserError } from '../errors.ts';
import { pointInRing, type Ring } from '../geo/polygon.ts';
import type { Area } from './profiles.ts';

export type Jurisdiction = { kind: 'bbox'; area: Area } | { kind: 'polygons'; polygons: Ring[][] };

export function outsideJurisdiction(j: Jurisdiction, lat: number, lon: number): boolean {
  if (j.kind === 'bbox') {
    const a = j.area;
    return lat < a.south || lat > a.north || lon < a.west || lon > a.east;
  }
  // Inside a polygon's outer ring and outside its holes.
  return !j.polygons.some(
    ([outer, ...holes]) =>
      outer && pointInRing(lon, lat, outer) && !holes.some((h) => pointInRing(lon, lat, h)),
  );
}

type Geometry = { type: string; coordinates?: unknown; geometries?: Geometry[] };

function polygonsOf(geometry: Geometry | undefined, out: Ring[][]): void {
  if (!geometry) return;
  if (geometry.type === 'Polygon') out.push(geometry.coordinates as Ring[]);
  else if (geometry.type === 'MultiPolygon') out.push(...(geometry.coordinates as Ring[][]));
  else if (geometry.type === 'GeometryCollection')
    for (const g of geometry.geometries ?? []) polygonsOf(g, out);
}

/** "west,south,east,north" in degrees, or the path of a GeoJSON file with (multi)polygons. */
export function parseJurisdiction(setting: string): Jurisdiction {
  const parts = setting.split(',').map((p) => Number(p.trim()));
  if (parts.length === 4 && parts.every(Number.isFinite)) {
    const [west, south, east, north] = parts as [number, number, number, number];
    if (west >= east || south >= north || Math.abs(south) > 90 || Math.abs(north) > 90) {
      throw new UserError(
        'the jurisdiction box must be west,south,east,north with west < east and south < north',
      );
    }
    return { kind: 'bbox', area: { west, south, east, north } };
  }
  let doc: { type?: string; features?: { geometry?: Geometry }[] } & Geometry;
  try {
    doc = JSON.parse(readFileSync(setting, 'utf8'));
  } catch (error) {
    throw new UserError(`cannot read the jurisdiction file ${setting}: ${(error as Error).message}`);
  }
  const polygons: Ring[][] = [];
  if (doc.type === 'FeatureCollection') for (const f of doc.features ?? []) polygonsOf(f.geometry, polygons);
  else if (doc.type === 'Feature') polygonsOf((doc as { geometry?: Geometry }).geometry, polygons);
  else polygonsOf(doc, polygons);
  if (polygons.length === 0) throw new UserError(`the jurisdiction file ${setting} holds no polygon`);
  return { kind: 'polygons', polygons };
}
