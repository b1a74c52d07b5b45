// Zipped shapefiles: every .shp in the zip with its .dbf, read feature by feature. The .prj, when
// present, says how to turn the points into longitude and latitude.
import { basename, extname } from 'node:path';
import { PassThrough } from 'node:stream';
import * as shapefile from 'shapefile';
import { UserError } from '../../errors.ts';
import { normaliseName } from '../profiles.ts';
import { columnCache, type RawEvent } from './record.ts';
import { type OpenZip, readEntryText } from './zip.ts';

export interface Layer {
  shp: string;
  dbf: string;
  prj?: string;
  cpg?: string;
}

export interface ShapefileInput {
  /** The coordinate system's WKT from the .prj, when the zip has one. */
  prj: string | undefined;
  records: AsyncIterable<RawEvent>;
}

/** The zip's shapefiles, each .shp with the .dbf (and .prj, .cpg) of the same name, in name order. */
export function shapefileLayers(names: readonly string[]): Layer[] {
  const byStem = new Map<string, Partial<Layer>>();
  for (const name of names) {
    const ext = extname(name).toLowerCase();
    if (!['.shp', '.dbf', '.prj', '.cpg'].includes(ext)) continue;
    if (basename(name).startsWith('._')) continue; // macOS resource forks
    const stem = name.slice(0, -ext.length);
    const layer = byStem.get(stem) ?? {};
    layer[ext.slice(1) as keyof Layer] = name;
    byStem.set(stem, layer);
  }
  return [...byStem.values()]
    .filter((l): l is Layer => Boolean(l.shp && l.dbf))
    .sort((a, b) => a.shp.localeCompare(b.shp));
}

function layersOf(zip: OpenZip): Layer[] {
  const layers = shapefileLayers(zip.names);
  if (layers.length === 0)
    throw new UserError('the zip holds no shapefile (a .shp with its .dbf) nor an Excel workbook');
  return layers;
}

/** The shapefiles of an opened zip; the zip is closed when their records end (or fail to open). */
export async function openShapefileZip(zip: OpenZip): Promise<ShapefileInput> {
  let layers: Layer[];
  const prjs = new Set<string>();
  try {
    layers = layersOf(zip);
    for (const layer of layers)
      if (layer.prj) prjs.add((await readEntryText(zip, layer.prj, 64 * 1024)).trim());
  } catch (error) {
    zip.close();
    throw error;
  }
  if (prjs.size > 1) {
    zip.close();
    throw new UserError(
      'the shapefiles in this zip use different coordinate systems: import them one by one',
    );
  }

  async function* records(): AsyncGenerator<RawEvent> {
    let position = 0;
    const columnsFor = columnCache(normaliseName);
    try {
      for (const layer of layers) {
        const encoding = layer.cpg
          ? (await readEntryText(zip, layer.cpg, 1024)).trim() || undefined
          : undefined;
        // A damaged entry (one that inflates past its declared size, say) fails its stream; the
        // shapefile reader would then wait forever, so each of its steps races that failure. It
        // reads relays of ours, which end quietly: an error left on a stream nobody watches
        // anymore would take the process down.
        let failed!: (error: Error) => void;
        const failure = new Promise<never>((_, reject) => {
          failed = reject;
        });
        failure.catch(() => {});
        const entry = async (name: string) => {
          const stream = await zip.open(name);
          const relay = new PassThrough();
          stream.on('error', (error) => {
            failed(new UserError(`the zip entry ${basename(name)} is damaged: ${error.message}`));
            relay.end();
          });
          return stream.pipe(relay);
        };
        let source: Awaited<ReturnType<typeof shapefile.open>>;
        try {
          const opening = shapefile.open(await entry(layer.shp), await entry(layer.dbf), {
            encoding: encoding && /^utf-?8$/i.test(encoding) ? 'utf-8' : 'windows-1252',
          });
          opening.catch(() => {});
          source = await Promise.race([opening, failure]);
        } catch (error) {
          if (error instanceof UserError) throw error;
          throw new UserError(
            `cannot read the shapefile ${basename(layer.shp)}: ${(error as Error).message}`,
          );
        }
        for (;;) {
          let next: Awaited<ReturnType<typeof source.read>>;
          try {
            const reading = source.read();
            reading.catch(() => {});
            next = await Promise.race([reading, failure]);
          } catch (error) {
            if (error instanceof UserError) throw error;
            throw new UserError(
              `the shapefile ${basename(layer.shp)} is damaged after feature ${position}: ${(error as Error).message}`,
            );
          }
          if (next.done) break;
          position++;
          const feature = next.value as GeoJSON.Feature;
          const properties = feature.properties ?? {};
          // dBase writes an empty date as zeros, which reads as 30 November 1899: it means no date.
          const values = Object.values(properties).map((v) =>
            v instanceof Date && (Number.isNaN(v.getTime()) || v.getUTCFullYear() < 1900) ? null : v,
          );
          if (values.every((v) => v === null || v === undefined)) {
            // dBase files end with such records now and then: nothing in them to import.
            yield { line: position, error: 'empty record' };
            continue;
          }
          const g = feature.geometry;
          const point =
            g?.type === 'Point'
              ? g.coordinates
              : g?.type === 'MultiPoint' && g.coordinates.length > 0
                ? g.coordinates[0]
                : undefined;
          yield {
            line: position,
            columns: columnsFor(Object.keys(properties)),
            values,
            point: point ? [point[0]!, point[1]!] : undefined,
          };
        }
      }
    } finally {
      zip.close();
    }
  }

  return { prj: [...prjs][0], records: records() };
}
