// The study area: the cells a forecast ranks. Cells where incidents happened in the training data and
// their immediate neighbours, or the cells covering a configured boundary. Each cell's true area is
// known, so PAI is exact.
import { cellArea, cellToLatLng, gridDiskDistances, polygonToCells } from 'h3-js';
import type { Jurisdiction } from '../ingest/jurisdiction.ts';
import type { IncidentTable } from './history.ts';
import { tableMemo } from './table-memo.ts';

export interface StudyArea {
  /** H3 ids, sorted: the numbering used by features, scores and metrics. */
  cells: string[];
  index: Map<string, number>;
  /** For each study cell, its number in the incident table, or -1 when it never had an incident. */
  tableCell: Int32Array;
  areaKm2: Float64Array;
  totalAreaKm2: number;
  /** Table cell numbers of the neighbours at grid distance 1 and 2 that ever had incidents. */
  ring1: Int32Array[];
  ring2: Int32Array[];
  centers: [lat: number, lon: number][];
}

interface CellFacts {
  ring1: Int32Array;
  ring2: Int32Array;
  areaKm2: number;
  centre: [lat: number, lon: number];
}

// What a cell's place on the grid says, once per table (see table-memo.ts).
const facts = tableMemo<CellFacts>();

const cellFacts = (cell: string, table: IncidentTable): CellFacts =>
  facts(table, cell, () => {
    const [, one = [], two = []] = gridDiskDistances(cell, 2);
    const known = (ids: string[]) =>
      Int32Array.from(ids.map((id) => table.cellIndex.get(id) ?? -1).filter((i) => i >= 0));
    return {
      ring1: known(one),
      ring2: known(two),
      areaKm2: cellArea(cell, 'km2'),
      centre: cellToLatLng(cell),
    };
  });

/**
 * Cells with incidents between from and to, with their neighbours; or the boundary's cells when a
 * polygon jurisdiction is configured.
 */
export function buildStudyArea(
  table: IncidentTable,
  range: { from: number; to: number },
  boundary?: Jurisdiction,
): StudyArea {
  const ids = new Set<string>();
  if (boundary?.kind === 'polygons') {
    for (const polygon of boundary.polygons) {
      const rings = polygon.map((ring) => ring.map(([lon, lat]) => [lon, lat]));
      for (const c of polygonToCells(rings, table.resolution, true)) ids.add(c);
    }
  } else {
    const used = new Uint8Array(table.cells.length);
    for (let i = 0; i < table.time.length; i++) {
      const t = table.time[i]!;
      if (t >= range.from && t < range.to) used[table.cell[i]!] = 1;
    }
    for (let c = 0; c < used.length; c++) {
      if (!used[c]) continue;
      for (const ring of gridDiskDistances(table.cells[c]!, 1)) for (const id of ring) ids.add(id);
    }
  }
  const cells = [...ids].sort();
  const index = new Map(cells.map((c, i) => [c, i]));
  const tableCell = Int32Array.from(cells.map((c) => table.cellIndex.get(c) ?? -1));
  const known = cells.map((c) => cellFacts(c, table));
  const areaKm2 = Float64Array.from(known, (k) => k.areaKm2);
  const ring1 = known.map((k) => k.ring1);
  const ring2 = known.map((k) => k.ring2);
  return {
    cells,
    index,
    tableCell,
    areaKm2,
    totalAreaKm2: areaKm2.reduce((s, a) => s + a, 0),
    ring1,
    ring2,
    centers: known.map((k) => k.centre),
  };
}
