// Opens an export whatever its format: looks at its first bytes (not only its name), undoes gzip,
// and hands back a stream of raw records.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { UserError } from '../../errors.ts';
import { isColumnValue } from '../point-text.ts';
import { normaliseName } from '../profiles.ts';
import { readCsv } from './csv.ts';
import { decodeText, detectEncoding, type TextEncoding } from './encoding.ts';
import { esriCrs, esriFeature } from './esri-json.ts';
import { footerLine } from './footer-line.ts';
import { readJsonElements, readJsonLines } from './json.ts';
import { notAnExport } from './not-an-export.ts';
import { columnCache, headerColumns, type makeColumns, type RawEvent } from './record.ts';
import { openShapefileZip } from './shapefile.ts';
import { isWorkbook, openWorkbook } from './xlsx.ts';
import { openZip } from './zip.ts';

export type Format = 'csv' | 'json' | 'ndjson' | 'shapefile' | 'xlsx';

export interface InputLimits {
  /** The most bytes a compressed file or zip may expand to. */
  maxExpandedBytes: number;
  /** The longest line of text (or record of a JSON document) read; a longer one refuses the file. */
  maxLineBytes?: number;
}

export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

const sizeWords = (bytes: number) =>
  bytes >= 1048576 ? `${Math.round(bytes / 1048576)} MB` : `${Math.round(bytes / 1024)} KB`;

export interface OpenedInput {
  format: Format;
  /** The text encoding read (named, or found from the bytes); absent for a shapefile. */
  encoding?: TextEncoding;
  /** The coordinate system a shapefile's .prj, or an ArcGIS query's spatialReference, declares. */
  prj?: string;
  /** How the file was read, for the summary (which sheet of a workbook). */
  note?: string;
  /** The part of the file read, when it holds several (a workbook's sheet). */
  part?: string;
  /** Records in batches, in file order. */
  records: AsyncIterable<RawEvent[]>;
}

export interface OpenOptions {
  /** The name the file had for its sender: a hint when the content is ambiguous. */
  fileName?: string;
  /** The Content-Type it was sent with: a hint too. */
  contentType?: string;
  limits: InputLimits;
  /** The text encoding, when the analyst knows better than the bytes say. */
  encoding?: TextEncoding;
  /** The sheet of an Excel workbook to read (by its tab's name), rather than its largest. */
  sheet?: string;
  /** Called with the number of bytes of the file read so far (for a progress bar). */
  onBytes?: (bytes: number) => void;
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP = [0x50, 0x4b, 0x05, 0x06];
const GZIP = [0x1f, 0x8b];
// Microsoft's compound file: Excel's .xls (and Word's .doc) before 2007.
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** How much of the start of a file is read to tell its format and encoding. */
const HEAD_BYTES = 64 * 1024;

const startsWith = (head: Buffer, magic: number[]) => magic.every((b, i) => head[i] === b);

/** Fails the stream once more than `max` bytes have come through: a gzip bomb stops here. */
function byteLimit(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > max)
        done(
          new UserError(
            `the file expands to more than ${Math.round(max / 1048576)} MB, the limit for one import`,
          ),
        );
      else done(null, chunk);
    },
  });
}

/**
 * Fails the stream at the first line longer than `max` bytes, as soon as it is seen: one endless line
 * (a dump of binary, a file with its line breaks lost) is refused in milliseconds, not read to the end.
 */
function lineLimit(max: number): Transform {
  let run = 0;
  let line = 1;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      let from = 0;
      for (let nl = chunk.indexOf(10, from); ; nl = chunk.indexOf(10, from)) {
        run += (nl === -1 ? chunk.length : nl) - from;
        if (run > max) {
          done(
            new UserError(
              `line ${line.toLocaleString('en-US')} is longer than ${sizeWords(max)}: no export of incidents has such lines (is it one line with its breaks lost?); nothing was stored`,
            ),
          );
          return;
        }
        if (nl === -1) break;
        run = 0;
        line++;
        from = nl + 1;
      }
      done(null, chunk);
    },
  });
}

/** Reads up to n bytes from the start of a (possibly gzipped) stream, for sniffing. */
async function peek(stream: AsyncIterable<Buffer>, n: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    parts.push(chunk);
    size += chunk.length;
    if (size >= n) break;
  }
  return Buffer.concat(parts).subarray(0, n);
}

/** Decoded text with NULs or many control characters is no export of ours. */
function looksBinary(text: string): boolean {
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if (c < 9 || (c > 13 && c < 32)) control++;
  }
  return control > text.length / 20;
}

