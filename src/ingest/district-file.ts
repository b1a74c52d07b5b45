// The districts file (PATROLCAST_DISTRICTS): a GeoJSON FeatureCollection in WGS84, or a zipped
// shapefile as agencies publish their boundaries, in its own coordinate system (its .prj). Read again
// only when the file changes.
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import * as shapefile from 'shapefile';
import { UserError } from '../errors.ts';
import {
  type DistrictOutline,
  districtsOfFeatures,
  type Feature,
  parseDistrictBoundaries,
} from '../geo/district-boundaries.ts';
import { projectorFor } from '../geo/projection.ts';
import { shapefileLayers } from './formats/shapefile.ts';
import { openZip, readEntryBytes, readEntryText } from './formats/zip.ts';

/** A city's districts are a few megabytes at most; more is not a boundary file. */
const MAX_BYTES = 64 * 1024 * 1024;

async function shapefileDistricts(path: string): Promise<DistrictOutline[]> {
  const zip = await openZip(path, { maxEntries: 100, maxBytes: 4 * MAX_BYTES });
  try {
    // The first layer, its .shp with the .dbf of the same name, as an import pairs them.
    const [layer] = shapefileLayers(zip.names);
    if (!layer) throw new UserError('the districts zip holds no shapefile (a .shp with its .dbf)');
    const { shp, dbf, prj, cpg } = layer;
    const encoding = cpg ? (await readEntryText(zip, cpg, 1024)).trim() : '';
    let collection: { features: Feature[] };
    try {
      collection = (await shapefile.read(
        new Uint8Array(await readEntryBytes(zip, shp, MAX_BYTES)),
        new Uint8Array(await readEntryBytes(zip, dbf, MAX_BYTES)),
        { encoding: /^utf-?8$/i.test(encoding) ? 'utf-8' : 'windows-1252' },
      )) as { features: Feature[] };
    } catch (error) {
      if (error instanceof UserError) throw error;
      throw new UserError(
        `cannot read the districts shapefile ${basename(shp)}: ${(error as Error).message}`,
      );
    }
    // Without a .prj the coordinates must already be degrees, and the features say so if not.
    if (!prj)
      return districtsOfFeatures(
        collection.features,
        undefined,
        'the zip has no .prj to say how they are projected',
      );
    return districtsOfFeatures(collection.features, projectorFor(await readEntryText(zip, prj, 64 * 1024)));
  } finally {
    zip.close();
  }
}

const read = new Map<string, { mtime: number; at: Date; districts: DistrictOutline[] }>();

/** "is not there" from ENOENT: what an administrator can act on, not the system's code. */
function missing(path: string, error: unknown): UserError {
  const code = (error as NodeJS.ErrnoException).code;
  const what =
    code === 'ENOENT'
      ? 'is not there'
      : code === 'EACCES' || code === 'EPERM'
        ? 'cannot be read (permission denied)'
        : code === 'EISDIR'
          ? 'is a folder, not a file'
          : `cannot be read (${(error as Error).message})`;
  return new UserError(
    `the districts file ${path} (PATROLCAST_DISTRICTS) ${what}: ${code === 'ENOENT' ? 'put it back' : 'set it to a readable boundary file'}, or unset PATROLCAST_DISTRICTS`,
    409,
  );
}

/** The file's districts; a UserError names what is wrong with it. */
export async function readDistrictFile(path: string): Promise<DistrictOutline[]> {
  let mtime: number;
  try {
    mtime = (await stat(path)).mtimeMs;
  } catch (error) {
    throw missing(path, error);
  }
  const known = read.get(path);
  if (known && known.mtime === mtime) return known.districts;
  let districts: DistrictOutline[];
  try {
    districts =
      extname(path).toLowerCase() === '.zip'
        ? await shapefileDistricts(path)
        : parseDistrictBoundaries(await readFile(path, 'utf8'));
  } catch (error) {
    throw error instanceof UserError ? error : missing(path, error);
  }
  read.set(path, { mtime, at: new Date(), districts });
  return districts;
}

export interface DistrictsInUse {
  districts: DistrictOutline[];
  /** Set when the file cannot be read now and the last good copy is used: why, and since when. */
  problem?: string;
}

/**
 * For a running service: a districts file deleted, half-copied or broken after it was read once
 * keeps its last good copy, so that imports and maps go on as they were and the answer says why.
 */
export async function districtsInUse(path: string): Promise<DistrictsInUse> {
  try {
    return { districts: await readDistrictFile(path) };
  } catch (error) {
    const held = read.get(path);
    if (!held || !(error instanceof UserError)) throw error;
    return {
      districts: held.districts,
      problem: `${error.message}; the boundaries read at ${held.at.toISOString().slice(0, 16).replace('T', ' ')} UTC are used meanwhile`,
    };
  }
}
