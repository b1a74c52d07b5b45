// What a map carries besides the forecast: the numbered places' list, a scale bar and district names.
// Each returns SVG fragments for the overlay, drawn with the overlay's own text function.

import { districtTag } from '../geo/district-tag.ts';
import { type Box, fitsFree } from './badge-layout.ts';
import type { MapSpec } from './spec.ts';

export type SvgText = (x: number, y: number, size: number, content: string, attrs?: string) => string;

/** What the overlay needs of the map's projection. */
export interface Projection {
  zoom: number;
  centerY: number;
  project: (lat: number, lon: number) => [number, number];
}

const LIST_LINE = 19;

/** Where the "data to …" note sits on a map: bottom right, above the scale bar (mapBottom: the list's top). */
export function dataNoteBox(spec: Pick<MapSpec, 'width' | 'dataAsOf'>, mapBottom: number): Box | undefined {
  if (!spec.dataAsOf) return undefined;
  const width = Math.round(`data to ${spec.dataAsOf}`.length * 6.8 + 10);
  return {
    left: spec.width - 12 - width,
    top: mapBottom - 62,
    right: spec.width - 12,
    bottom: mapBottom - 42,
  };
}

/** The list's columns and height: two columns on a wide map, one on a phone. */
export function listLayout(spec: Pick<MapSpec, 'width' | 'list'>) {
  const n = spec.list?.length ?? 0;
  const columns = spec.width >= 900 ? 2 : 1;
  const rows = Math.ceil(n / columns);
  return { columns, rows, height: n > 0 ? rows * LIST_LINE + 12 : 0 };
}

/** The numbered places by name under the map: what an officer reads on a phone, where badges are small. */
export function listPanel(spec: MapSpec, mapBottom: number, text: SvgText): string[] {
  const out: string[] = [];
  const w = spec.width;
  const list = listLayout(spec);
  if (spec.list && spec.list.length > 0) {
    // The numbered places by name: what an officer reads on a phone, where badges are small.
    out.push(`<rect x="0" y="${mapBottom}" width="${w}" height="${list.height}" fill="#ffffff"/>`);
    const columnWidth = w / list.columns;
    const fits = Math.max(10, Math.floor((columnWidth - 48) / 7.6));
    spec.list.forEach((item, i) => {
      const column = Math.floor(i / list.rows);
      const row = i % list.rows;
      const x = 16 + column * columnWidth;
      const y = mapBottom + 20 + row * LIST_LINE;
      // Too long for the column: the cross street goes first ("…, near X"), and only then letters.
      const short = item.name.length > fits ? item.name.split(', near ')[0]! : item.name;
      const name = short.length > fits ? `${short.slice(0, fits - 1)}…` : short;
      out.push(text(x, y, 14, `${item.number}.`, 'font-weight="bold" fill="#111111"'));
      out.push(text(x + 30, y, 14, name, 'fill="#111111"'));
    });
  }
  return out;
}

/**
 * Each district's name under the middle of its largest ring (badges sit on and above places), where it
 * fits inside `area` clear of what is `taken`; each name placed is added to `taken`.
 */
export function districtLabels(
  spec: MapSpec,
  view: Projection,
  area: Box,
  taken: Box[],
  text: SvgText,
): string[] {
  const out: string[] = [];
  for (const d of spec.districts) {
    if (d.named === false) continue;
    const ring = d.rings.reduce((a, b) => (b.length > a.length ? b : a), d.rings[0] ?? []);
    if (ring.length === 0) continue;
    const points = ring.map(([lon, lat]) => view.project(lat, lon));
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    const mid = xs.reduce((a, b) => a + b, 0) / xs.length;
    const name = districtTag(d.name);
    const half = (name.length * 8.5) / 2 + 2;
    // Below the outline, else above it, else to its right or left: the first spot that is free.
    const spots: [number, number][] = [
      [mid, Math.max(...ys) + 16],
      [mid, Math.min(...ys) - 6],
      [Math.max(...xs) + half + 4, (Math.min(...ys) + Math.max(...ys)) / 2 + 5],
      [Math.min(...xs) - half - 4, (Math.min(...ys) + Math.max(...ys)) / 2 + 5],
    ];
    const spot = spots
      .map(([x, y]) => ({ x, y, box: { left: x - half, top: y - 12, right: x + half, bottom: y + 4 } }))
      .find(({ box }) => fitsFree(box, area, taken));
    if (!spot) continue;
    const { x, y, box } = spot;
    taken.push(box);
    out.push(
      text(
        x,
        y,
        13,
        name,
        'text-anchor="middle" font-weight="bold" fill="#5b3f8c" stroke="#ffffff" stroke-width="3" paint-order="stroke"',
      ),
    );
  }
  return out;
}

/** Latitude of a tile-space y at a zoom (Web Mercator). */
export const yToLat = (y: number, zoom: number) =>
  (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 2 ** zoom))) / Math.PI) * 180;

const NICE_METRES = [50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000];

/** A scale bar ending at (right, y): the longest round distance that fits in 120 px. */
export function scaleBar(view: Projection, right: number, y: number, text: SvgText): string[] {
  const lat = yToLat(view.centerY, view.zoom);
  const metresPerPixel = (156_543.03 * Math.cos((lat * Math.PI) / 180)) / 2 ** view.zoom;
  const metres = [...NICE_METRES].reverse().find((m) => m / metresPerPixel <= 120) ?? NICE_METRES[0]!;
  const px = metres / metresPerPixel;
  const label = metres >= 1000 ? `${metres / 1000} km` : `${metres} m`;
  const left = right - px;
  const bar = `M${left.toFixed(1)},${(y - 5).toFixed(1)}V${y}H${right}V${y - 5}`;
  return [
    `<path d="${bar}" fill="none" stroke="#ffffff" stroke-width="5"/>`,
    `<path d="${bar}" fill="none" stroke="#222222" stroke-width="2"/>`,
    text(
      right - px / 2,
      y - 9,
      12,
      label,
      'text-anchor="middle" fill="#222222" stroke="#ffffff" stroke-width="3" paint-order="stroke"',
    ),
  ];
}
