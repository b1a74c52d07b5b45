// The basemap, fetched here rather than by staticmaps: every tile shares one deadline, nothing is
// retried, and a server that is down, failing or silent costs at most the deadline.
import sharp from 'sharp';
import { TILE_SIZE, type Viewport } from './frame.ts';

export type Basemap = { image: Buffer } | { failure: string };

/** One tile's image; undefined where the source has none (an archive cut to an agency's area). */
export type TileSource = (
  z: number,
  x: number,
  y: number,
  signal: AbortSignal,
) => Promise<Buffer | undefined>;

/** Tiles from an XYZ server. */
export const httpTiles =
  (template: string): TileSource =>
  async (z, x, y, signal) => {
    const response = await fetch(tileUrl(template, z, x, y), {
      signal,
      headers: { 'user-agent': 'patrolcast (static hotspot maps)' },
    });
    if (!response.ok) throw new Error(`the tile server answered ${response.status}`);
    const type = response.headers.get('content-type') ?? '';
    if (!type.startsWith('image/')) throw new Error('the tile server did not send an image');
    return Buffer.from(await response.arrayBuffer());
  };

function tileUrl(template: string, z: number, x: number, y: number): string {
  return template
    .replaceAll('{z}', String(z))
    .replaceAll('{x}', String(x))
    .replaceAll('{y}', String(y))
    .replace(/\{s\}/g, 'a');
}

/** Fetches and stitches the tiles under the viewport; fails as a whole if any tile fails. */
export async function fetchBasemap(source: TileSource, view: Viewport, deadlineMs: number): Promise<Basemap> {
  const left = view.centerX - view.width / 2 / TILE_SIZE;
  const top = view.centerY - view.height / 2 / TILE_SIZE;
  const x0 = Math.floor(left);
  const y0 = Math.floor(top);
  const x1 = Math.floor(view.centerX + view.width / 2 / TILE_SIZE);
  const y1 = Math.floor(view.centerY + view.height / 2 / TILE_SIZE);
  const n = 2 ** view.zoom;
  const signal = AbortSignal.timeout(deadlineMs);
  const jobs: { x: number; y: number }[] = [];
  for (let x = x0; x <= x1; x++) {
    for (let y = y0; y <= y1; y++) {
      if (y < 0 || y >= n) continue;
      jobs.push({ x, y });
    }
  }
  try {
    const fetched = await Promise.all(
      jobs.map(async (job) => ({
        ...job,
        body: await source(view.zoom, ((job.x % n) + n) % n, job.y, signal),
      })),
    );
    const tiles = fetched.filter((t): t is typeof t & { body: Buffer } => t.body !== undefined);
    if (tiles.length === 0) throw new Error('the tiles hold nothing for this area');
    const composites = await Promise.all(
      tiles.map(async (t) => ({
        input: await sharp(t.body).resize(TILE_SIZE, TILE_SIZE).png().toBuffer(),
        left: Math.round((t.x - left) * TILE_SIZE),
        top: Math.round((t.y - top) * TILE_SIZE),
      })),
    );
    // Tiles hang over the edges: composite on a canvas one tile larger all round, then cut out.
    const pad = TILE_SIZE;
    const canvas = await sharp({
      create: {
        width: view.width + 2 * pad,
        height: view.height + 2 * pad,
        channels: 4,
        background: '#ffffff',
      },
    })
      .composite(composites.map((c) => ({ ...c, left: c.left + pad, top: c.top + pad })))
      .png()
      .toBuffer();
    const image = await sharp(canvas)
      .extract({ left: pad, top: pad, width: view.width, height: view.height })
      .png()
      .toBuffer();
    return { image };
  } catch (error) {
    const reason = signal.aborted
      ? `no answer within ${deadlineMs} ms`
      : error instanceof Error
        ? error.message
        : String(error);
    return { failure: reason.includes('fetch failed') ? 'the tile server cannot be reached' : reason };
  }
}
