// One printable page for roll call: the briefing's map on top, its words under it, black on white,
// at the width of an A4 page at 150 dpi. A page longer than A4 grows rather than cut a line.
import sharp from 'sharp';
import { escapeXml } from './escape.ts';

export const PAGE_WIDTH = 1240;
export const PAGE_MAP_HEIGHT = 1100;
const A4_HEIGHT = 1754;
const FONT = 18;
const LINE = 25;
const WRAP = 108;

/** Lines no longer than the page is wide, broken between words; an indented line keeps its indent. */
export function wrapLines(text: string, width = WRAP): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line.length <= width) {
      out.push(line);
      continue;
    }
    const indent = `${/^\s*/.exec(line)![0]}   `;
    let rest = line;
    while (rest.length > width) {
      const cut = rest.lastIndexOf(' ', width);
      const at = cut > indent.length ? cut : width;
      out.push(rest.slice(0, at));
      rest = `${indent}${rest.slice(at).trimStart()}`;
    }
    out.push(rest);
  }
  return out;
}

export async function printPage(mapPng: Buffer | Uint8Array, text: string): Promise<Buffer> {
  const lines = wrapLines(text);
  const height = Math.max(A4_HEIGHT, PAGE_MAP_HEIGHT + 40 + lines.length * LINE + 40);
  const words = lines
    .map(
      (l, i) =>
        `<text x="40" y="${40 + (i + 1) * LINE}" font-family="DejaVu Sans, sans-serif" font-size="${FONT}" xml:space="preserve" fill="#000000"${i === 0 ? ' font-weight="bold"' : ''}>${escapeXml(l)}</text>`,
    )
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${PAGE_WIDTH}" height="${height - PAGE_MAP_HEIGHT}">${words}</svg>`;
  return sharp({ create: { width: PAGE_WIDTH, height, channels: 3, background: '#ffffff' } })
    .composite([
      { input: Buffer.from(mapPng), top: 0, left: 0 },
      { input: Buffer.from(svg), top: PAGE_MAP_HEIGHT, left: 0 },
    ])
    .png()
    .toBuffer();
}
