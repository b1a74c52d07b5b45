import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cellToLatLng, latLngToCell } from 'h3-js';
import sharp from 'sharp';
import { afterAll, describe, expect, test } from 'vitest';
import { escapeXml } from '../../src/maps/escape.ts';
import { frame } from '../../src/maps/frame.ts';
import { planInset } from '../../src/maps/inset.ts';
import { mapChrome } from '../../src/maps/map-chrome.ts';
import { NOTE_COLOUR, renderMap } from '../../src/maps/render-map.ts';
import { MapRenderer } from '../../src/maps/renderer.ts';
import { RISK_CLASSES } from '../../src/maps/spec.ts';
import { writeSolidArchive } from '../helpers/pmtiles-archive.ts';
import { startTileServer, type TileMode } from '../helpers/tile-server.ts';
import { demoSpec } from './fixtures.ts';

async function pixel(png: Uint8Array, x: number, y: number): Promise<string> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const at = (Math.round(y) * info.width + Math.round(x)) * info.channels;
  return `#${[data[at]!, data[at + 1]!, data[at + 2]!].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

const hex = (c: string) => [1, 3, 5].map((i) => Number.parseInt(c.slice(i, i + 2), 16));
const near = (a: string, b: string, tolerance = 12) =>
  hex(a).every((v, i) => Math.abs(v - hex(b)[i]!) <= tolerance);

/** How much of a box carries a colour. */
async function share(
  png: Uint8Array,
  box: { left: number; top: number; width: number; height: number },
  colour: string,
) {
  const { data, info } = await sharp(png).extract(box).raw().toBuffer({ resolveWithObject: true });
  let hits = 0;
  for (let i = 0; i < data.length; i += info.channels) {
    const c = `#${[data[i]!, data[i + 1]!, data[i + 2]!].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
    if (near(c, colour, 30)) hits++;
  }
  return hits / (box.width * box.height);
}