function textFormat(head: string, hint: string, contentType: string): Format {
  const text = head.replace(/^\ufeff/, '').trimStart();
  if (text.startsWith('[')) return 'json';
  if (!text.startsWith('{')) return 'csv';
  if (/\.(ndjson|jsonl)$/.test(hint) || /ndjson|jsonl|json-seq/.test(contentType)) return 'ndjson';
  if (/\.(geo)?json$/.test(hint) || /geo\+json/.test(contentType)) return 'json';
  // One object per line, or one document? A first line that is a whole object says NDJSON.
  const nl = text.indexOf('\n');
  if (nl === -1) return 'json';
  try {
    const first = JSON.parse(text.slice(0, nl)) as { type?: unknown };
    return first && typeof first === 'object' && first.type !== 'FeatureCollection' ? 'ndjson' : 'json';
  } catch {
    return 'json';
  }
}

type ObjectRecord = Omit<Extract<RawEvent, { values: unknown }>, 'line'>;

function recordOf(
  value: unknown,
  columnsFor: (keys: string[]) => ReturnType<typeof makeColumns>,
): ObjectRecord | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const object = value as Record<string, unknown>;
  const feature = object.type === 'Feature';
  const esri = feature ? undefined : esriFeature(object);
  const source = ((feature ? object.properties : (esri?.attributes ?? object)) ?? {}) as Record<
    string,
    unknown
  >;
  const keys: string[] = [];
  const values: unknown[] = [];
  for (const key in source) {
    const v = source[key];
    // Nested values are not canonical fields; keep them out, but for a point ({latitude, longitude}).
    if (isColumnValue(v)) {
      keys.push(key);
      values.push(v);
    }
  }
  let point: [number, number] | undefined = esri?.point;
  const geometry = object.geometry as { type?: string; coordinates?: unknown } | undefined;
  if (feature && geometry?.type === 'Point' && Array.isArray(geometry.coordinates)) {
    const [x, y] = geometry.coordinates as unknown[];
    if (typeof x === 'number' && typeof y === 'number') point = [x, y];
  }
  return { columns: columnsFor(keys), values, point };
}

async function* jsonRecords(
  chunks: AsyncIterable<string>,
  lines: boolean,
  maxRecordChars: number,
): AsyncGenerator<RawEvent> {
  const events = lines
    ? readJsonLines(chunks)
    : (async function* () {
        for await (const e of readJsonElements(chunks, maxRecordChars)) yield { line: e.index, ...e };
      })();
  const columnsFor = columnCache(normaliseName);
  for await (const e of events) {
    if ('error' in e) {
      yield { line: e.line, error: e.error };
      continue;
    }
    const record = recordOf(e.value, columnsFor);
    if (!record)
      yield {
        line: e.line,
        // Socrata's rows.json keeps each row as a list, its names in the metadata above.
        error: Array.isArray(e.value)
          ? 'a list of values without their names, not a record: export the rows as CSV or as JSON objects'
          : 'not an object',
      };
    else yield { line: e.line, ...record };
  }
}

/** Lines above the header that a records system prints as titles, at most. */
const MAX_TITLE_LINES = 10;

async function* csvRecords(chunks: AsyncIterable<string>): AsyncGenerator<RawEvent[]> {
  let columns: ReturnType<typeof makeColumns> | undefined;
  let titles = 0;
  for await (const events of readCsv(chunks)) {
    const out: RawEvent[] = [];
    for (const e of events) {
      if ('error' in e) {
        if (!columns) throw new UserError(`the header line cannot be read: ${e.error}`);
        out.push({ line: e.line, error: e.error });
        continue;
      }
      if (!columns) {
        // A title above the header ("Springfield Police Department", "Generated 02/01/2024") or a
        // blank row fills one field at most: the header names two or more, as in a workbook.
        if (e.fields.filter((f) => f.trim() !== '').length < 2 && titles++ < MAX_TITLE_LINES) continue;
        columns = headerColumns(e.fields, normaliseName);
        continue;
      }
      const values = e.fields;
      // A row of delimiters alone (",,,,", a spreadsheet's blank row) is no record, as a blank line is not.
      if (values.every((v) => v.trim() === '')) continue;
      const width = columns.names.length;
      const footer = footerLine(values);
      if (footer) {
        out.push({ line: e.line, error: footer });
        continue;
      }
      // A trailing empty field (a line ending in a delimiter) is not a ragged row.
      if (values.length < width || (values.length > width && values.slice(width).some((v) => v !== ''))) {
        out.push({ line: e.line, error: `expected ${width} fields, found ${values.length}` });
        continue;
      }
      out.push({ line: e.line, columns, values });
    }
    if (out.length > 0) yield out;
  }
}

