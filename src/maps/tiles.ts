// The basemap, fetched here rather than by staticmaps: every tile shares one deadline, nothing is
// retried, and a server that is down, failing or silent costs at most the deadline.
import sharp from 'sharp';

export interface Viewport {
  width: number;
  height: number;
  zoom: number;
  /** Centre in tile units at this zoom. */
  centerX: number;
  centerY: number;
}

export const TILE_SIZE = 256;

export type Basemap = { image: Buffer } | { failure: string };

function tileUrl(template: string, z: number, x: number, y: number): string {
  return template
    .replaceAll('{z}', String(z))
    .replaceAll('{x}', String(x))
    .replaceAll('{y}', String(y))
    .replace(/\{s\}/g, 'a');
}

/** Fetches and stitches the tiles under the viewport; fails as a whole if any tile fails. */
export async function fetchBasemap(template: string, view: Viewport, deadlineMs: number): Promise<Basemap> {
  const left = view.centerX - view.width / 2 / TILE_SIZE;
  const top = view.centerY - view.height / 2 / TILE_SIZE;
  const x0 = Math.floor(left);
  const y0 = Math.floor(top);
  const x1 = Math.floor(view.centerX + view.width / 2 / TILE_SIZE);
  const y1 = Math.floor(view.centerY + view.height / 2 / TILE_SIZE);
  const n = 2 ** view.zoom;
  const signal = AbortSignal.timeout(deadlineMs);
  const jobs: { x: number; y: number; url: string }[] = [];
  for (let x = x0; x <= x1; x++) {
    for (let y = y0; y <= y1; y++) {
      if (y < 0 || y >= n) continue;
      jobs.push({ x, y, url: tileUrl(template, view.zoom, ((x % n) + n) % n, y) });
    }
  }
  try {
    const tiles = await Promise.all(
      jobs.map(async (job) => {
        const response = await fetch(job.url, {
          signal,
          headers: { 'user-agent': 'patrolcast (static hotspot maps)' },
        });
        if (!response.ok) throw new Error(`the tile server answered ${response.status}`);
        const type = response.headers.get('content-type') ?? '';
        if (!type.startsWith('image/')) throw new Error('the tile server did not send an image');
        return { ...job, body: Buffer.from(await response.arrayBuffer()) };
      }),
    );
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
