// The first rows of a shared gzipped CSV (no quoted commas in these files), as objects by column.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

export async function sharedRows(path: string, n: number): Promise<Record<string, string>[]> {
  const lines = createInterface({ input: createReadStream(path).pipe(createGunzip()) });
  const out: Record<string, string>[] = [];
  let header: string[] | undefined;
  for await (const line of lines) {
    const cells = line.split(',');
    if (!header) {
      header = cells;
      continue;
    }
    out.push(Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])));
    if (out.length === n) break;
  }
  lines.close();
  return out;
}
