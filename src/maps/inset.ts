// An enlarged inset for a dense cluster of numbered places: when the places lie across a city, the map
// is city-scale and a cluster's badges crowd one patch; the inset draws that patch again, closer, in a
// free corner, with its streets and names, and a box on the map shows where it is.
import { cellToLatLng } from 'h3-js';
import { type Box, overlaps } from './badge-layout.ts';
import { frame, frameArea, mapAreaOf, numberedOf } from './frame.ts';
import { dataNoteBox, type Projection, type SvgText } from './map-furniture.ts';
import type { MapSpec } from './spec.ts';

export interface Inset {
  /** Where the inset is drawn on the map. */
  box: Box;
  /** The inset's area on the map, outlined so that the reader can find it. */
  outline: Box;
  spec: MapSpec;
}

/** Places closer than this on the map count as one cluster. */
const CLUSTER_PX = 90;
const MIN_PLACES = 3;
/** An inset must be at least this many zoom levels closer (each doubles the scale). */
const MIN_GAIN = 1;
/** Smaller than this, an inset shows too little to be worth its place. */
const MIN_WIDTH = 180;
const MIN_HEIGHT = 140;

/** The biggest group of numbered places within CLUSTER_PX of one of them, best rank first on ties. */
function densestCluster(spec: MapSpec, view: Projection): string[] {
  const places = numberedOf(spec)
    .sort((a, b) => a.rank - b.rank)
    .map((c) => {
      const [lat, lon] = cellToLatLng(c.cell);
      return { cell: c.cell, at: view.project(lat, lon) };
    });
  let best: string[] = [];
  for (const p of places) {
    const near = places.filter((q) => Math.hypot(q.at[0] - p.at[0], q.at[1] - p.at[1]) <= CLUSTER_PX);
    if (near.length > best.length) best = near.map((q) => q.cell);
  }
  return best;
}

