// Reads entries of a zip without trusting it: sizes are checked before anything is inflated, and
// an entry that inflates to more than it declared is stopped (yauzl validates entry sizes).
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { UserError } from '../../errors.ts';

export interface ZipLimits {
  maxEntries: number;
  /** The most bytes all entries together may inflate to. */
  maxBytes: number;
}

export interface OpenZip {
  names: string[];
  open(name: string): Promise<Readable>;
  size(name: string): number;
  close(): void;
}

export async function openZip(path: string, limits: ZipLimits): Promise<OpenZip> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (error, file) =>
      error ? reject(new UserError(`not a readable zip file: ${error.message}`)) : resolve(file),
    ),
  );
  const entries = new Map<string, yauzl.Entry>();
  let total = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entries.size >= limits.maxEntries) {
          reject(new UserError(`the zip holds more than ${limits.maxEntries} entries`));
          return;
        }
        total += entry.uncompressedSize;
        if (total > limits.maxBytes) {
          reject(
            new UserError(
              `the zip says it expands to more than ${Math.round(limits.maxBytes / 1048576)} MB, the limit for one import`,
            ),
          );
          return;
        }
        // Folders and names are only used to pair .shp with .dbf; nothing is written to disk.
        if (!entry.fileName.endsWith('/')) entries.set(entry.fileName, entry);
        zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', (error: Error) => reject(new UserError(`not a readable zip file: ${error.message}`)));
      zip.readEntry();
    });
  } catch (error) {
    zip.close();
    throw error;
  }
  return {
    names: [...entries.keys()],
    size: (name) => entries.get(name)?.uncompressedSize ?? 0,
    async open(name) {
      const entry = entries.get(name);
      if (!entry) throw new UserError(`the zip has no entry ${name}`);
      if (entry.isEncrypted()) throw new UserError(`the zip entry ${name} is encrypted`);
      return zip.openReadStreamPromise(entry);
    },
    close: () => zip.close(),
  };
}

/** Reads a (small) entry whole, refusing one larger than `max` bytes. */
export async function readEntryText(zip: OpenZip, name: string, max: number): Promise<string> {
  return (await readEntryBytes(zip, name, max)).toString('utf8');
}

/** Reads an entry whole, refusing one larger than `max` bytes. */
export async function readEntryBytes(zip: OpenZip, name: string, max: number): Promise<Buffer> {
  if (zip.size(name) > max) throw new UserError(`the zip entry ${name} is larger than expected`);
  const stream = await zip.open(name);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > max) throw new UserError(`the zip entry ${name} is larger than expected`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
