// Draws a hotspot map: the basemap (when there is one), staticmaps' layer of hexagons, zone outlines
// and centroids, and an overlay with the title, ranks, legend and notes. Runs in the render worker.
import { cellsToMultiPolygon, cellToBoundary } from 'h3-js';
import sharp from 'sharp';
import StaticMaps from 'staticmaps';
import type { Box } from './badge-layout.ts';
import { escapeXml } from './escape.ts';
import { frame, HEADER, mapAreaOf, type Viewport, xToLon } from './frame.ts';
import { type Inset, insetFrame, planInset } from './inset.ts';
import { mapChrome } from './map-chrome.ts';
import { dataNoteBox, scaleBar, yToLat } from './map-furniture.ts';
import { DISTRICT_COLOUR, mapMarks, ZONE_COLOUR } from './map-marks.ts';
import { localTiles } from './pmtiles-source.ts';
import { type MapSpec, type RenderedMap, RISK_CLASSES, type TileSettings } from './spec.ts';
import { fetchBasemap, httpTiles } from './tiles.ts';

export { NOTE_COLOUR } from './map-chrome.ts';

const BACKGROUND = '#f4f1ea';

async function vectorLayer(spec: MapSpec, view: Viewport): Promise<Buffer> {
  // No tiles at all: staticmaps then draws on a transparent canvas.
  const map = new StaticMaps({ width: spec.width, height: spec.height, tileLayers: [{ tileUrl: '' }] });

  // Lowest risk first, so that the highest is drawn on top.
  const drawn = spec.cells
    .filter((c) => c.riskClass >= 0)
    .sort((a, b) => b.riskClass - a.riskClass || b.rank - a.rank);
  for (const c of drawn) {
    const ring = cellToBoundary(c.cell, true);
    map.addPolygon({
      coords: ring,
      color: '#ffffff99',
      fill: `${RISK_CLASSES[c.riskClass]!.colour}ff`,
      width: 1,
    });
  }
  // Streets over the cells, so that a hotspot's street shows through it; casing keeps them apart.
  for (const street of spec.streets ?? [])
    for (const line of street.lines) map.addLine({ coords: line, color: '#ffffffcc', width: 5 });
  for (const street of spec.streets ?? [])
    for (const line of street.lines) map.addLine({ coords: line, color: '#6b6b6bff', width: 2 });
  for (const z of spec.zones) {
    for (const polygon of cellsToMultiPolygon(z.cells, true)) {
      for (const ring of polygon) map.addLine({ coords: ring, color: `${ZONE_COLOUR}ff`, width: 3 });
    }
  }
  const centre: [number, number] = [xToLon(view.centerX, view.zoom), yToLat(view.centerY, view.zoom)];
  await quietly(() => map.render(centre, view.zoom));
  return map.image.buffer('image/png');
}

// staticmaps prints a stray "1" on every render; keep it out of our output. Counted, because a map and
// its inset render at the same time and the last to finish must put console.log back.
let quietRenders = 0;
const realLog = console.log;
async function quietly<T>(work: () => Promise<T>): Promise<T> {
  if (quietRenders++ === 0) console.log = () => {};
  try {
    return await work();
  } finally {
    if (--quietRenders === 0) console.log = realLog;
  }
}

