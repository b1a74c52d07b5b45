// Projected coordinates (state plane feet, UTM metres, ...) to WGS84 longitude and latitude.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import proj4 from 'proj4';
import { UserError } from '../errors.ts';

export type Projector = (x: number, y: number) => [lon: number, lat: number];

const require = createRequire(import.meta.url);

/** The proj4 definition of an EPSG code, from the bundled EPSG index (no network). */
function epsgDefinition(code: number): string | undefined {
  try {
    const file = require.resolve(`epsg-index/s/${code}.json`);
    const entry = JSON.parse(readFileSync(file, 'utf8')) as { proj4?: string };
    return entry.proj4 || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Datum shifts by a grid file, which is not bundled, and the seven-parameter shift used instead: a few
 * metres off where the grid would be exact, against cells hundreds of metres across. Without this the
 * grid is missing and every point is NaN (NAD27 state planes, the British National Grid).
 */
const GRID_SHIFTS: readonly { ellps: string; grid: RegExp; towgs84: string }[] = [
  // NAD27 (Milwaukee's and older US state plane exports): the mean shift for the conterminous US.
  { ellps: 'clrk66', grid: /./, towgs84: '-8,160,176,0,0,0,0' },
  // OSGB36, the British National Grid: the Ordnance Survey's Helmert shift.
  { ellps: 'airy', grid: /ostn/i, towgs84: '446.448,-125.157,542.06,0.15,0.247,0.842,-20.489' },
  // DHDN, Germany's Gauss-Krüger zones.
  { ellps: 'bessel', grid: /beta2007/i, towgs84: '598.1,73.7,418.2,0.202,0.045,-2.455,6.7' },
  // NZGD49.
  { ellps: 'intl', grid: /nzgd2k/i, towgs84: '59.47,-5.04,187.44,0.47,-0.1,1.024,-4.5993' },
];

/** A proj4 definition whose datum shift needs a grid file: the shift by parameters instead. */
export function withoutGridFile(definition: string, crs: string): string {
  const grid = /\+nadgrids=(\S+)/.exec(definition);
  // "@" marks a grid as optional ("@null": none); proj4 goes on without it.
  if (!grid || grid[1]!.startsWith('@')) return definition;
  const ellps = /\+ellps=(\S+)/.exec(definition)?.[1];
  const shift = GRID_SHIFTS.find((g) => g.ellps === ellps && g.grid.test(grid[1]!));
  if (!shift)
    throw new UserError(
      `the coordinate system ${crs} shifts its datum by a grid file (${grid[1]!.slice(0, 40)}) that is not available here: convert the coordinates to latitude and longitude, or give --crs as a proj4 definition with +towgs84`,
    );
  return definition.replace(grid[0], `+towgs84=${shift.towgs84}`);
}

/**
 * A function from x/y in the given system to [lon, lat]. `crs` is 'EPSG:n', a proj4 string, or the
 * WKT of a shapefile's .prj.
 */
export function projectorFor(crs: string): Projector {
  const text = crs.trim();
  let definition: string | undefined;
  const epsg = /^epsg:(\d{4,6})$/i.exec(text);
  if (epsg) {
    definition = epsgDefinition(Number(epsg[1]));
    if (!definition) throw new UserError(`unknown coordinate system ${text}`);
  } else {
    definition = text;
  }
  if (definition.startsWith('+')) definition = withoutGridFile(definition, text.slice(0, 60));
  let converter: proj4.Converter;
  try {
    converter = proj4(definition, 'EPSG:4326');
  } catch {
    throw new UserError(
      `cannot read the coordinate system ${text.length > 60 ? `${text.slice(0, 60)}…` : text}`,
    );
  }
  return (x, y) => {
    const [lon, lat] = converter.forward([x, y]);
    return [lon!, lat!];
  };
}
