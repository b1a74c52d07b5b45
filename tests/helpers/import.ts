// Imports for tests: files written on the fly, settings close to a real agency's.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll } from 'vitest';
import type { Database } from '../../src/db/client.ts';
import { type ImportRequest, type ImportSettings, importFile } from '../../src/ingest/importer.ts';
import { rowsOf } from './rows.ts';
import { SHARED_DATA } from './test-env.ts';

export const SHARED = SHARED_DATA;
export const CHICAGO = join(
  SHARED,
  'chicago-aggravated-assaults-2010-2019/chicago_aggravated_assaults.csv.gz',
);
export const HOUSTON = join(SHARED, 'houston-hpd-2010/incidents.csv.gz');
export const PORTLAND_AUG = join(SHARED, 'portland-nij-cfs-2016/080116_083116_Data.zip');
export const PORTLAND_SEP = join(SHARED, 'portland-nij-cfs-2016/090116_093016_Data.zip');
export const PORTLAND_CSV = join(SHARED, 'portland-nij-cfs-2016/incidents.csv.gz');

export const SETTINGS: ImportSettings = {
  timeZone: 'America/Chicago',
  h3Resolution: 9,
  limits: { maxExpandedBytes: 512 * 1024 * 1024 },
};

let dir: string | undefined;
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Writes content to a temporary file and returns its path. */
export function tempFile(name: string, content: string | Buffer, options: { gzip?: boolean } = {}): string {
  dir ??= mkdtempSync(join(tmpdir(), 'patrolcast-import-'));
  const path = join(dir, name);
  writeFileSync(path, options.gzip ? gzipSync(content) : content);
  return path;
}

export function importPath(
  database: Database,
  path: string,
  request: Omit<ImportRequest, 'path'> = {},
  settings: Partial<ImportSettings> = {},
) {
  return importFile(
    database,
    { path, now: new Date('2026-11-29T12:00:00Z'), ...request },
    { ...SETTINGS, ...settings },
  );
}

export async function count(database: Database, where = 'true', params: unknown[] = []): Promise<number> {
  const [row] = await rowsOf<{ n: number }>(
    database,
    `select count(*)::int as n from incidents where ${where}`,
    params,
  );
  return row!.n;
}