/** The inset for a map, or undefined when no cluster needs one or no strip is free for it. */
export function planInset(spec: MapSpec, view: Projection & { zoom: number }): Inset | undefined {
  if (spec.inset) return undefined;
  const cluster = densestCluster(spec, view);
  if (cluster.length < MIN_PLACES) return undefined;
  const area = mapAreaOf(spec);
  // Each strip must be clear of every numbered place and zone centre, and of the patch it enlarges.
  const marks: Box[] = [
    ...numberedOf(spec).map((c) => cellToLatLng(c.cell) as [number, number]),
    ...spec.zones.map((z): [number, number] => [z.centroid.lat, z.centroid.lon]),
  ].map(([lat, lon]) => {
    const [x, y] = view.project(lat, lon);
    return { left: x - 30, top: y - 30, right: x + 30, bottom: y + 30 };
  });
  // The room the frame leaves beside the places: down a side when it is limited by its height (a wide
  // map of a city), above or below when it is limited by its width (a phone). The top keeps clear of
  // the basemap note, the bottom of the scale bar.
  const [minX, maxX] = [Math.min(...marks.map((m) => m.left)), Math.max(...marks.map((m) => m.right))];
  const [minY, maxY] = [Math.min(...marks.map((m) => m.top)), Math.max(...marks.map((m) => m.bottom))];
  const [top, bottom] = [area.top + 48, area.bottom - 40];
  const dataNote = dataNoteBox(spec, area.bottom + 4);
  const [width, height] = [area.right - area.left, bottom - top];
  const strips: Box[] = [
    {
      left: area.left + 8,
      top: area.top + 8,
      right: Math.min(minX - 8, area.left + 8 + width * 0.4),
      bottom,
    },
    { left: Math.max(maxX + 8, area.right - 8 - width * 0.4), top, right: area.right - 8, bottom },
    { left: area.left + 8, top: Math.max(maxY + 8, bottom - height * 0.5), right: area.right - 8, bottom },
    { left: area.left + 8, top, right: area.right - 8, bottom: Math.min(minY - 8, top + height * 0.5) },
  ]
    // A strip reaching the "data to" note stops above it: the note would hide the inset's scale bar.
    .map((b) =>
      dataNote && overlaps(b, dataNote) ? { ...b, bottom: Math.min(b.bottom, dataNote.top - 6) } : b,
    )
    .map((b) => ({
      left: Math.round(b.left),
      top: Math.round(b.top),
      right: Math.round(b.right),
      bottom: Math.round(b.bottom),
    }))
    .filter((b) => b.right - b.left >= MIN_WIDTH && b.bottom - b.top >= MIN_HEIGHT);
  let best: (Inset & { zoom: number }) | undefined;
  const [cx, cy] = [(minX + maxX) / 2, (minY + maxY) / 2];
  for (const strip of strips) {
    if (marks.some((m) => overlaps(m, strip))) continue;
    // The dashed box on the map is exactly the ground the inset shows, so it must stay clear of the
    // inset: a strip whose ground reaches under it gives way from the side nearest the places.
    for (let step = 0, box = strip; step < 6; step++) {
      const insetSpec: MapSpec = {
        ...spec,
        width: Math.round(box.right - box.left),
        height: Math.round(box.bottom - box.top),
        inset: true,
        numberedCells: cluster,
        framedCells: cluster,
        list: undefined,
        staleAge: undefined,
      };
      if (insetSpec.width < MIN_WIDTH || insetSpec.height < MIN_HEIGHT) break;
      const zoom = frame(insetSpec).zoom;
      if (zoom < view.zoom + MIN_GAIN || (best && zoom <= best.zoom)) break;
      const shown = frameArea(insetSpec);
      const [left, top] = view.project(shown.north, shown.west);
      const [right, bottom] = view.project(shown.south, shown.east);
      const outline = { left, top, right, bottom };
      if (!overlaps(box, outline)) {
        best = { box, outline, spec: insetSpec, zoom };
        break;
      }
      const dx = (box.right - box.left) * 0.12;
      const dy = (box.bottom - box.top) * 0.12;
      box = {
        left: Math.round(cx < box.left ? box.left + dx : box.left),
        right: Math.round(cx > box.right ? box.right - dx : box.right),
        top: Math.round(cy < box.top ? box.top + dy : box.top),
        bottom: Math.round(cy > box.bottom ? box.bottom - dy : box.bottom),
      };
    }
  }
  if (!best) return undefined;
  // Every numbered place on the ground the inset shows carries its number there, not the cluster's
  // alone: a place beside the cluster would read as an unmarked hotspot.
  const seen = frameArea(best.spec);
  const onGround = numberedOf(spec)
    .filter((c) => {
      const [lat, lon] = cellToLatLng(c.cell);
      return lat >= seen.south && lat <= seen.north && lon >= seen.west && lon <= seen.east;
    })
    .map((c) => c.cell);
  const { zoom: _, ...inset } = best;
  return { ...inset, spec: { ...inset.spec, numberedCells: onGround } };
}

/** The box on the map round the places the inset enlarges, and the inset's border and name. */
export function insetFrame(inset: Inset, text: SvgText): string[] {
  const { box, outline } = inset;
  const rect = (b: Box, attrs: string) =>
    `<rect x="${b.left.toFixed(1)}" y="${b.top.toFixed(1)}" width="${(b.right - b.left).toFixed(1)}" height="${(b.bottom - b.top).toFixed(1)}" ${attrs}/>`;
  return [
    rect(outline, 'fill="none" stroke="#ffffff" stroke-width="4"'),
    rect(outline, 'fill="none" stroke="#222222" stroke-width="1.5" stroke-dasharray="6 4"'),
    rect(box, 'fill="none" stroke="#222222" stroke-width="2"'),
    text(
      box.left + 8,
      box.top + 18,
      12,
      'enlarged: the dashed box',
      'font-weight="bold" fill="#222222" stroke="#ffffff" stroke-width="3" paint-order="stroke"',
    ),
  ];
}
