// A streaming CSV reader for messy exports: any delimiter, quoted newlines, a BOM, CRLF. A bad record
// (a stray quote, a quote never closed) is reported with its line and reading resumes on the next
// line, so one broken row never takes the rows after it down with it.

export type CsvEvent = { line: number; fields: string[] } | { line: number; error: string };

export interface CsvOptions {
  /** One character; sniffed from the first line when not given. */
  delimiter?: string;
  /** A record longer than this is rejected (an unclosed quote would otherwise swallow the file). */
  maxRecordChars?: number;
}

const CANDIDATES = [',', ';', '\t', '|'];

/** Lines read to find the delimiter when the first is a title above the header. */
const SNIFF_LINES = 20;

/** The candidate that occurs most often outside quotes in a line, and how often. */
function mostFrequent(line: string): { delimiter: string; count: number } {
  const counts = new Map(CANDIDATES.map((c) => [c, 0]));
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = { delimiter: ',', count: 0 };
  for (const [c, n] of counts) if (n > best.count) best = { delimiter: c, count: n };
  return best;
}

/**
 * The candidate that occurs most often outside quotes in the first line; a comma when none does. A
 * first line with fewer than two is a title above the header ("Springfield Police Department",
 * "Incidents, March 2026"): the line among the next with the most says it instead.
 */
export function sniffDelimiter(text: string): string {
  const lines = text.split('\n', SNIFF_LINES);
  const first = mostFrequent(lines[0]!);
  if (first.count >= 2) return first.delimiter;
  let best = first;
  for (const line of lines.slice(1)) {
    const found = mostFrequent(line);
    if (found.count > best.count) best = found;
  }
  return best.delimiter;
}

type Parsed =
  | { kind: 'record'; fields: string[]; end: number; newlines: number }
  | { kind: 'bad'; error: string; end: number; newlines: number }
  | { kind: 'more' };

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i !== -1 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** The index just past the end of the line that holds `from` (or the end of the text). */
function endOfLine(s: string, from: number): number {
  const nl = s.indexOf('\n', from);
  return nl === -1 ? s.length : nl + 1;
}

function parseRecord(s: string, start: number, delimiter: string, final: boolean): Parsed {
  const fields: string[] = [];
  let i = start;
  let newlines = 0;
  for (;;) {
    if (s.charCodeAt(i) === 34 /* " */) {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = s.indexOf('"', j);
        if (q === -1) {
          if (!final) return { kind: 'more' };
          return { kind: 'bad', error: 'a quoted field is never closed', end: -1, newlines: 0 };
        }
        value += s.slice(j, q);
        if (q + 1 >= s.length && !final) return { kind: 'more' };
        if (s.charCodeAt(q + 1) === 34) {
          value += '"';
          j = q + 2;
          continue;
        }
        j = q + 1;
        break;
      }
      newlines += countNewlines(s, i, j);
      const next = s[j];
      if (next === delimiter) {
        fields.push(value);
        i = j + 1;
        continue;
      }
      if (next === undefined || next === '\n' || (next === '\r' && s[j + 1] === '\n')) {
        fields.push(value);
        const end = next === undefined ? j : next === '\n' ? j + 1 : j + 2;
        if (next === '\r' && j + 1 >= s.length && !final) return { kind: 'more' };
        return { kind: 'record', fields, end, newlines: newlines + (next === undefined ? 0 : 1) };
      }
      if (next === '\r' && j + 1 >= s.length && !final) return { kind: 'more' };
      const end = endOfLine(s, j);
      return {
        kind: 'bad',
        error: `unexpected text after a closing quote in field ${fields.length + 1}`,
        end,
        newlines: newlines + countNewlines(s, j, end),
      };
    }
    // Unquoted field: up to the next delimiter or the end of the line. A quote inside is kept as is.
    const d = s.indexOf(delimiter, i);
    const n = s.indexOf('\n', i);
    if (n === -1 && d === -1 && !final) return { kind: 'more' };
    if (d !== -1 && (n === -1 || d < n)) {
      fields.push(s.slice(i, d));
      i = d + 1;
      continue;
    }
    const stop = n === -1 ? s.length : n;
    if (n === -1 && !final) return { kind: 'more' };
    let value = s.slice(i, stop);
    if (value.endsWith('\r')) value = value.slice(0, -1);
    fields.push(value);
    return {
      kind: 'record',
      fields,
      end: n === -1 ? s.length : n + 1,
      newlines: newlines + (n === -1 ? 0 : 1),
    };
  }
}

/**
 * Reads CSV text chunk by chunk; yields, per chunk, each record's fields or an error, with its
 * first line. Records come in arrays: one await per chunk, not per row.
 */
export async function* readCsv(
  chunks: AsyncIterable<string>,
  options: CsvOptions = {},
): AsyncGenerator<CsvEvent[]> {
  const maxChars = options.maxRecordChars ?? 16 * 1024 * 1024;
  let delimiter = options.delimiter;
  let buf = '';
  let pos = 0;
  let line = 1;
  let first = true;
  /** After an overlong record: drop input up to the end of its first line. */
  let skipping = false;

  function* drain(final: boolean): Generator<CsvEvent> {
    while (pos < buf.length) {
      if (skipping) {
        const nl = buf.indexOf('\n', pos);
        pos = nl === -1 ? buf.length : nl + 1;
        if (nl === -1) return;
        skipping = false;
        continue;
      }
      if (!delimiter) {
        // The first lines, or as many as the first 64 KB (or the longest record) hold.
        let end = pos;
        for (let n = 0; n < SNIFF_LINES && end !== -1; n++) end = buf.indexOf('\n', end + (n > 0 ? 1 : 0));
        if (end === -1 && !final && buf.length - pos < Math.min(65_536, maxChars)) return;
        delimiter = sniffDelimiter(buf.slice(pos, end === -1 ? buf.length : end));
      }
      const parsed = parseRecord(buf, pos, delimiter, final);
      if (parsed.kind === 'more') {
        if (buf.length - pos <= maxChars) return;
        // Too long to be a record: most likely an unclosed quote. Reject its first line, go on.
        yield { line, error: `record longer than ${maxChars} characters (is a quote left open?)` };
        line += 1;
        skipping = true;
        continue;
      }
      if (parsed.kind === 'bad' && parsed.end === -1) {
        // A quote opened and never closed: reject the line it opened on and read on from the next.
        yield { line, error: parsed.error };
        pos = endOfLine(buf, pos);
        line += 1;
        continue;
      }
      const empty = parsed.kind === 'record' && parsed.fields.length === 1 && parsed.fields[0] === '';
      if (parsed.kind === 'bad') yield { line, error: parsed.error };
      else if (!empty) yield { line, fields: parsed.fields };
      line += parsed.newlines;
      pos = parsed.end;
    }
  }

  for await (let chunk of chunks) {
    if (first) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      first = false;
    }
    buf = pos > 0 ? buf.slice(pos) + chunk : buf + chunk;
    pos = 0;
    const events = [...drain(false)];
    if (events.length > 0) yield events;
  }
  const rest = [...drain(true)];
  if (rest.length > 0) yield rest;
}