/** Gathers single events into arrays, so that every reader hands over rows a batch at a time. */
async function* batches(events: AsyncIterable<RawEvent>, size = 2000): AsyncGenerator<RawEvent[]> {
  let batch: RawEvent[] = [];
  for await (const e of events) {
    batch.push(e);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

export async function openInputFile(path: string, options: OpenOptions): Promise<OpenedInput> {
  const handle = await open(path, 'r');
  const { buffer } = await handle.read(Buffer.alloc(8), 0, 8, 0);
  const { size } = await handle.stat();
  await handle.close();
  if (size === 0) throw new UserError('the file is empty');
  const hint = (options.fileName ?? path).toLowerCase();
  const contentType = (options.contentType ?? '').toLowerCase();

  if (startsWith(buffer, EMPTY_ZIP)) throw new UserError('the zip file is empty');
  const maxLine = options.limits.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  if (startsWith(buffer, ZIP)) {
    const zip = await openZip(path, { maxEntries: 10_000, maxBytes: options.limits.maxExpandedBytes });
    if (isWorkbook(zip)) {
      const workbook = await openWorkbook(zip, maxLine, options.sheet);
      return {
        format: 'xlsx',
        note: workbook.note,
        part: workbook.part,
        records: batches(workbook.records),
      };
    }
    if (options.sheet !== undefined) {
      zip.close();
      throw new UserError('a sheet was named, but the file is not an Excel workbook (.xlsx)');
    }
    const opened = await openShapefileZip(zip);
    return { format: 'shapefile', prj: opened.prj, records: batches(opened.records) };
  }
  if (options.sheet !== undefined)
    throw new UserError('a sheet was named, but the file is not an Excel workbook (.xlsx)');
  if (startsWith(buffer, OLE))
    throw new UserError(
      'an Excel 97–2003 workbook (.xls), which is not read: save it as an Excel workbook (.xlsx) or as CSV, and import that',
    );

  const gzipped = startsWith(buffer, GZIP);
  const stream = (lines = false) => {
    let read = 0;
    const file = createReadStream(path, { highWaterMark: 256 * 1024 });
    // Counted in the pipe, not with a 'data' listener: that would set the file flowing before
    // anyone reads it, and the first chunks would be lost.
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        read += chunk.length;
        options.onBytes?.(read);
        done(null, chunk);
      },
    });
    file.on('error', (e) => counter.destroy(e));
    const counted = file.pipe(counter);
    let text: Transform = counted;
    if (gzipped) {
      const gunzip = createGunzip();
      counted.on('error', (e) => gunzip.destroy(e));
      const limited = byteLimit(options.limits.maxExpandedBytes);
      gunzip.on('error', (e) =>
        limited.destroy(new UserError(`the gzip data is damaged: ${e.message.replace(/^.*: /, '')}`)),
      );
      text = counted.pipe(gunzip).pipe(limited);
    }
    if (!lines) return text;
    const limitedLines = lineLimit(maxLine);
    text.on('error', (e) => limitedLines.destroy(e));
    return text.pipe(limitedLines);
  };

  const head = await (async () => {
    const s = stream();
    try {
      return await peek(s, HEAD_BYTES);
    } finally {
      s.destroy();
    }
  })();
  if (head.length === 0) throw new UserError('the file is empty');
  const encoding = options.encoding ?? detectEncoding(head, head.length < HEAD_BYTES);
  const text = new TextDecoder(encoding).decode(head);
  if (looksBinary(text))
    throw new UserError('not a CSV, JSON or GeoJSON file, an Excel workbook, nor a zipped shapefile');
  const other = notAnExport(text);
  if (other) throw new UserError(other);
  const format = textFormat(text, hint.replace(/\.gz$/, ''), contentType);
  // A JSON document may be one line (minified GeoJSON); its records are held to the limit instead.
  const chunks = decodeText(stream(format !== 'json'), encoding);
  if (format === 'csv') return { format, encoding, records: csvRecords(chunks) };
  const crs = format === 'json' ? esriCrs(text) : undefined;
  return {
    format,
    encoding,
    ...(crs ? { prj: crs } : {}),
    records: batches(jsonRecords(chunks, format === 'ndjson', maxLine)),
  };
}