describe('the hotspot map', () => {
  test('has the configured size, and the top cell is drawn in the highest-risk colour', async () => {
    // Without rank badges and zone marks, nothing covers the cell.
    const spec = demoSpec({ width: 1600, height: 1000, numbered: 0, zones: [] });
    const map = await renderMap(spec);
    const meta = await sharp(map.png).metadata();
    expect([meta.width, meta.height, meta.format]).toEqual([1600, 1000, 'png']);
    expect(map.basemap).toBe('none');
    expect(map.note).toBe('basemap unavailable');
    // Streets traced from the data stand in for an unconfigured basemap: no note then.
    const [lat0, lon0] = cellToLatLng(spec.cells[0]!.cell);
    const street = {
      name: 'Main St',
      lines: [
        [
          [lon0 - 0.01, lat0],
          [lon0 + 0.01, lat0],
        ],
      ] as [number, number][][],
    };
    const withStreets = await renderMap({ ...spec, streets: [street] });
    expect(withStreets.basemap).toBe('none');
    expect(withStreets.note).toBeUndefined();
    const top = spec.cells.find((c) => c.rank === 1)!;
    const view = frame(spec);
    const [lat, lon] = cellToLatLng(top.cell);
    const [cx, cy] = view.project(lat, lon);
    expect(await pixel(map.png, cx, cy)).toSatisfy((c: string) => near(c, RISK_CLASSES[0].colour));
    // And a low-risk cell is not.
    const low = spec.cells.at(-1)!;
    const [llat, llon] = cellToLatLng(low.cell);
    const [lx, ly] = view.project(llat, llon);
    expect(await pixel(map.png, lx, ly)).toSatisfy((c: string) => near(c, RISK_CLASSES[3].colour));
  });

  test('streets traced from the data are drawn over the cells and named along their line', async () => {
    const plain = demoSpec({ numbered: 0, zones: [] });
    const view = frame(plain);
    // A street straight across the middle of the map, west to east.
    const [lat, lon] = cellToLatLng(plain.cells[0]!.cell);
    const line: [number, number][] = Array.from({ length: 41 }, (_, i) => [lon - 0.1 + i * 0.005, lat]);
    const spec = { ...plain, streets: [{ name: 'Harbor Blvd', lines: [line] }] };
    const [drawn, without] = await Promise.all([renderMap(spec), renderMap(plain)]);
    const [, y] = view.project(lat, lon);
    // A thin band along the line, left of the centre (where the name is not).
    const [x0] = view.project(lat, lon - 0.08);
    const band = { left: Math.round(x0), top: Math.round(y) - 1, width: 60, height: 3 };
    expect(await share(drawn.png, band, '#6b6b6b')).toBeGreaterThan(0.3);
    expect(await share(without.png, band, '#6b6b6b')).toBe(0);
    // Its name sits on the line: dark text along it, which the map without streets does not have.
    const along = { left: 0, top: Math.round(y) - 9, width: 1200, height: 18 };
    const textPixels = async (png: Uint8Array) => (await share(png, along, '#333333')) * 1200 * 18;
    expect(await textPixels(drawn.png)).toBeGreaterThan(60);
    expect(await textPixels(without.png)).toBe(0);
  });

  test('titles with &, <, > and quotes render', async () => {
    expect(escapeXml(`Bar & Grill <North> "A" 'B'`)).toBe(
      'Bar &amp; Grill &lt;North&gt; &quot;A&quot; &#39;B&#39;',
    );
    const map = await renderMap(
      demoSpec({ title: `Bar & Grill <North> "Fish & Chips" isn't safe`, subtitle: '<script>&amp;' }),
    );
    expect((await sharp(map.png).metadata()).width).toBe(1200);
  });

  test("the legend keys the patrol areas drawn, or the districts' outlines when every unit is on general patrol", () => {
    const keyOf = (spec: ReturnType<typeof demoSpec>) =>
      mapChrome(
        spec,
        spec.height - 200,
        undefined,
        undefined,
        (_x, _y, _size, content) => `<text>${content}</text>`,
      )
        .join('')
        .match(/<text>([^<]*)<\/text>/g)
        ?.at(-1);
    expect(keyOf(demoSpec())).toBe('<text>patrol area, × where its unit starts (Z1 expects most)</text>');
    const general = demoSpec({
      zones: [],
      districts: [
        {
          name: 'North',
          rings: [
            [
              [-98.6, 39.8],
              [-98.5, 39.8],
              [-98.5, 39.9],
            ],
          ],
        },
      ],
    });
    expect(keyOf(general)).toBe('<text>district</text>');
    expect(keyOf(demoSpec({ zones: [] }))).toBe('<text>5–10%</text>');
  });

  test('synthetic data is marked DEMO DATA on the image', async () => {
    const plain = await renderMap(demoSpec());
    const demo = await renderMap(demoSpec({ demo: true }));
    const badge = { left: 1200 - 156, top: 14, width: 140, height: 36 };
    expect(await share(demo.png, badge, '#b00020')).toBeGreaterThan(0.5);
    expect(await share(plain.png, badge, '#b00020')).toBe(0);
  });

  test('the numbered places are listed by name under the map, in two columns when wide', async () => {
    const list = Array.from({ length: 10 }, (_, i) => ({
      number: i + 1,
      name: `${(i + 1) * 100} block of Main St`,
    }));
    const plain = await renderMap(demoSpec());
    const listed = await renderMap(demoSpec({ list }));
    // Five rows of 19 px above the 44 px legend: white with dark text where the map was.
    const panel = { left: 0, top: 800 - 44 - 107, width: 1200, height: 100 };
    expect(await share(listed.png, panel, '#ffffff')).toBeGreaterThan(0.8);
    expect(await share(listed.png, panel, '#111111')).toBeGreaterThan(0.01);
    // Without a list the map runs down to the legend (its scale bar is at the right; the enlarged
    // inset of the dense cluster, if any, at the left).
    const spec = demoSpec();
    const left = Math.ceil(planInset(spec, frame(spec))?.box.right ?? 0) + 4;
    expect(await share(plain.png, { ...panel, left, width: 600 - left }, '#111111')).toBe(0);
    // The second column starts half way across.
    expect(
      await share(listed.png, { left: 600, top: 800 - 44 - 107, width: 300, height: 100 }, '#111111'),
    ).toBeGreaterThan(0.01);
  });

  test('no cell shows through the list of names or the header: on paper they read clean', async () => {
    const list = Array.from({ length: 10 }, (_, i) => ({
      number: i + 1,
      name: `${i + 1}00 block of Main St`,
    }));
    // Framed on its numbered places, the city's other cells run on under the list and the header: a
    // line of top-class cells due south and north of the first place, far beyond the frame.
    const base = demoSpec({ list, height: 900, demo: false });
    const [lat0, lon0] = cellToLatLng(base.cells[0]!.cell);
    const beyond = Array.from({ length: 120 }, (_, i) => ({
      cell: latLngToCell(lat0 + (i < 60 ? -1 : 1) * (0.005 + (i % 60) * 0.004), lon0, 9),
      rank: base.cells.length + i + 1,
      riskClass: 0,
    }));
    const spec = { ...base, cells: [...base.cells, ...beyond] };
    const view = frame(spec);
    const under = beyond.filter((c) => view.project(...cellToLatLng(c.cell))[1] > 900 - 44 - 107);
    expect(under.length).toBeGreaterThan(0);
    const listed = await renderMap(spec);
    const { data, info } = await sharp(listed.png).raw().toBuffer({ resolveWithObject: true });
    const tinted = (top: number, bottom: number) => {
      let n = 0;
      for (let y = top; y < bottom; y++)
        for (let x = 0; x < info.width; x++) {
          const at = (y * info.width + x) * info.channels;
          // Text is grey or black; a cell's red or orange leaves red well above blue.
          if (data[at]! - data[at + 2]! > 4) n++;
        }
      return n;
    };
    expect(tinted(0, 64)).toBe(0);
    // The list's five rows (the legend below it keys the colours, so it has them).
    expect(tinted(900 - 44 - 107, 900 - 44)).toBe(0);
  });

  test('stale data are marked on the image, above the legend, wide or phone-narrow', async () => {
    const badge = (height: number) => ({ left: 20, top: height - 44 - 34, width: 60, height: 20 });
    const plain = await renderMap(demoSpec());
    expect(await share(plain.png, badge(800), '#8a4b00')).toBe(0);
    const wide = await renderMap(demoSpec({ staleAge: '6 weeks' }));
    expect(await share(wide.png, badge(800), '#8a4b00')).toBeGreaterThan(0.5);
    const narrow = await renderMap(demoSpec({ staleAge: '2.1 years', width: 400, height: 700 }));
    expect(await share(narrow.png, badge(700), '#8a4b00')).toBeGreaterThan(0.5);
  });
});

