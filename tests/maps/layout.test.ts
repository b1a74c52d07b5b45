// No text cut off at any supported size: every text box of a map's overlay (title, subtitle, list,
// legend, notes, badges, labels) is measured against the image, from a phone's 400 px to a wall's.
import { expect, test } from 'vitest';
import { overlaySvg } from '../../src/maps/render-map.ts';
import { demoSpec } from './fixtures.ts';

const SIZES = [
  [400, 760],
  [720, 1080],
  [1200, 800],
] as const;

/** Each upright text of the SVG with its box, from its font size and DejaVu Sans's widths. */
function textBoxes(svg: string) {
  const out: { content: string; left: number; right: number; top: number; bottom: number }[] = [];
  for (const m of svg.matchAll(/<text ([^>]*)>([^<]*)<\/text>/g)) {
    const attrs = m[1]!;
    if (/transform="rotate/.test(attrs)) continue; // the watermark and labels along streets
    const num = (name: string) => Number(new RegExp(`${name}="(-?[\\d.]+)"`).exec(attrs)![1]);
    const content = m[2]!
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"');
    const size = num('font-size');
    const width = content.length * size * (/font-weight="bold"/.test(attrs) ? 0.62 : 0.57);
    const anchor = /text-anchor="(\w+)"/.exec(attrs)?.[1] ?? 'start';
    const x = num('x');
    const left = anchor === 'middle' ? x - width / 2 : anchor === 'end' ? x - width : x;
    out.push({
      content,
      left,
      right: left + width,
      top: num('y') - size * 0.8,
      bottom: num('y') + size * 0.25,
    });
  }
  return out;
}

test.each(SIZES)(
  'at %i×%i every text lies inside the image, and nothing is cut with an ellipsis',
  (width, height) => {
    // The title and subtitle as a forecast's map has them.
    const spec = demoSpec({
      width,
      height,
      demo: true,
      title: 'Night shift · Sat 22:00–06:00',
      subtitle:
        'Demo City (synthetic) · 2026-06-06 · vehicle theft · top 10 numbered, shaded by rank among 1,460 places · model 2 (ewma)',
      dataAsOf: '2026-06-01 21:40',
      // Houston's longest names.
      list: [
        '9400 block of West Sam Houston Pkwy, near South Sam Houston Pkwy',
        '4400 block of North Fwy',
        '5800 block of Westheimer Rd, near Hillcroft',
        '2200 block of Dallas St, near McKinney St',
        '5100 block of Alabama St, near Truxillo',
        '1200 block of Travis St, near Main St',
        '9500 block of Rowlett, near Kingspoint',
        '2700 block of Kirkwood Dr',
        '500 block of Seminar Dr, near Greens Rd',
        '8800 block of Braeswood Blvd',
      ].map((name, i) => ({ number: i + 1, name })),
      staleAge: '3 weeks',
    });
    const boxes = textBoxes(overlaySvg(spec, 'basemap unavailable'));
    expect(boxes.length).toBeGreaterThan(20);
    for (const b of boxes) {
      expect({ text: b.content, left: b.left }).toEqual({
        text: b.content,
        left: expect.toSatisfy((v: number) => v >= -1),
      });
      expect({ text: b.content, right: b.right }).toEqual({
        text: b.content,
        right: expect.toSatisfy((v: number) => v <= width + 1),
      });
      expect(b.top).toBeGreaterThanOrEqual(0);
      expect(b.bottom).toBeLessThanOrEqual(height);
      expect(b.content).not.toMatch(/…$/);
    }
  },
);
