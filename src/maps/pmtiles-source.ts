// Tiles from a PMTiles archive on this machine (MAP_TILES_FILE): a basemap with no network at all.
// pmtiles reads byte ranges through a Source; in Node that is a file handle.
import { open } from 'node:fs/promises';
import { PMTiles, type RangeResponse, type Source } from 'pmtiles';
import type { TileSource } from './tiles.ts';

class LocalFile implements Source {
  constructor(private readonly path: string) {}

  getKey(): string {
    return this.path;
  }

  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const file = await open(this.path, 'r');
    try {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await file.read(buffer, 0, length, offset);
      return { data: buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + bytesRead) as ArrayBuffer };
    } finally {
      await file.close();
    }
  }
}

const archives = new Map<string, PMTiles>();

/** The archive's tiles; one reader per file, its directories cached between maps. */
export function localTiles(path: string): TileSource {
  let archive = archives.get(path);
  if (!archive) {
    archive = new PMTiles(new LocalFile(path));
    archives.set(path, archive);
  }
  const reader = archive;
  return async (z, x, y, signal) => {
    const tile = await reader.getZxy(z, x, y, signal);
    return tile ? Buffer.from(tile.data) : undefined;
  };
}
