// Draws a hotspot map: the basemap (when there is one), staticmaps' layer of hexagons, zone outlines
// and centroids, and an overlay with the title, ranks, legend and notes. Runs in the render worker.
import { cellsToMultiPolygon, cellToBoundary, cellToLatLng } from 'h3-js';
import sharp from 'sharp';
import StaticMaps from 'staticmaps';
import { type Box, placeBadges } from './badge-layout.ts';
import { escapeXml } from './escape.ts';
import { districtLabels, listLayout, listPanel, scaleBar, yToLat } from './map-furniture.ts';
import { localTiles } from './pmtiles-source.ts';
import { type MapSpec, type RenderedMap, RISK_CLASSES, type TileSettings } from './spec.ts';
import { fetchBasemap, httpTiles, TILE_SIZE, type Viewport } from './tiles.ts';

const HEADER = 64;
const FOOTER = 44;
const MARGIN = 24;
const BACKGROUND = '#f4f1ea';
const ZONE_COLOUR = '#1f3b73';
export const BADGE_RADIUS = 11;
export const NOTE_COLOUR = '#7a0019';

const lonToX = (lon: number, zoom: number) => ((lon + 180) / 360) * 2 ** zoom;
const latToY = (lat: number, zoom: number) =>
  ((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) *
  2 ** zoom;

/** The largest zoom at which the features fit between header and footer, and the centre to use. */
export function frame(spec: MapSpec): Viewport & { project: (lat: number, lon: number) => [number, number] } {
  const points: [number, number][] = [];
  for (const c of spec.cells) for (const [lat, lon] of cellToBoundary(c.cell)) points.push([lat, lon]);
  for (const z of spec.zones) points.push([z.centroid.lat, z.centroid.lon]);
  if (points.length === 0) points.push([0, 0]);
  const south = Math.min(...points.map((p) => p[0]));
  const north = Math.max(...points.map((p) => p[0]));
  const west = Math.min(...points.map((p) => p[1]));
  const east = Math.max(...points.map((p) => p[1]));
  const usableW = spec.width - 2 * MARGIN;
  const usableH = spec.height - HEADER - FOOTER - listLayout(spec).height - 2 * MARGIN;
  let zoom = 17;
  while (zoom > 1) {
    const w = (lonToX(east, zoom) - lonToX(west, zoom)) * TILE_SIZE;
    const h = (latToY(south, zoom) - latToY(north, zoom)) * TILE_SIZE;
    if (w <= usableW && h <= usableH) break;
    zoom--;
  }
  // Centre the features in the space between the header and the footer.
  const midX = (lonToX(west, zoom) + lonToX(east, zoom)) / 2;
  const below = FOOTER + listLayout(spec).height;
  const midY = (latToY(north, zoom) + latToY(south, zoom)) / 2 - (HEADER - below) / 2 / TILE_SIZE;
  const project = (lat: number, lon: number): [number, number] => [
    (lonToX(lon, zoom) - midX) * TILE_SIZE + spec.width / 2,
    (latToY(lat, zoom) - midY) * TILE_SIZE + spec.height / 2,
  ];
  return { width: spec.width, height: spec.height, zoom, centerX: midX, centerY: midY, project };
}

const xToLon = (x: number, zoom: number) => (x / 2 ** zoom) * 360 - 180;

async function vectorLayer(spec: MapSpec, view: Viewport): Promise<Buffer> {
  // No tiles at all: staticmaps then draws on a transparent canvas (LIBRARIES.md).
  const map = new StaticMaps({ width: spec.width, height: spec.height, tileLayers: [{ tileUrl: '' }] });

  // Lowest risk first, so that the highest is drawn on top.
  const drawn = [...spec.cells].sort((a, b) => b.riskClass - a.riskClass || b.rank - a.rank);
  for (const c of drawn) {
    const ring = cellToBoundary(c.cell, true);
    map.addPolygon({
      coords: ring,
      color: '#ffffff99',
      fill: `${RISK_CLASSES[c.riskClass]!.colour}ff`,
      width: 1,
    });
  }
  for (const d of spec.districts)
    for (const ring of d.rings) map.addLine({ coords: ring, color: '#444444cc', width: 2 });
  for (const z of spec.zones) {
    for (const polygon of cellsToMultiPolygon(z.cells, true)) {
      for (const ring of polygon) map.addLine({ coords: ring, color: `${ZONE_COLOUR}ff`, width: 3 });
    }
  }
  const centre: [number, number] = [xToLon(view.centerX, view.zoom), yToLat(view.centerY, view.zoom)];
  // staticmaps prints a stray "1" on every render; keep it out of our output.
  const log = console.log;
  console.log = () => {};
  try {
    await map.render(centre, view.zoom);
  } finally {
    console.log = log;
  }
  return map.image.buffer('image/png');
}

function overlay(
  spec: MapSpec,
  view: ReturnType<typeof frame>,
  note: string | undefined,
  attribution: string | undefined,
): string {
  const w = spec.width;
  const h = spec.height;
  const parts: string[] = [];
  const text = (x: number, y: number, size: number, content: string, attrs = '') =>
    `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-family="DejaVu Sans, sans-serif" font-size="${size}" ${attrs}>${escapeXml(content)}</text>`;
  // Ranks on the top cells (badges of radius 11), and each zone's centre.
  const numbered = spec.numberedCells ? new Set(spec.numberedCells) : undefined;
  const shown = spec.cells.filter((x) => (numbered ? numbered.has(x.cell) : x.rank <= spec.numbered));
  const list = listLayout(spec);
  const mapBottom = h - FOOTER - list.height;
  // A cross of arms from `inner` to `outer` pixels off the centre, white under the zone colour: small,
  // so that it never hides the cell it marks.
  const cross = (cx: number, cy: number, outer: number) => {
    const arms = [
      [1, 1],
      [1, -1],
      [-1, 1],
      [-1, -1],
    ]
      .map(([dx, dy]) => `M${cx + dx! * 2},${cy + dy! * 2}L${cx + dx! * outer},${cy + dy! * outer}`)
      .join('');
    return [
      `<path d="${arms}" stroke="#ffffff" stroke-width="4"/>`,
      `<path d="${arms}" stroke="${ZONE_COLOUR}" stroke-width="2"/>`,
    ];
  };
  parts.push(...districtLabels(spec, view, { width: w, top: HEADER, bottom: mapBottom }, text));
  const zoneMarks: Box[] = [];
  for (const z of spec.zones) {
    const [cx, cy] = view.project(z.centroid.lat, z.centroid.lon);
    parts.push(...cross(cx, cy, 6));
    // Its name above it.
    const [lx, ly] = [cx, cy - 22];
    zoneMarks.push(
      { left: lx - 18, top: ly - 11, right: lx + 18, bottom: ly + 9 },
      { left: cx - 6, top: cy - 6, right: cx + 6, bottom: cy + 6 },
    );
    parts.push(`<rect x="${lx - 18}" y="${ly - 11}" width="36" height="20" rx="4" fill="${ZONE_COLOUR}"/>`);
    parts.push(text(lx, ly + 4, 13, `Z${z.zone}`, 'text-anchor="middle" font-weight="bold" fill="#ffffff"'));
  }
  const badges = placeBadges(
    shown.map((c) => {
      const [lat, lon] = cellToLatLng(c.cell);
      return { rank: c.rank, at: view.project(lat, lon) };
    }),
    { left: 4, top: HEADER + 4, right: w - 4, bottom: mapBottom - 4 },
    BADGE_RADIUS,
    zoneMarks,
  );
  // Leader lines first, then the badges: a moved badge points at its cell, and a dot marks the cell.
  for (const b of badges.filter((x) => x.moved)) {
    const [[ax, ay], [bx, by]] = [b.anchor, b.at];
    const line = `M${ax.toFixed(1)},${ay.toFixed(1)}L${bx.toFixed(1)},${by.toFixed(1)}`;
    parts.push(`<path d="${line}" stroke="#ffffff" stroke-width="3.5"/>`);
    parts.push(`<path d="${line}" stroke="#222222" stroke-width="1.5"/>`);
    parts.push(
      `<circle cx="${ax.toFixed(1)}" cy="${ay.toFixed(1)}" r="2.5" fill="#222222" stroke="#ffffff" stroke-width="1"/>`,
    );
  }
  for (const { rank, at } of badges) {
    const [x, y] = at;
    parts.push(
      `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${BADGE_RADIUS}" fill="#ffffff" stroke="#222222" stroke-width="1.5"/>`,
    );
    parts.push(text(x, y + 4.5, 13, String(rank), 'text-anchor="middle" font-weight="bold" fill="#111111"'));
  }
  parts.push(...listPanel(spec, mapBottom, text));
  // Header: title and subtitle; DEMO DATA when the data is synthetic.
  parts.push(`<rect x="0" y="0" width="${w}" height="${HEADER}" fill="#ffffff" fill-opacity="0.92"/>`);
  // Title and subtitle shrink to the width (a phone's map is 400 px), then are cut with an ellipsis.
  const fitted = (content: string, largest: number, smallest: number, perChar: number) => {
    const room = w - (spec.demo ? 190 : 32);
    const size = Math.max(smallest, Math.min(largest, room / (content.length * perChar)));
    const fits = Math.floor(room / (size * perChar) + 1e-6);
    return { size, content: content.length > fits ? `${content.slice(0, fits - 1)}…` : content };
  };
  const title = fitted(spec.title, 22, 11, 0.62);
  const subtitle = fitted(spec.subtitle, 15, 10, 0.53);
  parts.push(text(16, 28, title.size, title.content, 'font-weight="bold" fill="#111111"'));
  parts.push(text(16, 52, subtitle.size, subtitle.content, 'fill="#333333"'));
  if (spec.demo) {
    parts.push(`<rect x="${w - 156}" y="14" width="140" height="36" rx="4" fill="#b00020"/>`);
    parts.push(text(w - 86, 38, 18, 'DEMO DATA', 'text-anchor="middle" font-weight="bold" fill="#ffffff"'));
    parts.push(
      text(
        w / 2,
        h / 2,
        96,
        'DEMO DATA',
        `text-anchor="middle" font-weight="bold" fill="#b00020" fill-opacity="0.10" transform="rotate(-20 ${w / 2} ${h / 2})"`,
      ),
    );
  }
  if (spec.cells.length === 0) {
    // An empty map would read as a quiet city; it is a forecast with nothing to show. Two lines fit a phone.
    const size = Math.min(20, Math.floor(w / 16));
    parts.push(
      text(
        w / 2,
        h / 2 - size * 0.7,
        size,
        'Nothing is expected',
        'text-anchor="middle" font-weight="bold" fill="#333333"',
      ),
      text(
        w / 2,
        h / 2 + size * 0.7,
        size,
        'anywhere in this window',
        'text-anchor="middle" font-weight="bold" fill="#333333"',
      ),
    );
  }
  if (spec.cells.length > 0) parts.push(...scaleBar(view, w - 16, mapBottom - 14, text));
  if (spec.staleAge) {
    // Above the legend on the left: clear of the title and of the basemap note, at any width.
    const label = `STALE DATA: ${spec.staleAge} old`;
    const bw = Math.round(label.length * 9.5 + 24);
    const by = mapBottom - 38;
    parts.push(`<rect x="16" y="${by}" width="${bw}" height="30" rx="4" fill="#8a4b00"/>`);
    parts.push(
      text(16 + bw / 2, by + 20, 15, label, 'text-anchor="middle" font-weight="bold" fill="#ffffff"'),
    );
  }
  // Footer: legend, zone key, attribution.
  parts.push(
    `<rect x="0" y="${h - FOOTER}" width="${w}" height="${FOOTER}" fill="#ffffff" fill-opacity="0.92"/>`,
  );
  let x = 16;
  parts.push(text(x, h - 17, 14, 'Risk:', 'font-weight="bold" fill="#111111"'));
  x += 48;
  for (const c of RISK_CLASSES) {
    parts.push(`<rect x="${x}" y="${h - 31}" width="22" height="18" fill="${c.colour}" stroke="#555555"/>`);
    parts.push(text(x + 28, h - 17, 14, c.label, 'fill="#111111"'));
    x += 28 + c.label.length * 8.5 + 18;
  }
  parts.push(
    `<rect x="${x}" y="${h - 31}" width="22" height="18" fill="none" stroke="${ZONE_COLOUR}" stroke-width="3"/>`,
  );
  parts.push(text(x + 28, h - 17, 14, 'patrol zone, × its centre (Z1 = highest risk)', 'fill="#111111"'));
  if (attribution) parts.push(text(w - 12, h - 17, 12, attribution, 'text-anchor="end" fill="#333333"'));
  if (note) {
    // A fixed place and colour: readers, and tests, find it there.
    parts.push(
      `<rect x="${w - 372}" y="${HEADER + 10}" width="360" height="30" rx="4" fill="#ffffff" stroke="${NOTE_COLOUR}" stroke-width="2"/>`,
    );
    parts.push(
      text(w - 192, HEADER + 30, 14, note, `text-anchor="middle" font-weight="bold" fill="${NOTE_COLOUR}"`),
    );
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">${parts.join('')}</svg>`;
}

const tileSource = (tiles: TileSettings) =>
  tiles.file ? localTiles(tiles.file) : httpTiles(tiles.url ?? '');

export async function renderMap(spec: MapSpec): Promise<RenderedMap> {
  const started = performance.now();
  const view = frame(spec);
  // Tiles and the vector layer at the same time: a silent tile server costs its deadline, not more.
  const [fetched, opaque] = await Promise.all([
    spec.tiles ? fetchBasemap(tileSource(spec.tiles), view, spec.tiles.deadlineMs) : undefined,
    vectorLayer(spec, view),
  ]);
  let base: Buffer | undefined;
  let basemap: RenderedMap['basemap'] = 'none';
  let note: string | undefined;
  if (fetched && 'image' in fetched) {
    base = fetched.image;
    basemap = 'tiles';
  } else {
    // No tile server configured says the same as a failed one: the reader sees no streets either way.
    if (fetched) basemap = 'unavailable';
    note = 'basemap unavailable';
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
      {
        input: Buffer.from(
          overlay(spec, view, note, basemap === 'tiles' ? spec.tiles?.attribution : undefined),
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