function overlay(
  spec: MapSpec,
  view: ReturnType<typeof frame>,
  note: string | undefined,
  attribution: string | undefined,
  inset: Inset | undefined,
): string {
  const w = spec.width;
  const h = spec.height;
  const parts: string[] = [];
  const text = (x: number, y: number, size: number, content: string, attrs = '') =>
    `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-family="DejaVu Sans, sans-serif" font-size="${size}" ${attrs}>${escapeXml(content)}</text>`;
  const area = mapAreaOf(spec);
  // Marks keep off the basemap note (top right), the scale bar, the "data to" note and the inset, if any.
  const scale = { left: w - 150, top: area.bottom - 36, right: w, bottom: area.bottom + 4 };
  const dataNote = spec.inset ? undefined : dataNoteBox(spec, area.bottom + 4);
  const furniture: Box[] = spec.inset
    ? [scale]
    : [
        { left: w - 372, top: HEADER, right: w, bottom: HEADER + 44 },
        scale,
        ...(dataNote ? [dataNote] : []),
        ...(inset ? [inset.box] : []),
      ];
  // District lines dashed, in the overlay: on paper a solid line reads as a street. A white line under
  // the dashes keeps them apart from the darkest cells they cross, which are near their colour.
  const rings = spec.districts.flatMap((d) => d.rings);
  if (rings.length > 0) {
    const paths = rings.map(
      (ring) =>
        `M ${ring
          .map(([lon, lat]) => view.project(lat, lon))
          .map(([x, y]) => `${x.toFixed(1)} ${y.toFixed(1)}`)
          .join(' L ')}`,
    );
    parts.push(
      `<clipPath id="map-area"><rect x="${area.left}" y="${area.top}" width="${area.right - area.left}" height="${area.bottom - area.top}"/></clipPath>`,
      `<path d="${paths.join(' ')}" fill="none" stroke="#ffffff" stroke-width="5" stroke-opacity="0.85" clip-path="url(#map-area)"/>`,
      `<path d="${paths.join(' ')}" fill="none" stroke="${DISTRICT_COLOUR}" stroke-width="3" stroke-dasharray="10 6" clip-path="url(#map-area)"/>`,
    );
  }
  // The inset's frame under the marks: a badge by the dashed box stays whole.
  if (inset) parts.push(...insetFrame(inset, text));
  parts.push(...mapMarks(spec, view, area, furniture, text));
  if (spec.cells.length > 0) parts.push(...scaleBar(view, w - 16, area.bottom - 10, text));
  if (!spec.inset) parts.push(...mapChrome(spec, area.bottom + 4, note, attribution, text));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">${parts.join('')}</svg>`;
}

/** The overlay as drawn over a map of this spec with no basemap: what layout tests measure. */
export function overlaySvg(spec: MapSpec, note?: string): string {
  const view = frame(spec);
  return overlay(spec, view, note, undefined, planInset(spec, view));
}

const tileSource = (tiles: TileSettings) =>
  tiles.file ? localTiles(tiles.file) : httpTiles(tiles.url ?? '');

export async function renderMap(spec: MapSpec): Promise<RenderedMap> {
  const started = performance.now();
  const view = frame(spec);
  const inset = planInset(spec, view);
  // Tiles, the vector layer and the inset at the same time: a silent tile server costs its deadline once.
  const [fetched, opaque, enlarged] = await Promise.all([
    spec.tiles ? fetchBasemap(tileSource(spec.tiles), view, spec.tiles.deadlineMs) : undefined,
    vectorLayer(spec, view),
    inset ? renderMap(inset.spec) : undefined,
  ]);
  let base: Buffer | undefined;
  let basemap: RenderedMap['basemap'] = 'none';
  let note: string | undefined;
  if (fetched && 'image' in fetched) {
    base = fetched.image;
    basemap = 'tiles';
  } else {
    // A failed tile server is always told. With none configured, streets traced from the incidents'
    // block addresses stand in for a basemap; a map with neither says it has no streets.
    if (fetched) basemap = 'unavailable';
    if (fetched || !spec.streets?.length) note = 'basemap unavailable';
  }
  // On a basemap the cells are see-through, so that streets show under them.
  const vector =
    basemap === 'tiles'
      ? await sharp(opaque).ensureAlpha().linear([1, 1, 1, 0.75], [0, 0, 0, 0]).png().toBuffer()
      : opaque;
  const background =
    base ??
    (await sharp({ create: { width: spec.width, height: spec.height, channels: 3, background: BACKGROUND } })
      .png()
      .toBuffer());
  const png = await sharp(background)
    .composite([
      { input: vector, left: 0, top: 0 },
      ...(inset && enlarged
        ? [
            {
              input: Buffer.from(enlarged.png),
              left: Math.round(inset.box.left),
              top: Math.round(inset.box.top),
            },
          ]
        : []),
      {
        input: Buffer.from(
          overlay(spec, view, note, basemap === 'tiles' ? spec.tiles?.attribution : undefined, inset),
        ),
        left: 0,
        top: 0,
      },
    ])
    .flatten({ background: BACKGROUND })
    .png({ compressionLevel: 6 })
    .toBuffer();
  return {
    png: new Uint8Array(png),
    width: spec.width,
    height: spec.height,
    basemap,
    ...(note ? { note } : {}),
    ...(fetched && 'failure' in fetched ? { basemapFailure: fetched.failure } : {}),
    milliseconds: Math.round(performance.now() - started),
  };
}
