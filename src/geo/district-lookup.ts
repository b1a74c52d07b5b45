// Which district a point lies in, from the agency's boundary polygons: for exports that name none.
import type { DistrictOutline } from './district-boundaries.ts';
import { pointInRing } from './polygon.ts';

export type DistrictAt = (lon: number, lat: number) => string | undefined;

/** The first district whose outline holds the point; each ring's box is checked first. */
export function districtLookup(districts: readonly DistrictOutline[]): DistrictAt {
  const rings = districts.flatMap((d) =>
    d.rings.map((ring) => {
      const box = { name: d.name, ring, west: 180, east: -180, south: 90, north: -90 };
      for (const [lon, lat] of ring) {
        box.west = Math.min(box.west, lon);
        box.east = Math.max(box.east, lon);
        box.south = Math.min(box.south, lat);
        box.north = Math.max(box.north, lat);
      }
      return box;
    }),
  );
  return (lon, lat) =>
    rings.find(
      (r) =>
        lon >= r.west && lon <= r.east && lat >= r.south && lat <= r.north && pointInRing(lon, lat, r.ring),
    )?.name;
}
