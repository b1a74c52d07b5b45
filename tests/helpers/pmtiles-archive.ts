// A PMTiles v3 archive written here, for tests: raster tiles of one colour over a viewport, no network
// and no tools. The layout follows the specification: a 127-byte header, the root directory
// (varint-encoded, uncompressed), then the tile data.
import { writeFileSync } from 'node:fs';
import { zxyToTileId } from 'pmtiles';
import sharp from 'sharp';

function varints(values: number[]): number[] {
  const out: number[] = [];
  for (let v of values) {
    while (v >= 0x80) {
      out.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    out.push(v);
  }
  return out;
}

/** Every tile at `zoom` from x0..x1, y0..y1, each a 256 px square of `colour`, in one archive at `path`. */
export async function writeSolidArchive(
  path: string,
  zoom: number,
  range: { x0: number; x1: number; y0: number; y1: number },
  colour: string,
): Promise<void> {
  const tile = await sharp({ create: { width: 256, height: 256, channels: 3, background: colour } })
    .png()
    .toBuffer();
  const ids: number[] = [];
  for (let x = range.x0; x <= range.x1; x++)
    for (let y = range.y0; y <= range.y1; y++) ids.push(zxyToTileId(zoom, x, y));
  ids.sort((a, b) => a - b);
  // Every entry points at the one tile's bytes (an unclustered archive may share contents).
  const directory = Buffer.from([
    ...varints([ids.length]),
    ...varints(ids.map((id, i) => id - (i > 0 ? ids[i - 1]! : 0))),
    ...varints(ids.map(() => 1)),
    ...varints(ids.map(() => tile.length)),
    ...varints(ids.map(() => 1)),
  ]);
  const header = Buffer.alloc(127);
  header.write('PMTiles', 0, 'ascii');
  header.writeUInt8(3, 7);
  const u64 = (offset: number, value: number) => header.writeBigUInt64LE(BigInt(value), offset);
  const rootOffset = 127;
  const dataOffset = rootOffset + directory.length;
  u64(8, rootOffset);
  u64(16, directory.length);
  u64(24, dataOffset);
  u64(32, 0);
  u64(40, dataOffset);
  u64(48, 0);
  u64(56, dataOffset);
  u64(64, tile.length);
  u64(72, ids.length);
  u64(80, ids.length);
  u64(88, 1);
  header.writeUInt8(0, 96); // not clustered
  header.writeUInt8(1, 97); // directories not compressed
  header.writeUInt8(1, 98); // tiles not compressed
  header.writeUInt8(2, 99); // PNG
  header.writeUInt8(zoom, 100);
  header.writeUInt8(zoom, 101);
  header.writeInt32LE(-180 * 1e7, 102);
  header.writeInt32LE(-85 * 1e7, 106);
  header.writeInt32LE(180 * 1e7, 110);
  header.writeInt32LE(85 * 1e7, 114);
  header.writeUInt8(zoom, 118);
  writeFileSync(path, Buffer.concat([header, directory, tile]));
}
