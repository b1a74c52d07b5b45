// Excel workbooks (.xlsx), as analysts most often get an export from a records system: the largest
// sheet, row by row, streamed from the zip. The first row with two cells or more names the columns.
// Cells formatted as dates or times are given as local wall-clock text ("2026-03-14T22:15:00",
// "2026-03-14", "22:15:00"), which the import reads in its time zone as it reads a CSV's.
import { UserError } from '../../errors.ts';
import { normaliseName } from '../profiles.ts';
import { footerLine } from './footer-line.ts';
import { type Columns, headerColumns, type RawEvent } from './record.ts';
import { attributes, elementsIn, itemText, startTags, unescapeXml } from './xml-scan.ts';
import { type OpenZip, readEntryText } from './zip.ts';

const SMALL_PART = 8 * 1024 * 1024;
const MAX_SHARED_STRINGS = 4_000_000;
/** Excel's last column is XFD: a cell said to lie past it is not read. */
const MAX_COLUMNS = 16_384;
const MAX_SHARED_CHARS = 64 * 1024 * 1024;

export const isWorkbook = (zip: OpenZip): boolean => zip.names.includes('xl/workbook.xml');

/**
 * Each whole `<tag …>…</tag>` (or `<tag …/>`) element of an entry, streamed: one longer than `max`
 * characters refuses the file, as an endless CSV line does.
 */
async function* elements(zip: OpenZip, entry: string, tag: string, max: number): AsyncGenerator<string> {
  const stream = await zip.open(entry);
  const decoder = new TextDecoder('utf-8');
  const open = `<${tag}`;
  const close = `</${tag}>`;
  let buffer = '';
  const whole = (from: number): number => {
    // The start tag's end: `<row r="3"/>` is whole at once.
    const startEnd = buffer.indexOf('>', from);
    if (startEnd === -1) return -1;
    if (buffer[startEnd - 1] === '/') return startEnd + 1;
    const end = buffer.indexOf(close, startEnd);
    return end === -1 ? -1 : end + close.length;
  };
  const next = (at: number): number => {
    // `<row` but not `<rowBreaks`: the name must end there.
    for (let i = buffer.indexOf(open, at); i !== -1; i = buffer.indexOf(open, i + 1)) {
      const after = buffer[i + open.length];
      if (after === undefined || after === '>' || after === '/' || /\s/.test(after)) return i;
    }
    return -1;
  };
  const tooLong = () =>
    new UserError(
      `a ${tag === 'row' ? 'row of the sheet' : 'cell text'} is longer than ${Math.round(max / 1024)} KB: no export of incidents has such rows; nothing was stored`,
    );
  for await (const chunk of stream) {
    buffer += decoder.decode(chunk as Buffer, { stream: true });
    let at = 0;
    for (;;) {
      const start = next(at);
      if (start === -1) {
        // Keep only what may begin an element.
        buffer = buffer.slice(Math.max(at, buffer.length - open.length));
        break;
      }
      const end = whole(start);
      if (end === -1) {
        buffer = buffer.slice(start);
        if (buffer.length > max) throw tooLong();
        break;
      }
      if (end - start > max) throw tooLong();
      yield buffer.slice(start, end);
      at = end;
    }
  }
}

type CellKind = 'number' | 'date' | 'datetime' | 'time';

// Excel's built-in number formats that show dates or times.
const BUILT_IN: Record<number, CellKind> = {
  14: 'date',
  15: 'date',
  16: 'date',
  17: 'date',
  18: 'time',
  19: 'time',
  20: 'time',
  21: 'time',
  22: 'datetime',
  45: 'time',
  47: 'time',
};
for (const id of [27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58]) BUILT_IN[id] = 'date';
for (const id of [32, 33]) BUILT_IN[id] = 'time';

/** What a custom format code shows: "m/d/yyyy h:mm" a date and time, "0.000" a number. */
export function formatKind(code: string): CellKind {
  // Quoted text, escaped characters and [colours] or [$-409] locales say nothing of the kind; an
  // elapsed time ([h]:mm) is a duration, not a time of day.
  if (/\[(h+|m+|s+)\]/i.test(code)) return 'number';
  const bare = code
    .split(';')[0]!
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '')
    .toLowerCase();
  const date = /[dy]/.test(bare) || (/m/.test(bare) && !/[hs]/.test(bare));
  const time = /[hs]/.test(bare);
  return date && time ? 'datetime' : date ? 'date' : time ? 'time' : 'number';
}

