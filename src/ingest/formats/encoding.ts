// Which text encoding an export is in. Records systems still write Latin-1 (Windows-1252) and Excel
// writes UTF-16 for "Unicode text"; decoding either as UTF-8 turns accented names into U+FFFD or the
// whole file into "not a CSV". A byte-order mark decides; else UTF-16's zero bytes give it away; else
// text that is not valid UTF-8 is Shift_JIS where it reads as Japanese (Japan's police publish their
// open data so), and otherwise Windows-1252, the superset of Latin-1 that such files really use.
import { UserError } from '../../errors.ts';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'shift_jis';

const NAMES: Record<string, TextEncoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-16le': 'utf-16le',
  'utf-16': 'utf-16le',
  utf16le: 'utf-16le',
  'utf-16be': 'utf-16be',
  utf16be: 'utf-16be',
  latin1: 'windows-1252',
  'latin-1': 'windows-1252',
  'iso-8859-1': 'windows-1252',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  shift_jis: 'shift_jis',
  'shift-jis': 'shift_jis',
  sjis: 'shift_jis',
  cp932: 'shift_jis',
  'windows-31j': 'shift_jis',
};

/** The encoding an analyst named (`--encoding`), or a clear refusal. */
export function encodingNamed(name: string): TextEncoding {
  const found = NAMES[name.trim().toLowerCase()];
  if (!found)
    throw new UserError(
      `unknown encoding '${name.slice(0, 40)}'; use utf-8, utf-16le, utf-16be, latin1 (windows-1252) or shift_jis`,
    );
  return found;
}

/** Bytes at the start of the file that only say which encoding follows. */
export function byteOrderMark(head: Buffer): { encoding: TextEncoding; length: number } | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

function isUtf8(head: Buffer, complete: boolean): boolean {
  // A character cut off at the end of the sample is not a fault of the file.
  let end = head.length;
  if (!complete) {
    let back = 0;
    while (back < 3 && end - back - 1 >= 0 && (head[end - back - 1]! & 0xc0) === 0x80) back++;
    if (end - back - 1 >= 0 && head[end - back - 1]! >= 0xc0) end = end - back - 1;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether bytes that are not UTF-8 are Shift_JIS: they decode as it, and most of its two-byte
 * characters lead with 0x81–0x9F, where Japanese keeps its punctuation, kana and common kanji. Latin-1
 * text can decode as Shift_JIS too ("ão" is a valid pair), but its pairs lead with its accented small
 * letters, 0xE0–0xEF: 0x81–0x9F are no letters in Windows-1252 (quotes, dashes, or nothing at all).
 */
function isShiftJis(head: Buffer, complete: boolean): boolean {
  const decodes = (bytes: Buffer) => {
    try {
      new TextDecoder('shift_jis', { fatal: true }).decode(bytes);
      return true;
    } catch {
      return false;
    }
  };
  // A character cut off at the end of the sample is not a fault of the file.
  if (!decodes(head) && (complete || !decodes(head.subarray(0, head.length - 1)))) return false;
  let pairs = 0;
  let japanese = 0;
  for (let i = 0; i < head.length; i++) {
    const b = head[i]!;
    if ((b >= 0x81 && b <= 0x9f) || (b >= 0xe0 && b <= 0xfc)) {
      pairs++;
      if (b <= 0x9f) japanese++;
      i++;
    }
  }
  return pairs >= 2 && japanese >= pairs * 0.5;
}

/** The encoding of a file from its first bytes (`complete` when they are the whole file). */
export function detectEncoding(head: Buffer, complete: boolean): TextEncoding {
  const bom = byteOrderMark(head);
  if (bom) return bom.encoding;
  // ASCII text in UTF-16 has a zero in every other byte: odd places for little-endian.
  const pairs = Math.min(4096, Math.floor(head.length / 2));
  let zeroOdd = 0;
  let zeroEven = 0;
  for (let i = 0; i < pairs; i++) {
    if (head[2 * i] === 0) zeroEven++;
    if (head[2 * i + 1] === 0) zeroOdd++;
  }
  if (pairs > 0 && zeroOdd > pairs * 0.3 && zeroEven < pairs * 0.05) return 'utf-16le';
  if (pairs > 0 && zeroEven > pairs * 0.3 && zeroOdd < pairs * 0.05) return 'utf-16be';
  if (isUtf8(head, complete)) return 'utf-8';
  return isShiftJis(head, complete) ? 'shift_jis' : 'windows-1252';
}

/** Decodes a stream of bytes; a byte-order mark is dropped (TextDecoder's default). */
export async function* decodeText(
  stream: AsyncIterable<Buffer>,
  encoding: TextEncoding,
): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding);
  for await (const chunk of stream) yield decoder.decode(chunk, { stream: true });
  const rest = decoder.decode();
  if (rest) yield rest;
}
