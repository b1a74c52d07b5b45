// Excel workbooks written by hand, as Excel lays them out: shared strings, styles that make numbers
// dates, rows that skip empty cells, and sheets in an order the relationships decide.
import { makeZip } from './zip.ts';

/** A cell: text (shared), a number, or a date or time Excel keeps as a serial number of days. */
export type Cell =
  | string
  | number
  | null
  | { date: Date }
  | { dateTime: Date }
  | { time: string }
  | { formula: string; text: string }
  | { error: string };

const xmlText = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** Days since 1899-12-30, Excel's day 0 (in the 1900 date system), of a wall-clock time given as UTC. */
const serial = (wall: Date) => wall.getTime() / 86_400_000 + 25569;

const column = (i: number) =>
  i < 26
    ? String.fromCharCode(65 + i)
    : String.fromCharCode(64 + Math.floor(i / 26)) + String.fromCharCode(65 + (i % 26));

function sheetXml(rows: Cell[][], shared: string[]): string {
  const index = new Map<string, number>();
  const sharedIndex = (text: string) => {
    if (!index.has(text)) {
      index.set(text, shared.length);
      shared.push(text);
    }
    return index.get(text)!;
  };
  const cells = (row: Cell[], r: number) =>
    row
      .map((cell, i) => {
        const ref = `${column(i)}${r}`;
        if (cell === null) return '';
        if (typeof cell === 'string') return `<c r="${ref}" t="s"><v>${sharedIndex(cell)}</v></c>`;
        if (typeof cell === 'number') return `<c r="${ref}"><v>${cell}</v></c>`;
        if ('date' in cell) return `<c r="${ref}" s="1"><v>${serial(cell.date)}</v></c>`;
        if ('dateTime' in cell) return `<c r="${ref}" s="2"><v>${serial(cell.dateTime)}</v></c>`;
        if ('time' in cell) {
          const [h, m] = cell.time.split(':').map(Number);
          return `<c r="${ref}" s="3"><v>${(h! * 60 + m!) / 1440}</v></c>`;
        }
        if ('formula' in cell)
          return `<c r="${ref}" t="str"><f>${xmlText(cell.formula)}</f><v>${xmlText(cell.text)}</v></c>`;
        return `<c r="${ref}" t="e"><v>${xmlText(cell.error)}</v></c>`;
      })
      .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1"/><sheetData>${rows
    .map((row, i) =>
      row.every((c) => c === null)
        ? `<row r="${i + 1}" spans="1:1"/>`
        : `<row r="${i + 1}">${cells(row, i + 1)}</row>`,
    )
    .join('')}</sheetData></worksheet>`;
}

/** A workbook of sheets in tab order; the first is listed last in the zip and in the relationships. */
export function makeWorkbook(sheets: Cell[][][]): Buffer {
  const shared: string[] = [];
  const xmls = sheets.map((rows) => sheetXml(rows, shared));
  // Shared strings with a rich-text run and a phonetic guide, as Excel writes some.
  const si = shared
    .map((text, i) =>
      i === 0 && text.length > 1
        ? `<si><r><t>${xmlText(text.slice(0, 1))}</t></r><r><rPr><b/></rPr><t xml:space="preserve">${xmlText(text.slice(1))}</t></r><rPh sb="0" eb="1"><t>ignored</t></rPh></si>`
        : `<si><t>${xmlText(text)}</t></si>`,
    )
    .join('');
  const n = sheets.length;
  const xml = (text: string) => Buffer.from(text);
  return makeZip([
    { name: '[Content_Types].xml', data: xml('<?xml version="1.0"?><Types/>'), deflate: true },
    {
      name: 'xl/workbook.xml',
      data: xml(
        `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr/><sheets>${sheets
          .map((_, i) => `<sheet name="Sheet${i + 1}" sheetId="${i + 1}" r:id="rId${n - i}"/>`)
          .join('')}</sheets></workbook>`,
      ),
      deflate: true,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: xml(
        `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
          .map(
            (_, i) =>
              `<Relationship Id="rId${n - i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${n - i}.xml"/>`,
          )
          .join('')}</Relationships>`,
      ),
      deflate: true,
    },
    {
      name: 'xl/styles.xml',
      data: xml(
        `<?xml version="1.0"?><styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="m/d/yyyy\\ h:mm;@"/></numFmts><cellXfs count="4"><xf numFmtId="0" fontId="0"/><xf numFmtId="14" fontId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" applyNumberFormat="1"/><xf numFmtId="20" fontId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`,
      ),
      deflate: true,
    },
    {
      name: 'xl/sharedStrings.xml',
      data: xml(`<?xml version="1.0"?><sst count="${shared.length}">${si}</sst>`),
      deflate: true,
    },
    // Tab i is sheet(n - i).xml: the file names do not say which sheet comes first.
    ...xmls.map((data, i) => ({ name: `xl/worksheets/sheet${n - i}.xml`, data: xml(data), deflate: true })),
  ]);
}
