// District outlines from the incidents themselves, where no boundary file is loaded: each cell belongs
// to the district its incidents name most often, and the outline around a place is the edge of the
// connected cells of its district that hold it. Rough at the edges (only cells with incidents count),
// but it is what the data say, and it always surrounds the place it is drawn for.
import { cellsToMultiPolygon, gridDisk } from 'h3-js';
import type { Database } from '../db/client.ts';
import type { DistrictOutline } from './district-boundaries.ts';
import { districtsOf } from './districts.ts';

export async function districtOutlinesAround(
  database: Database,
  cells: string[],
  places: string[],
): Promise<DistrictOutline[]> {
  const districts = await districtsOf(database, cells);
  const done = new Set<string>();
  const out: DistrictOutline[] = [];
  for (const place of places) {
    const name = districts.get(place);
    if (!name || done.has(place)) continue;
    // The place's district cells reachable from it, neighbour by neighbour.
    const component = new Set([place]);
    const queue = [place];
    while (queue.length > 0) {
      for (const next of gridDisk(queue.pop()!, 1)) {
        if (!component.has(next) && districts.get(next) === name) {
          component.add(next);
          queue.push(next);
        }
      }
    }
    for (const c of component) done.add(c);
    out.push({
      name,
      rings: cellsToMultiPolygon([...component], true).map((polygon) => polygon[0] as [number, number][]),
    });
  }
  return out;
}