/** The kind of each cell style (by its index in cellXfs). */
function styleKinds(styles: string): CellKind[] {
  const custom = new Map<number, CellKind>();
  for (const tag of startTags(styles, 'numFmt')) {
    const a = attributes(tag);
    custom.set(Number(a.get('numFmtId')), formatKind(unescapeXml(a.get('formatCode') ?? '')));
  }
  const [xfs] = elementsIn(styles, 'cellXfs');
  return [...startTags(xfs?.body ?? '', 'xf')].map((tag) => {
    const id = Number(attributes(tag).get('numFmtId') ?? 0);
    return custom.get(id) ?? BUILT_IN[id] ?? 'number';
  });
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A serial day number as wall-clock text. */
function serialText(serial: number, kind: Exclude<CellKind, 'number'>, date1904: boolean): string {
  const days = serial + (date1904 ? 1462 : 0);
  // To the second: serials are fractions of a day, and 22:15 is 0.92708333…
  const at = new Date(Math.round((days - 25569) * 86400) * 1000);
  const date = `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`;
  const time = `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}`;
  return kind === 'date' ? date : kind === 'time' ? time : `${date}T${time}`;
}

/** "AB12" → 27 (zero-based column). */
function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const c = ch.charCodeAt(0);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

interface Sheet {
  name: string;
  path: string;
}

/** The workbook's sheets in tab order, each with its path inside the zip. */
async function sheetsOf(zip: OpenZip, workbook: string): Promise<Sheet[]> {
  const targets = new Map<string, string>();
  if (zip.names.includes('xl/_rels/workbook.xml.rels')) {
    const rels = await readEntryText(zip, 'xl/_rels/workbook.xml.rels', SMALL_PART);
    for (const tag of startTags(rels, 'Relationship')) {
      const a = attributes(tag);
      const target = a.get('Target') ?? '';
      targets.set(a.get('Id') ?? '', target.startsWith('/') ? target.slice(1) : `xl/${target}`);
    }
  }
  const sheets: Sheet[] = [];
  for (const tag of startTags(workbook, 'sheet')) {
    const a = [...attributes(tag)];
    const id = a.find(([k]) => k.endsWith(':id'))?.[1];
    const path = id ? targets.get(id) : undefined;
    const name = unescapeXml(a.find(([k]) => k === 'name')?.[1] ?? '');
    if (path && zip.names.includes(path)) sheets.push({ name, path });
  }
  if (sheets.length > 0) return sheets;
  const found = zip.names.filter((n) => /^xl\/worksheets\/[^/]+\.xml$/.test(n)).sort();
  if (found.length === 0) throw new UserError('the Excel workbook has no sheet');
  return found.map((path) => ({ name: path.slice('xl/worksheets/'.length, -4), path }));
}

/** An empty sheet's XML is a few hundred bytes; one holding rows is more. */
const HOLDS_ROWS = 2048;

export interface Workbook {
  /** Which sheet was read, when the workbook has others with rows in them. */
  note?: string;
  /** The sheet's part in the zip: what of the file's bytes the records are. */
  part: string;
  records: AsyncIterable<RawEvent>;
}

/**
 * The sheet asked for by name, else the workbook's largest (an export's incidents, beside a summary or
 * a pivot sheet), whose rows are read as records; the zip is closed when they end.
 */
export async function openWorkbook(zip: OpenZip, maxRow: number, asked?: string): Promise<Workbook> {
  let workbook: string;
  let sheets: Sheet[];
  try {
    workbook = await readEntryText(zip, 'xl/workbook.xml', SMALL_PART);
    sheets = await sheetsOf(zip, workbook);
  } catch (error) {
    zip.close();
    throw error;
  }
  if (asked !== undefined) {
    const named = sheets.find((s) => s.name.trim().toLowerCase() === asked.trim().toLowerCase());
    if (!named) {
      zip.close();
      const list = sheets
        .slice(0, 10)
        .map((s) => `'${s.name.slice(0, 40)}'`)
        .join(', ');
      throw new UserError(`the workbook has no sheet '${asked.slice(0, 40)}'; its sheets: ${list}`);
    }
    return { part: named.path, records: sheetRecords(zip, workbook, named.path, maxRow) };
  }
  const sheet = sheets.reduce((a, b) => (zip.size(b.path) > zip.size(a.path) ? b : a));
  const others = sheets.filter((s) => s !== sheet && zip.size(s.path) > HOLDS_ROWS);
  const note =
    others.length > 0
      ? `read the sheet '${sheet.name.slice(0, 40)}', the largest of the workbook's ${sheets.length}; ${others
          .slice(0, 3)
          .map((s) => `'${s.name.slice(0, 40)}'`)
          .join(', ')}${others.length > 3 ? ' and others' : ''} not read (--sheet NAME reads another)`
      : undefined;
  return { note, part: sheet.path, records: sheetRecords(zip, workbook, sheet.path, maxRow) };
}

async function* sheetRecords(
  zip: OpenZip,
  workbook: string,
  sheet: string,
  maxRow: number,
): AsyncGenerator<RawEvent> {
  try {
    const date1904 = /date1904\s*=\s*"(1|true)"/.test(workbook);
    const kinds = zip.names.includes('xl/styles.xml')
      ? styleKinds(await readEntryText(zip, 'xl/styles.xml', SMALL_PART))
      : [];
    const shared: string[] = [];
    let sharedChars = 0;
    if (zip.names.includes('xl/sharedStrings.xml'))
      for await (const si of elements(zip, 'xl/sharedStrings.xml', 'si', maxRow)) {
        const text = itemText(si);
        sharedChars += text.length;
        // The sheet's text is held whole while its rows are read: bounded, as a CSV's line is.
        if (shared.length >= MAX_SHARED_STRINGS || sharedChars > MAX_SHARED_CHARS)
          throw new UserError(
            'the workbook holds more distinct text than an import keeps at once: save its sheet as CSV and import that; nothing was stored',
          );
        shared.push(text);
      }

    let columns: Columns | undefined;
    let position = 0;
    for await (const row of elements(zip, sheet, 'row', maxRow)) {
      const [whole] = elementsIn(row, 'row');
      if (!whole) continue;
      const stated = Number(attributes(whole.tag).get('r'));
      const line = Number.isInteger(stated) && stated > 0 ? stated : position + 1;
      position = line;
      const cells: unknown[] = [];
      let next = 0;
      for (const cell of elementsIn(whole.body, 'c')) {
        const a = attributes(cell.tag);
        const ref = a.get('r');
        const at = ref ? columnIndex(ref) : next;
        next = at + 1;
        const body = cell.body;
        const [v] = elementsIn(body, 'v');
        const raw = v?.body;
        const type = a.get('t') ?? 'n';
        let value: unknown = null;
        if (type === 's') value = raw === undefined ? null : (shared[Number(raw)] ?? null);
        else if (type === 'inlineStr') value = itemText(body);
        else if (type === 'str' || type === 'd') value = raw === undefined ? null : unescapeXml(raw);
        else if (type === 'b') value = raw === '1' ? 'TRUE' : raw === '0' ? 'FALSE' : null;
        else if (type === 'n' && raw !== undefined && raw.trim() !== '') {
          const n = Number(raw);
          const kind = kinds[Number(a.get('s') ?? 0)] ?? 'number';
          value = kind !== 'number' && Number.isFinite(n) ? serialText(n, kind, date1904) : n;
        }
        // An error cell (#N/A, #REF!) holds nothing.
        if (at >= 0 && at < MAX_COLUMNS && value !== null && value !== '') cells[at] = value;
      }
      if (cells.length === 0) continue;
      if (!columns) {
        // A title above the header ("Incidents, March 2026") fills one cell: the header names two or more.
        if (cells.filter((c) => c !== undefined).length < 2) continue;
        columns = headerColumns(
          Array.from(cells, (c) => (c === undefined ? '' : String(c))),
          normaliseName,
        );
        continue;
      }
      const width = columns.names.length;
      const values = Array.from({ length: width }, (_, i) => cells[i] ?? null);
      if (values.every((v) => v === null)) continue;
      const footer = footerLine(values);
      yield footer ? { line, error: footer } : { line, columns, values };
    }
  } catch (error) {
    // A damaged entry (one that inflates past its declared size, a broken deflate stream) fails its
    // stream with the zip library's words: the file is at fault, not the service.
    if (error instanceof UserError) throw error;
    throw new UserError(`the Excel workbook is damaged: ${(error as Error).message}`);
  } finally {
    zip.close();
  }
}
