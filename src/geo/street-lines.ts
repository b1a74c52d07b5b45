// Streets drawn from the incidents themselves, for a map without a basemap: each published hundred block
// sits at the middle of its incidents, and a street's blocks in house-number order trace the street.
// Rough (a block is where its incidents were geocoded), but it is what the data say, it needs no
// network, and it shows an officer the streets the answer names.
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { decodedRows, wholeNumber } from '../db/rows.ts';

export interface StreetLine {
  name: string;
  /** Polylines of [lon, lat] points; a street that breaks (a north and a south part) has several. */
  lines: [number, number][][];
  /** Incidents recorded on it in the area: how busy it is. */
  incidents: number;
}

export interface Area {
  south: number;
  west: number;
  north: number;
  east: number;
}

interface BlockPoint {
  hundreds: number;
  lat: number;
  lon: number;
  n: number;
}

const BLOCK = /^(\d+) block of (.+)$/;
/** A step longer than this between blocks starts another part of the street. */
const MAX_STEP_METRES = 3000;
/** Parts shorter than this, or of fewer blocks, are noise, not a street. */
const MIN_PART_METRES = 400;
const MIN_PART_BLOCKS = 3;

const metres = (a: { lat: number; lon: number }, b: { lat: number; lon: number }) => {
  const kx = 111_320 * Math.cos((((a.lat + b.lat) / 2) * Math.PI) / 180);
  return Math.hypot((a.lon - b.lon) * kx, (a.lat - b.lat) * 110_540);
};

/**
 * The parts of one street from its blocks. Blocks that share one exact point are a geocoder's
 * street-level fallback, not places, and are dropped; each block joins the part whose last block is
 * nearest (so a street whose numbers restart elsewhere becomes two parts, not a zigzag across the city).
 */
export function streetParts(blocks: BlockPoint[]): [number, number][][] {
  const key = (b: BlockPoint) => `${b.lat.toFixed(5)},${b.lon.toFixed(5)}`;
  const shared = new Map<string, number>();
  for (const b of blocks) shared.set(key(b), (shared.get(key(b)) ?? 0) + 1);
  const parts: BlockPoint[][] = [];
  for (const b of [...blocks]
    .filter((x) => shared.get(key(x)) === 1)
    .sort((x, y) => x.hundreds - y.hundreds)) {
    let best: BlockPoint[] | undefined;
    let bestDistance = MAX_STEP_METRES;
    for (const part of parts) {
      const d = metres(part[part.length - 1]!, b);
      if (d <= bestDistance) [best, bestDistance] = [part, d];
    }
    if (best) best.push(b);
    else parts.push([b]);
  }
  return parts
    .filter((p) => p.length >= MIN_PART_BLOCKS && length(p) >= MIN_PART_METRES)
    .map((p) => smooth(p).map((x): [number, number] => [x.lon, x.lat]));
}

const length = (part: { lat: number; lon: number }[]) =>
  part.slice(1).reduce((sum, b, i) => sum + metres(part[i]!, b), 0);

/** Each inner block averaged with its neighbours: a block's incidents sit on either side of the street. */
const smooth = (part: BlockPoint[]) =>
  part.map((b, i) => {
    const around = part.slice(Math.max(0, i - 1), i + 2);
    if (i === 0 || i === part.length - 1) return b;
    return {
      ...b,
      lat: around.reduce((s, x) => s + x.lat, 0) / around.length,
      lon: around.reduce((s, x) => s + x.lon, 0) / around.length,
    };
  });

/** A block's middle (the median of its incidents' positions) and how many incidents name it. */
const blockCentre = z.object({
  block: z.string(),
  lat: z.coerce.number(),
  lon: z.coerce.number(),
  n: wholeNumber,
});

/**
 * The streets to draw in an area: those named first (the streets of the numbered places), then the
 * busiest, `most` in all. A source without block addresses gives none.
 */
export async function streetLines(
  database: Database,
  area: Area,
  options: { named: string[]; most: number },
): Promise<StreetLine[]> {
  const rows = await decodedRows(
    database,
    blockCentre,
    `select block, percentile_cont(0.5) within group (order by lat) as lat,
            percentile_cont(0.5) within group (order by lon) as lon, count(*)::int as n
     from settled_incidents
     where block is not null and lat between $1 and $2 and lon between $3 and $4
     group by block`,
    [area.south, area.north, area.west, area.east],
  );
  const byStreet = new Map<string, BlockPoint[]>();
  for (const r of rows) {
    const m = BLOCK.exec(r.block);
    if (!m) continue;
    const street = m[2]!;
    const point = { hundreds: Number(m[1]), lat: r.lat, lon: r.lon, n: r.n };
    const blocks = byStreet.get(street);
    if (blocks) blocks.push(point);
    else byStreet.set(street, [point]);
  }
  const streets: StreetLine[] = [];
  for (const [name, blocks] of byStreet) {
    if (blocks.length < MIN_PART_BLOCKS) continue;
    const lines = streetParts(blocks);
    if (lines.length > 0) streets.push({ name, lines, incidents: blocks.reduce((s, b) => s + b.n, 0) });
  }
  const named = new Set(options.named);
  const order = (s: StreetLine) =>
    named.has(s.name) ? options.named.indexOf(s.name) : Number.POSITIVE_INFINITY;
  return streets
    .sort((a, b) => order(a) - order(b) || b.incidents - a.incidents || a.name.localeCompare(b.name))
    .slice(0, options.most);
}
