// A city-scale map with a dense cluster of places draws the cluster again, closer, in a free strip.
import { cellToLatLng, latLngToCell } from 'h3-js';
import sharp from 'sharp';
import { expect, test } from 'vitest';
import { overlaps } from '../../src/maps/badge-layout.ts';
import { frame, frameArea, mapAreaOf } from '../../src/maps/frame.ts';
import { planInset } from '../../src/maps/inset.ts';
import { dataNoteBox } from '../../src/maps/map-furniture.ts';
import { renderMap } from '../../src/maps/render-map.ts';
import { type MapSpec, riskClass } from '../../src/maps/spec.ts';

/** Places at these points, ranked in order, on a 1200x800 map. */
function specAt(points: [number, number][], overrides: Partial<MapSpec> = {}): MapSpec {
  const cells = points.map(([lat, lon], i) => ({
    cell: latLngToCell(lat, lon, 9),
    rank: i + 1,
    riskClass: riskClass(i + 1, 1000),
  }));
  return {
    width: 1200,
    height: 800,
    title: 'Harbor PD: hotspots',
    subtitle: 'all incidents',
    cells,
    numbered: cells.length,
    zones: [],
    districts: [],
    demo: false,
    ...overrides,
  };
}

// Five places within 2 km of each other in the middle, and three 20–30 km out: the map is city-scale.
const CLUSTER: [number, number][] = [
  [29.76, -95.37],
  [29.765, -95.36],
  [29.752, -95.378],
  [29.77, -95.372],
  [29.757, -95.355],
];
const OUTLYING: [number, number][] = [
  [29.98, -95.4],
  [29.55, -95.2],
  [29.6, -95.5],
];

test('a dense cluster on a city-scale map gets an inset: closer, clear of every place, inside the map', () => {
  const spec = specAt([...CLUSTER, ...OUTLYING]);
  const view = frame(spec);
  const inset = planInset(spec, view);
  expect(inset).toBeDefined();
  const { box, outline, spec: enlarged } = inset!;
  expect(enlarged.numberedCells).toHaveLength(5);
  expect(frame(enlarged).zoom).toBeGreaterThan(view.zoom);
  expect(box.left).toBeGreaterThanOrEqual(0);
  expect(box.right).toBeLessThanOrEqual(spec.width);
  expect(box.top).toBeGreaterThanOrEqual(64);
  // No place of the main map lies under it, and the box it enlarges is not under it either.
  for (const c of spec.cells) {
    const [x, y] = view.project(...cellToLatLng(c.cell));
    expect(overlaps(box, { left: x - 11, top: y - 11, right: x + 11, bottom: y + 11 })).toBe(false);
  }
  expect(overlaps(box, outline)).toBe(false);
  // Every cluster place inside the box that marks it on the main map.
  for (const [lat, lon] of CLUSTER) {
    const [x, y] = view.project(lat, lon);
    expect(x > outline.left && x < outline.right && y > outline.top && y < outline.bottom).toBe(true);
  } // The dashed box marks exactly what the inset shows: the same shape as the inset, and the inset's
  // own corners fall on its corners.
  const aspect = (b: { left: number; right: number; top: number; bottom: number }) =>
    (b.right - b.left) / (b.bottom - b.top);
  expect(aspect(outline) / aspect(box)).toBeCloseTo(1, 1);
  const seen = frameArea(enlarged);
  const corner = view.project(seen.south, seen.east);
  expect(Math.abs(corner[0] - outline.right) + Math.abs(corner[1] - outline.bottom)).toBeLessThan(2);
});

test('the inset is drawn: its border shows on the image where it was planned', async () => {
  const spec = specAt([...CLUSTER, ...OUTLYING]);
  const { box } = planInset(spec, frame(spec))!;
  const map = await renderMap(spec);
  const { data, info } = await sharp(map.png).raw().toBuffer({ resolveWithObject: true });
  const dark = (x: number, y: number) => {
    const at = (Math.round(y) * info.width + Math.round(x)) * info.channels;
    return data[at]! < 80 && data[at + 1]! < 80 && data[at + 2]! < 80;
  };
  // The left and right edges of the border, half way down.
  const mid = (box.top + box.bottom) / 2;
  expect(dark(box.left, mid) || dark(box.left - 1, mid)).toBe(true);
  expect(dark(box.right, mid) || dark(box.right + 1, mid)).toBe(true);
});

test('places spread evenly get no inset', () => {
  const spread: [number, number][] = [
    [29.6, -95.6],
    [29.9, -95.6],
    [29.6, -95.2],
    [29.9, -95.2],
    [29.75, -95.4],
  ];
  const even = specAt(spread);
  expect(planInset(even, frame(even))).toBeUndefined();
});

test('on a phone-sized map the inset runs across the map, above or below the places', () => {
  // Outlying places east and west: a narrow map is then limited by its width, and has room above and below.
  const eastWest: [number, number][] = [
    [29.77, -95.7],
    [29.75, -95.05],
    [29.78, -95.6],
  ];
  const phone = specAt([...CLUSTER, ...eastWest], { width: 400, height: 760 });
  const view = frame(phone);
  const inset = planInset(phone, view)!;
  expect(inset).toBeDefined();
  expect(inset.box.right - inset.box.left).toBeGreaterThan(350);
  expect(frame(inset.spec).zoom).toBeGreaterThan(view.zoom);
  for (const c of phone.cells) {
    const [x, y] = view.project(...cellToLatLng(c.cell));
    expect(overlaps(inset.box, { left: x - 11, top: y - 11, right: x + 11, bottom: y + 11 })).toBe(false);
  }
});

test("every numbered place on the ground the inset shows carries its number there, not the cluster's alone", () => {
  const eastWest: [number, number][] = [
    [29.77, -95.7],
    [29.75, -95.05],
    [29.78, -95.6],
  ];
  // A place beside the cluster, too far to be one of it, on the ground the inset enlarges all the same.
  const phone = specAt([...CLUSTER, [29.76, -95.3], ...eastWest], { width: 400, height: 760 });
  const inset = planInset(phone, frame(phone))!;
  const seen = frameArea(inset.spec);
  const onGround = phone.cells
    .filter((c) => {
      const [lat, lon] = cellToLatLng(c.cell);
      return lat >= seen.south && lat <= seen.north && lon >= seen.west && lon <= seen.east;
    })
    .map((c) => c.cell);
  expect(onGround.length).toBeGreaterThan(inset.spec.framedCells!.length);
  expect([...inset.spec.numberedCells!].sort()).toEqual([...onGround].sort());
  // The inset is still fitted to its cluster: the dashed box on the map shows what it shows.
  expect(frame(inset.spec).zoom).toBe(frame({ ...inset.spec, numberedCells: inset.spec.framedCells }).zoom);
});

test('an inset keeps clear of the "data to" note, so its own scale bar shows', () => {
  const eastWest: [number, number][] = [
    [29.77, -95.7],
    [29.75, -95.05],
    [29.78, -95.6],
  ];
  for (const spec of [
    specAt([...CLUSTER, ...OUTLYING], { dataAsOf: '2010-08-31 23:00' }),
    specAt([...CLUSTER, ...eastWest], { width: 400, height: 760, dataAsOf: '2010-08-31 23:00' }),
    specAt([...CLUSTER, ...eastWest], { width: 720, height: 1080, dataAsOf: '2010-08-31 23:00' }),
  ]) {
    const inset = planInset(spec, frame(spec));
    expect(inset).toBeDefined();
    const note = dataNoteBox(spec, mapAreaOf(spec).bottom + 4)!;
    expect(overlaps(inset!.box, note)).toBe(false);
  }
});
