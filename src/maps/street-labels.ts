// Street names along their lines: each at the first spot along the street's longest visible part where
// it fits inside the map and clear of the badges, zone marks and names already placed; a name with no
// such spot is left off rather than drawn over a place.
import { type Box, fitsFree } from './badge-layout.ts';
import type { Projection, SvgText } from './map-furniture.ts';
import type { MapSpec } from './spec.ts';

const SIZE = 12;
/** Roughly how wide a character of the label is at SIZE (DejaVu Sans, italic). */
const CHAR_WIDTH = 7;
const ALONG = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9];

/** The visible stretches of a projected polyline (the points inside the box). */
function visibleRuns(points: [number, number][], area: Box): [number, number][][] {
  const runs: [number, number][][] = [];
  let run: [number, number][] = [];
  for (const p of points) {
    if (p[0] >= area.left && p[0] <= area.right && p[1] >= area.top && p[1] <= area.bottom) run.push(p);
    else if (run.length > 0) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

const runLength = (run: [number, number][]) =>
  run.slice(1).reduce((sum, p, i) => sum + Math.hypot(p[0] - run[i]![0], p[1] - run[i]![1]), 0);

/** The point a fraction of the way along a run, and the direction of the street there. */
function along(run: [number, number][], fraction: number): { at: [number, number]; angle: number } {
  let left = runLength(run) * fraction;
  for (let i = 1; i < run.length; i++) {
    const [a, b] = [run[i - 1]!, run[i]!];
    const step = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (left <= step || i === run.length - 1) {
      const t = step === 0 ? 0 : Math.min(1, left / step);
      // From a few points either side: one block's jitter should not tilt the name.
      const [from, to] = [run[Math.max(0, i - 3)]!, run[Math.min(run.length - 1, i + 2)]!];
      let angle = (Math.atan2(to[1] - from[1], to[0] - from[0]) * 180) / Math.PI;
      if (angle > 90) angle -= 180;
      if (angle < -90) angle += 180;
      return { at: [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t], angle };
    }
    left -= step;
  }
  return { at: run[0]!, angle: 0 };
}

/** The box a label of `width` covers when turned by `angle` degrees about its centre. */
function labelBox([x, y]: [number, number], width: number, angle: number): Box {
  const r = (angle * Math.PI) / 180;
  const hw = (Math.abs(Math.cos(r)) * width + Math.abs(Math.sin(r)) * SIZE) / 2;
  const hh = (Math.abs(Math.sin(r)) * width + Math.abs(Math.cos(r)) * SIZE) / 2;
  return { left: x - hw, top: y - hh, right: x + hw, bottom: y + hh };
}

/** Names placed are added to `taken`. */
export function streetLabels(
  spec: MapSpec,
  view: Projection,
  area: Box,
  taken: Box[],
  text: SvgText,
): string[] {
  const out: string[] = [];
  for (const street of spec.streets ?? []) {
    const runs = street.lines.flatMap((line) =>
      visibleRuns(
        line.map(([lon, lat]) => view.project(lat, lon)),
        area,
      ),
    );
    const width = street.name.length * CHAR_WIDTH + 6;
    // Along the longest visible stretch first, then the others.
    const spots = runs
      .filter((run) => runLength(run) >= width)
      .sort((a, b) => runLength(b) - runLength(a))
      .flatMap((run) => ALONG.map((fraction) => along(run, fraction)));
    for (const { at, angle } of spots) {
      const box = labelBox(at, width, angle);
      if (!fitsFree(box, area, taken)) continue;
      taken.push(box);
      const [x, y] = at;
      out.push(
        text(
          x,
          y + SIZE * 0.35,
          SIZE,
          street.name,
          `text-anchor="middle" font-style="italic" fill="#333333" stroke="#ffffff" stroke-width="3" paint-order="stroke" transform="rotate(${angle.toFixed(1)} ${x.toFixed(1)} ${y.toFixed(1)})"`,
        ),
      );
      break;
    }
  }
  return out;
}
