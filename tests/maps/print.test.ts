// A map read on paper: the rank bands stay apart in black and white and none fades into the paper,
// the map points north, and it says how new its data are.
import { cellToLatLng } from 'h3-js';
import sharp from 'sharp';
import { expect, test } from 'vitest';
import { HEADER } from '../../src/maps/frame.ts';
import { DISTRICT_COLOUR } from '../../src/maps/map-marks.ts';
import { overlaySvg, renderMap } from '../../src/maps/render-map.ts';
import { printedGrey, RISK_CLASSES } from '../../src/maps/spec.ts';
import { demoSpec } from './fixtures.ts';

test('the rank bands print as four greys at least 40 apart, the lightest well darker than paper', () => {
  const greys = RISK_CLASSES.map((c) => printedGrey(c.colour));
  for (let i = 1; i < greys.length; i++) expect(greys[i]! - greys[i - 1]!).toBeGreaterThanOrEqual(40);
  expect(Math.max(...greys)).toBeLessThanOrEqual(200);
});

test('a printed map carries a north arrow and the time of its newest incident', async () => {
  const spec = demoSpec({ width: 1200, height: 800, dataAsOf: '2026-06-01 21:40' });
  const map = await renderMap(spec);
  // Printed: grey the image as a black-and-white printer would, and look where the furniture is.
  const { data, info } = await sharp(map.png).greyscale().raw().toBuffer({ resolveWithObject: true });
  const dark = (x0: number, y0: number, w: number, h: number) => {
    let n = 0;
    for (let y = y0; y < y0 + h; y++)
      for (let x = x0; x < x0 + w; x++) if (data[(y * info.width + x) * info.channels]! < 80) n++;
    return n;
  };
  // The arrow's head, below the basemap note (no basemap here), at the top right of the map.
  const arrowTop = HEADER + (map.note ? 62 : 22);
  expect(dark(1200 - 36, arrowTop + 2, 16, 18)).toBeGreaterThan(40);
  // The time of the data is the one difference from the same map without it: text at the right.
  const without = await renderMap(demoSpec({ width: 1200, height: 800 }));
  const plain = await sharp(without.png).greyscale().raw().toBuffer();
  const changed: number[] = [];
  for (let i = 0; i < plain.length; i++)
    if (Math.abs(plain[i]! - data[i * info.channels]!) > 60) changed.push(i % 1200);
  expect(changed.length).toBeGreaterThan(100);
  expect(Math.min(...changed)).toBeGreaterThan(1200 - 250);
});

test('district lines are dashed, so that on paper they do not read as streets, over a white line that parts them from dark cells', async () => {
  const spec = demoSpec({ width: 1200, height: 800 });
  const [lat, lon] = cellToLatLng(spec.cells[0]!.cell);
  const ring: [number, number][] = [
    [lon - 0.05, lat - 0.05],
    [lon + 0.05, lat - 0.05],
    [lon + 0.05, lat + 0.05],
    [lon - 0.05, lat + 0.05],
    [lon - 0.05, lat - 0.05],
  ];
  const svg = overlaySvg({ ...spec, districts: [{ name: 'East', rings: [ring] }] });
  expect(svg).toMatch(
    new RegExp(
      `<path d="(M [^"]+)" fill="none" stroke="#ffffff" stroke-width="5"[^>]*/><path d="\\1" fill="none" stroke="${DISTRICT_COLOUR}" stroke-width="3" stroke-dasharray="10 6"`,
    ),
  );
  expect(overlaySvg(spec)).not.toContain('stroke-dasharray="10 6"');
});
