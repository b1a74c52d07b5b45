// Where a map looks: the zoom and centre that fit its numbered places and zones between the header and
// the list, and the geographic box that shows. Plain arithmetic, shared by the renderer and by the
// queries that gather what the map draws (its streets).
import { cellToBoundary } from 'h3-js';
import type { Box } from './badge-layout.ts';
import { listLayout, yToLat } from './map-furniture.ts';
import type { MapSpec } from './spec.ts';

export interface Viewport {
  width: number;
  height: number;
  zoom: number;
  /** Centre in tile units at this zoom. */
  centerX: number;
  centerY: number;
}

export const TILE_SIZE = 256;

export const HEADER = 64;
export const FOOTER = 44;
const MARGIN = 24;
export const BADGE_RADIUS = 11;
const MAX_ZOOM = 15;

/** The cells that carry a rank. */
export const numberedOf = (spec: MapSpec) => {
  const numbered = spec.numberedCells ? new Set(spec.numberedCells) : undefined;
  return spec.cells.filter((x) => (numbered ? numbered.has(x.cell) : x.rank <= spec.numbered));
};

const lonToX = (lon: number, zoom: number) => ((lon + 180) / 360) * 2 ** zoom;
const latToY = (lat: number, zoom: number) =>
  ((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) *
  2 ** zoom;

/** The part of the image the map shows: between header and list, or all of an inset. */
export function mapAreaOf(spec: MapSpec): Box {
  if (spec.inset) return { left: 0, top: 0, right: spec.width, bottom: spec.height };
  const bottom = spec.height - FOOTER - listLayout(spec).height;
  return { left: 4, top: HEADER + 4, right: spec.width - 4, bottom: bottom - 4 };
}

/** The largest zoom at which the features fit between header and footer, and the centre to use. */
export function frame(spec: MapSpec): Viewport & { project: (lat: number, lon: number) => [number, number] } {
  // The numbered places and the zones fill the picture: framing every drawn cell would shrink a city's
  // hotspots to dots. Other cells show where they fall inside.
  const points: [number, number][] = [];
  const fitted = spec.framedCells ? new Set(spec.framedCells) : undefined;
  const numbered = numberedOf(spec);
  const framed = fitted
    ? spec.cells.filter((c) => fitted.has(c.cell))
    : numbered.length > 0
      ? numbered
      : spec.cells;
  for (const c of framed) for (const [lat, lon] of cellToBoundary(c.cell)) points.push([lat, lon]);
  // An inset frames its cluster and the zones that hold it, not every zone in the city.
  const held = new Set(framed.map((c) => c.cell));
  for (const z of spec.zones) {
    if (!spec.inset || z.cells.some((c) => held.has(c))) points.push([z.centroid.lat, z.centroid.lon]);
  }
  // An answer for one district shows all of it, so that its places read against its outline.
  const focus = spec.inset ? undefined : spec.districts.find((d) => d.name === spec.focusDistrict);
  for (const ring of focus?.rings ?? []) for (const [lon, lat] of ring) points.push([lat, lon]);
  if (points.length === 0) points.push([0, 0]);
  const south = Math.min(...points.map((p) => p[0]));
  const north = Math.max(...points.map((p) => p[0]));
  const west = Math.min(...points.map((p) => p[1]));
  const east = Math.max(...points.map((p) => p[1]));
  // Room for the badges that move aside at the edges.
  const area = mapAreaOf(spec);
  // An inset is all map, and its neighbours are not its business: thinner margins.
  const margin = spec.inset ? 8 + BADGE_RADIUS : MARGIN + 2 * BADGE_RADIUS;
  const usableW = area.right - area.left - 2 * margin;
  const usableH = area.bottom - area.top - 2 * margin;
  // No closer than a few kilometres across: an officer needs the streets around a place, not its cell.
  let zoom = MAX_ZOOM;
  while (zoom > 1) {
    const w = (lonToX(east, zoom) - lonToX(west, zoom)) * TILE_SIZE;
    const h = (latToY(south, zoom) - latToY(north, zoom)) * TILE_SIZE;
    if (w <= usableW && h <= usableH) break;
    zoom--;
  }
  // Centre the features in the space between the header and the footer.
  const midX = (lonToX(west, zoom) + lonToX(east, zoom)) / 2;
  const above = area.top;
  const below = spec.height - area.bottom;
  const midY = (latToY(north, zoom) + latToY(south, zoom)) / 2 - (above - below) / 2 / TILE_SIZE;
  const project = (lat: number, lon: number): [number, number] => [
    (lonToX(lon, zoom) - midX) * TILE_SIZE + spec.width / 2,
    (latToY(lat, zoom) - midY) * TILE_SIZE + spec.height / 2,
  ];
  return { width: spec.width, height: spec.height, zoom, centerX: midX, centerY: midY, project };
}

export const xToLon = (x: number, zoom: number) => (x / 2 ** zoom) * 360 - 180;

/** The geographic box a map shows, from its framing. */
export function frameArea(spec: MapSpec): { south: number; west: number; north: number; east: number } {
  const view = frame(spec);
  const tileX = (px: number) => view.centerX + (px - spec.width / 2) / TILE_SIZE;
  const tileY = (py: number) => view.centerY + (py - spec.height / 2) / TILE_SIZE;
  return {
    west: xToLon(tileX(0), view.zoom),
    east: xToLon(tileX(spec.width), view.zoom),
    north: yToLat(tileY(0), view.zoom),
    south: yToLat(tileY(spec.height), view.zoom),
  };
}
