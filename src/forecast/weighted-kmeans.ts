// k-means with a weight per point (kmeans++ start, seeded): a place expecting twice the incidents pulls
// its zone's centre twice as hard, without entering it twice.
import { createRandom } from '../random.ts';

type Point = readonly [number, number];

const distance2 = (a: Point, b: Point) => (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2;

function nearest(point: Point, centres: Point[]): number {
  let best = 0;
  for (let c = 1; c < centres.length; c++) {
    if (distance2(point, centres[c]!) < distance2(point, centres[best]!)) best = c;
  }
  return best;
}

/**
 * Each point's cluster, 0 to k-1 (fewer clusters when there are fewer distinct points than k): the best
 * of several seeded starts, by weighted squared distance to the centres, since one start can settle on a
 * poor split (two hotspots in one zone, another zone with none).
 */
export function weightedKmeans(
  points: readonly Point[],
  weights: readonly number[],
  k: number,
  seed = 1,
  starts = 8,
): number[] {
  let best: { assigned: number[]; cost: number } | undefined;
  for (let s = 0; s < starts; s++) {
    const run = oneStart(points, weights, k, seed + s * 7919);
    if (!best || run.cost < best.cost - 1e-12) best = run;
  }
  return best!.assigned;
}

function oneStart(
  points: readonly Point[],
  weights: readonly number[],
  k: number,
  seed = 1,
  maxIterations = 100,
): { assigned: number[]; cost: number } {
  const random = createRandom(seed);
  // kmeans++: the first centre drawn by weight, each next by weight × squared distance to the nearest.
  const centres: Point[] = [points[random.weighted(weights)]!];
  while (centres.length < k) {
    const pull = points.map((p, i) => weights[i]! * distance2(p, centres[nearest(p, centres)]!));
    if (!pull.some((x) => x > 0)) break;
    centres.push(points[random.weighted(pull)]!);
  }
  let assigned = points.map((p) => nearest(p, centres));
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    for (let c = 0; c < centres.length; c++) {
      let x = 0;
      let y = 0;
      let w = 0;
      assigned.forEach((a, i) => {
        if (a !== c) return;
        x += points[i]![0] * weights[i]!;
        y += points[i]![1] * weights[i]!;
        w += weights[i]!;
      });
      // A centre that lost every point stays where it was.
      if (w > 0) centres[c] = [x / w, y / w];
    }
    const next = points.map((p) => nearest(p, centres));
    if (next.every((a, i) => a === assigned[i])) break;
    assigned = next;
  }
  const cost = assigned.reduce((sum, c, i) => sum + weights[i]! * distance2(points[i]!, centres[c]!), 0);
  return { assigned, cost };
}