describe('the basemap', () => {
  const servers: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
  });
  const deadlineMs = 800;
  const noteBox = { left: 1200 - 372, top: 74, width: 360, height: 30 };

  test('a local PMTiles archive is the basemap, with no network', async () => {
    const spec = demoSpec();
    const view = frame(spec);
    const file = join(mkdtempSync(join(tmpdir(), 'patrolcast-pmtiles-')), 'area.pmtiles');
    const half = { x: spec.width / 2 / 256 + 1, y: spec.height / 2 / 256 + 1 };
    await writeSolidArchive(
      file,
      view.zoom,
      {
        x0: Math.floor(view.centerX - half.x),
        x1: Math.floor(view.centerX + half.x),
        y0: Math.floor(view.centerY - half.y),
        y1: Math.floor(view.centerY + half.y),
      },
      '#3a7d44',
    );
    const map = await renderMap(demoSpec({ tiles: { file, attribution: '© Test Archive', deadlineMs } }));
    expect(map.basemap).toBe('tiles');
    expect(await share(map.png, noteBox, NOTE_COLOUR)).toBe(0);
    // Beside the enlarged inset, if there is one: the archive holds only the map's own zoom.
    const left = Math.ceil(planInset(spec, view)?.box.right ?? 0) + 20;
    expect(await share(map.png, { left, top: 100, width: 40, height: 40 }, '#3a7d44')).toBeGreaterThan(0.9);
  });

  test('a file that is not a PMTiles archive: the map is drawn without a basemap, and says why to the operator', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'patrolcast-pmtiles-')), 'wrong.pmtiles');
    writeFileSync(file, 'not an archive');
    const map = await renderMap(demoSpec({ tiles: { file, attribution: '', deadlineMs } }));
    expect(map).toMatchObject({ basemap: 'unavailable', note: 'basemap unavailable' });
    expect(map.basemapFailure).toMatch(/magic number/i);
    expect(await share(map.png, noteBox, NOTE_COLOUR)).toBeGreaterThan(0.05);
  });

  test('a working tile server gives a basemap and its attribution', async () => {
    const server = await startTileServer('ok');
    servers.push(server);
    const map = await renderMap(
      demoSpec({ tiles: { url: server.url, attribution: '© Test Tiles & Co', deadlineMs } }),
    );
    expect(map.basemap).toBe('tiles');
    expect(server.requests).toBeGreaterThan(4);
    expect(await share(map.png, noteBox, NOTE_COLOUR)).toBe(0);
    // The tiles' own colour shows where no cell is drawn.
    expect(await share(map.png, { left: 20, top: 100, width: 40, height: 40 }, '#c8d7e6')).toBeGreaterThan(
      0.9,
    );
  });

  test.each<[TileMode]>([['refuse'], ['fail'], ['hang']])(
    'a tile server that %ss costs at most the deadline, and the map says "basemap unavailable"',
    async (mode) => {
      const server = await startTileServer(mode);
      servers.push(server);
      const started = performance.now();
      const map = await renderMap(demoSpec({ tiles: { url: server.url, attribution: 'x', deadlineMs } }));
      const elapsed = performance.now() - started;
      expect(map.basemap).toBe('unavailable');
      expect(map.note).toBe('basemap unavailable');
      expect(elapsed).toBeLessThan(deadlineMs + 1500);
      expect(await share(map.png, noteBox, NOTE_COLOUR)).toBeGreaterThan(0.02);
    },
  );
});

