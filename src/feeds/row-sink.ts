// Where a feed run puts the rows it reads, page by page: an NDJSON file that the one importer reads,
// so that a run holds one page at a time, never the whole source (a large agency's first run is
// hundreds of thousands of rows). Beside the file it keeps only what the run needs: the first rows,
// to check the source's columns; the ids read, to tell withdrawals; and how many rows there are.
import { closeSync, ftruncateSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { isColumnValue } from '../ingest/point-text.ts';
import { scratchPath } from '../scratch.ts';

export type SourceRow = Record<string, unknown>;

/** The source's first rows lack what every row needs: the run stops at its first page. */
export class SourceColumnsLost extends Error {}

/** How many of the first rows are kept for the column check. */
const SAMPLE = 50;

/** A row as the importer reads it: nested values left out, but for a point (a portal's location object). */
const flat = (row: SourceRow): SourceRow =>
  Object.fromEntries(Object.entries(row).filter(([, v]) => isColumnValue(v)));

export class RowSink {
  readonly path: string;
  /** The first rows written, as written. */
  readonly sample: SourceRow[] = [];
  /** The values of `idField` in the rows written, as text. */
  readonly ids: string[] = [];
  count = 0;
  private readonly dir: string;
  private fd: number | undefined;
  private bytes = 0;
  private idField: string | undefined;

  /**
   * `check`: what the first rows lack, in words (undefined when nothing), asked of the first page so
   * that a source that changed its columns stops the run before the rest is read.
   */
  constructor(
    name: string,
    private readonly check?: (sample: readonly SourceRow[]) => string | undefined,
  ) {
    this.dir = scratchPath('feed');
    mkdirSync(this.dir, { mode: 0o700 });
    this.path = join(this.dir, `${name}.ndjson`);
    this.fd = openSync(this.path, 'w');
  }

  /** The column whose values the run must remember (the source's record id), chosen before any row. */
  keepIds(field: string | undefined): void {
    if (this.count > 0) throw new Error('the id column is chosen before the first row');
    this.idField = field;
  }

  write(rows: readonly SourceRow[]): void {
    if (rows.length === 0) return;
    const flats = rows.map(flat);
    const first = this.sample.length === 0;
    for (const row of flats.slice(0, SAMPLE - this.sample.length)) this.sample.push(row);
    const lost = first ? this.check?.(this.sample) : undefined;
    if (lost) throw new SourceColumnsLost(lost);
    if (this.idField)
      for (const row of flats) {
        const id = row[this.idField];
        if (id !== undefined && id !== null) this.ids.push(String(id));
      }
    const text = Buffer.from(`${flats.map((r) => JSON.stringify(r)).join('\n')}\n`);
    writeSync(this.open(), text, 0, text.length, this.bytes);
    this.bytes += text.length;
    this.count += rows.length;
  }

  /** Back to empty: a read that changes course (a portal that refuses SQL half-way) starts again. */
  reset(): void {
    ftruncateSync(this.open(), 0);
    this.bytes = 0;
    this.count = 0;
    this.sample.length = 0;
    this.ids.length = 0;
  }

  /** The file, complete, for the importer. */
  finish(): string {
    // A run of withdrawals alone still hands the importer a file.
    if (this.bytes === 0) writeSync(this.open(), '\n');
    closeSync(this.open());
    this.fd = undefined;
    return this.path;
  }

  dispose(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    rmSync(this.dir, { recursive: true, force: true });
  }

  private open(): number {
    if (this.fd === undefined) throw new Error('the rows were already handed on');
    return this.fd;
  }
}
