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
