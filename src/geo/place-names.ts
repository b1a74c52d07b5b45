// What officers call a place: the block address recorded most often in its cell, and the next street
// recorded there ("9600 block of Marlive Ln, near Telephone Rd"), or, for a cell with none, the nearest
// block that has one ("near 9600 block of Marlive Ln"). Only what the source published: a source that
// gives only neighbourhoods names its places "in Regent Park · 43.65910, -79.36210" (two or three places
// that share one name are told apart by side: "… · west"), and one that gives neither gives no names, and
// the answer says the district instead.
import { cellToLatLng, gridDiskDistances } from 'h3-js';
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { decodedRows } from '../db/rows.ts';
import { isAreaName, streetOf } from '../ingest/block-address.ts';
import { districtNamed } from './district-tag.ts';
import { districtsOf } from './districts.ts';

const cellBlock = z.object({ cell: z.string(), block: z.string() });

/** The block addresses recorded in each of the cells, the most often recorded first. */
const blocksOf = (database: Database, cells: string[]) =>
  decodedRows(
    database,
    cellBlock,
    `select cell, block, count(*)::int as n from settled_incidents
     where cell = any($1::text[]) and block is not null
     group by cell, block order by cell, n desc, block`,
    [cells],
  );

export async function placeNames(database: Database, cells: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (cells.length === 0) return names;
  const rows = await blocksOf(database, cells);
  const byCell = new Map<string, string[]>();
  for (const r of rows) byCell.set(r.cell, [...(byCell.get(r.cell) ?? []), r.block]);
  for (const [cell, blocks] of byCell) {
    const [first] = blocks;
    if (!first) continue;
    // A neighbourhood is named alone: "in Regent Park, near Moss Park" would say nothing of the place.
    const near = isAreaName(first)
      ? undefined
      : blocks
          .filter((b) => !isAreaName(b))
          .map(streetOf)
          .find((street) => street !== streetOf(first));
    // "near Banham Drive" (a snapped source) reads on: "near Banham Drive and High Street".
    names.set(cell, near ? `${first}${first.startsWith('near ') ? ' and' : ', near'} ${near}` : first);
  }
  // A cell with no address of its own is named by the nearest that has one, two rings out at most.
  const unnamed = cells.filter((c) => !names.has(c));
  if (unnamed.length > 0) {
    const rings = new Map(unnamed.map((c) => [c, gridDiskDistances(c, 2).slice(1)]));
    const around = [...new Set([...rings.values()].flat(2))];
    const nearby = await blocksOf(database, around);
    const best = new Map<string, string>();
    for (const r of nearby) if (!best.has(r.cell)) best.set(r.cell, r.block);
    for (const [cell, distances] of rings) {
      const found = distances.flatMap((ring) => ring.filter((c) => best.has(c)))[0];
      if (found) {
        const block = best.get(found)!;
        names.set(cell, block.startsWith('near ') || isAreaName(block) ? block : `near ${block}`);
      }
    }
  }
  // Places that share a name are told apart in a list or a route: two or three by where each lies among
  // them ("9200 block of Ivy Ave, near 19th St · west"), which a phone's screen has room for; more (a
  // neighbourhood names many places, and so does a street given with no number and no cross street,
  // Brazil's logradouro), or any lying in the same direction, by their points.
  const sharing = new Map<string, string[]>();
  for (const [cell, name] of names) {
    const group = sharing.get(name);
    if (group) group.push(cell);
    else sharing.set(name, [cell]);
  }
  for (const [name, group] of sharing) {
    if (group.length < 2 && !isAreaName(name)) continue;
    const sides = group.length > 1 && group.length <= MAX_BY_SIDE ? sidesOf(group) : undefined;
    for (const [i, cell] of group.entries()) {
      const [lat, lon] = cellToLatLng(cell);
      names.set(cell, `${name} · ${sides ? sides[i] : `${lat.toFixed(5)}, ${lon.toFixed(5)}`}`);
    }
  }
  return names;
}

const MAX_BY_SIDE = 3;
const COMPASS = ['east', 'north-east', 'north', 'north-west', 'west', 'south-west', 'south', 'south-east'];

/** Where each cell lies from the middle of the group, or undefined when two lie the same way. */
function sidesOf(cells: readonly string[]): string[] | undefined {
  const points = cells.map((c) => cellToLatLng(c));
  const lat0 = points.reduce((sum, [lat]) => sum + lat, 0) / points.length;
  const lon0 = points.reduce((sum, [, lon]) => sum + lon, 0) / points.length;
  const sides = points.map(([lat, lon]) => {
    const dy = lat - lat0;
    const dx = (lon - lon0) * Math.cos((lat0 * Math.PI) / 180);
    // One at the middle of the group lies no way from it.
    if (Math.hypot(dx, dy) * 111_320 < 100) return undefined;
    const octant = Math.round(Math.atan2(dy, dx) / (Math.PI / 4));
    return COMPASS[(octant + 8) % 8]!;
  });
  if (sides.some((s) => s === undefined) || new Set(sides).size < sides.length) return undefined;
  return sides as string[];
}

/** "9600 block of Marlive Ln (District 15E30)", or "District Central · 39.84692, -98.54078". */
export function placeLabel(
  place: string | null,
  district: string | null,
  at: { lat: number; lon: number },
): string {
  if (place) return `${place}${district ? ` (${districtNamed(district, true)})` : ''}`;
  return `${district ? districtNamed(district, true) : 'Cell'} · ${at.lat.toFixed(5)}, ${at.lon.toFixed(5)}`;
}

/** Each cell's street name (where the source has one), district, and the label answers show. */
const cellRow = z.object({ cell: z.string() });

/**
 * Cells where a recorded block holds this word ("gessner" in "900 block of Gessner Dr"): where to look
 * for a place asked for by its street that no list shows.
 */
export async function cellsOnStreet(database: Database, word: string): Promise<Set<string>> {
  const pattern = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await decodedRows(
    database,
    cellRow,
    'select distinct cell from settled_incidents where block ilike $1 limit 2000',
    [pattern],
  );
  return new Set(rows.map((r) => r.cell));
}

export async function placesOf(
  database: Database,
  cells: { cell: string; lat: number; lon: number }[],
): Promise<Map<string, { place: string | null; district: string | null; label: string }>> {
  const ids = cells.map((c) => c.cell);
  const [names, districts] = await Promise.all([placeNames(database, ids), districtsOf(database, ids)]);
  return new Map(
    cells.map((c) => {
      const place = names.get(c.cell) ?? null;
      const district = districts.get(c.cell) ?? null;
      return [c.cell, { place, district, label: placeLabel(place, district, c) }];
    }),
  );
}

/**
 * Names as short as a list can take them: each place's block alone ("2700 block of Yarrow Ave"), or its
 * whole name where two places of the list share a block ("…, near 5th St" and "…, near 6th St").
 */
export function shortNames(names: readonly string[]): string[] {
  const short = names.map((n) => n.split(', near ')[0]!);
  return names.map((n, i) => (short.filter((s) => s === short[i]).length > 1 ? n : short[i]!));
}
