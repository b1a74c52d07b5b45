import { describe, expect, test } from 'vitest';
import { type CsvEvent, readCsv, sniffDelimiter } from '../../src/ingest/formats/csv.ts';

async function read(text: string, chunkSize = text.length || 1, options = {}): Promise<CsvEvent[]> {
  async function* chunks() {
    for (let i = 0; i < text.length; i += chunkSize) yield text.slice(i, i + chunkSize);
  }
  const out: CsvEvent[] = [];
  for await (const events of readCsv(chunks(), options)) out.push(...events);
  return out;
}

describe('reading CSV', () => {
  test('quoted delimiters, doubled quotes and newlines inside quotes', async () => {
    const text = 'a,b,c\n1,"x, y","say ""hi"""\n2,"two\nlines",z\n3,4,5\n';
    expect(await read(text)).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'x, y', 'say "hi"'] },
      { line: 3, fields: ['2', 'two\nlines', 'z'] },
      { line: 5, fields: ['3', '4', '5'] },
    ]);
  });

  test('the same records whatever the chunk boundaries', async () => {
    const text = '\ufeffa;b\r\n"1;x";"q""q"\r\n2;\r\n\r\n"3\r\n";4';
    const whole = await read(text);
    expect(whole).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1;x', 'q"q'] },
      { line: 3, fields: ['2', ''] },
      { line: 5, fields: ['3\r\n', '4'] },
    ]);
    for (const size of [1, 2, 3, 5, 7]) expect(await read(text, size)).toEqual(whole);
  });

  test('a stray quote costs its own line only', async () => {
    const text = 'a,b\n1,"bad"x\n2,ok\n3,5\'10"\n';
    expect(await read(text)).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, error: 'unexpected text after a closing quote in field 2' },
      { line: 3, fields: ['2', 'ok'] },
      { line: 4, fields: ['3', '5\'10"'] },
    ]);
  });

  test('a quote never closed rejects its line and the lines after it are still read', async () => {
    const text = 'a,b\n1,x\n2,"never closed\n3,y\n4,z\n';
    for (const size of [text.length, 4]) {
      expect(await read(text, size)).toEqual([
        { line: 1, fields: ['a', 'b'] },
        { line: 2, fields: ['1', 'x'] },
        { line: 3, error: 'a quoted field is never closed' },
        { line: 4, fields: ['3', 'y'] },
        { line: 5, fields: ['4', 'z'] },
      ]);
    }
  });

  test('an overlong record is rejected without reading the whole file into it', async () => {
    const text = `a,b\n1,"${'x'.repeat(200)}\n2,y\n`;
    const events = await read(text, 16, { maxRecordChars: 100 });
    expect(events[1]).toMatchObject({ line: 2, error: expect.stringContaining('longer than 100') });
    expect(events[2]).toEqual({ line: 3, fields: ['2', 'y'] });
  });

  test('the delimiter is sniffed from the header, or below a title', () => {
    expect(sniffDelimiter('a;b;c')).toBe(';');
    expect(sniffDelimiter('a\tb\tc')).toBe('\t');
    expect(sniffDelimiter('"x,y";b;c')).toBe(';');
    expect(sniffDelimiter('single')).toBe(',');
    // A title above the header says nothing: the lines after it do.
    expect(
      sniffDelimiter('Incidents, March 2026\n\nid;date;offence;lat;lon\n1;2026-03-01;theft;41.8;-87.6'),
    ).toBe(';');
    expect(sniffDelimiter('Report\nid\tdate\toffence')).toBe('\t');
    // A header of two or more wins over any line after it.
    expect(sniffDelimiter('a,b,c\n1;2;3;4;5')).toBe(',');
  });
});