describe('rendering in a worker, with a cache', () => {
  const renderer = new MapRenderer({ timeoutMs: 20_000, cacheSize: 2 });
  afterAll(() => renderer.close());

  test('the same forecast and size give the same bytes without rendering again; a new forecast a new map', async () => {
    const first = await renderer.render(demoSpec(), 'forecast-1:10:4:1200x800');
    const again = await renderer.render(
      demoSpec({ title: 'ignored: the key says it is the same map' }),
      'forecast-1:10:4:1200x800',
    );
    expect(again.png).toBe(first.png);
    const changed = await renderer.render(
      demoSpec({ title: 'Demo City: the next shift' }),
      'forecast-2:10:4:1200x800',
    );
    expect(Buffer.from(changed.png).equals(Buffer.from(first.png))).toBe(false);
  });

  test('an idle renderer lets its worker go, and the next map starts another', async () => {
    const resting = new MapRenderer({ timeoutMs: 20_000, cacheSize: 2, idleMs: 10 });
    try {
      const stopped = once(resting, 'worker-stopped');
      const first = await resting.render(demoSpec({ width: 400, height: 300 }));
      expect(await stopped).toEqual(['idle']);
      const next = await resting.render(demoSpec({ width: 500, height: 300 }));
      expect([first.width, next.width]).toEqual([400, 500]);
    } finally {
      await resting.close();
    }
  });

  test('a render stuck past its time limit is abandoned, and the next one still works', async () => {
    const server = await startTileServer('hang');
    const impatient = new MapRenderer({ timeoutMs: 20_000, cacheSize: 2 });
    try {
      const stuck = demoSpec({ tiles: { url: server.url, attribution: '', deadlineMs: 10_000 } });
      await expect(impatient.render(stuck, undefined, 300)).rejects.toThrow(/longer than 300 ms/);
      const next = await impatient.render(demoSpec({ width: 400, height: 300 }));
      expect(next.width).toBe(400);
    } finally {
      await impatient.close();
      await server.close();
    }
  });
});
