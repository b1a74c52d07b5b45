// COPY's CSV for incidents, written straight into bytes. Built as one string, a chunk of rows was a
// string of tens of thousands of pieces that had to be flattened again to be encoded: that, and the
// pieces' garbage, cost an import of 150,000 rows about a fifth of a second more. Text from the file is
// quoted (delimiters, quotes and newlines in it are safe) and made storable (no NUL, no lone surrogate).
import { storableText } from '../db/storable.ts';
import type { StagedIncident } from './store.ts';

const COMMA = 44;
const QUOTE = 34;
const NEWLINE = 10;
/** Bytes a row needs besides its text: the date, two numbers, the cell, the fixed words, the batch id. */
const FIXED_BYTES = 256;

/** A writer of one chunk's bytes; grows as it must. */
class CopyBytes {
  buffer: Buffer;
  at = 0;

  constructor(size: number) {
    this.buffer = Buffer.allocUnsafe(size);
  }

  /** Room for n more bytes. */
  reserve(n: number): void {
    if (this.at + n <= this.buffer.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.at + n));
    this.buffer.copy(bigger, 0, 0, this.at);
    this.buffer = bigger;
  }

  /** A word of ours (ASCII, never a delimiter), then a comma. */
  word(s: string): void {
    const b = this.buffer;
    let at = this.at;
    for (let i = 0; i < s.length; i++) b[at++] = s.charCodeAt(i);
    b[at++] = COMMA;
    this.at = at;
  }

  /** Text from outside, quoted (empty, which COPY reads as null, for null), then a comma. */
  text(s: string | null): void {
    const b = this.buffer;
    const start = this.at;
    if (s !== null) {
      let at = start;
      b[at++] = QUOTE;
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        // Anything but plain ASCII (a quote to double, a NUL, a letter of more than one byte) takes
        // the long way; it is rare.
        if (c >= 128 || c === QUOTE || c === 0) {
          this.at = start + b.write(`"${storableText(s).replaceAll('"', '""')}"`, start, 'utf8');
          b[this.at++] = COMMA;
          return;
        }
        b[at++] = c;
      }
      b[at++] = QUOTE;
      this.at = at;
    }
    b[this.at++] = COMMA;
  }

  /** An instant as toISOString writes it (years 1000–9999; others ask toISOString). */
  instant(d: Date): void {
    const ms = d.getTime();
    const days = Math.floor(ms / 86_400_000);
    let rest = ms - days * 86_400_000;
    // Days since 1970 to a civil date (H. Hinnant's algorithm).
    const z = days + 719_468;
    const era = Math.floor(z / 146_097);
    const doe = z - era * 146_097;
    const yoe = Math.floor(
      (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
    );
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    const mp = Math.floor((5 * doy + 2) / 153);
    const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
    const month = mp < 10 ? mp + 3 : mp - 9;
    const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 1000 || year > 9999) {
      this.word(d.toISOString());
      return;
    }
    const hour = Math.floor(rest / 3_600_000);
    rest -= hour * 3_600_000;
    const minute = Math.floor(rest / 60_000);
    rest -= minute * 60_000;
    const second = Math.floor(rest / 1000);
    const milli = rest - second * 1000;
    const b = this.buffer;
    let at = this.at;
    const two = (n: number) => {
      b[at++] = 48 + Math.floor(n / 10);
      b[at++] = 48 + (n % 10);
    };
    two(Math.floor(year / 100));
    two(year % 100);
    b[at++] = 45; // -
    two(month);
    b[at++] = 45;
    two(day);
    b[at++] = 84; // T
    two(hour);
    b[at++] = 58; // :
    two(minute);
    b[at++] = 58;
    two(second);
    b[at++] = 46; // .
    b[at++] = 48 + Math.floor(milli / 100);
    two(milli % 100);
    b[at++] = 90; // Z
    b[at++] = COMMA;
    this.at = at;
  }

  /** The row is done: its last comma becomes the end of the line. */
  endRow(): void {
    this.buffer[this.at - 1] = NEWLINE;
  }

  bytes(): Buffer {
    return this.buffer.subarray(0, this.at);
  }
}

/** The most bytes a text can take quoted: each UTF-16 unit three bytes, each doubled if a quote. */
const textBytes = (s: string | null | undefined) => (s ? 6 * s.length + 2 : 0);

/** Rows in INCIDENT_COLUMNS order, as COPY ... with (format csv) reads them. */
export function incidentsCopyBytes(source: string, batchId: string, rows: readonly StagedIncident[]): Buffer {
  // Room for most rows at once (an incident is about 150 to 250 bytes): growing copies the chunk.
  const out = new CopyBytes(rows.length * 320 + 1024);
  for (const r of rows) {
    out.reserve(
      FIXED_BYTES +
        textBytes(source) +
        textBytes(r.externalId) +
        textBytes(r.rawType) +
        textBytes(r.district) +
        textBytes(r.block) +
        batchId.length,
    );
    out.text(source);
    out.text(r.externalId);
    out.instant(r.occurredAt);
    out.word(r.timePrecision);
    out.word(r.category);
    out.text(r.rawType);
    out.word(String(r.lat));
    out.word(String(r.lon));
    out.word(r.cell);
    out.text(r.district);
    out.text(r.block ?? null);
    out.word(r.origin);
    out.word(batchId);
    out.endRow();
  }
  return out.bytes();
}
