// The fairness report: which places a model flags (its top 5% of cells, the coverage the field's hit
// rate uses), for how long, how that list moves from day to day, and whether each district's share of
// the flagged hours matches its share of reported incidents.
import type { ForecastWindow } from '../forecast/windows.ts';
import { gini, jaccard } from './concentration.ts';

/** The share of study cells counted as flagged, in percent. */
export const FLAGGED_COVERAGE = 5;

/** Where cells whose incidents name no district are counted. */
export const NO_DISTRICT = '(no district)';

export interface DistrictFairness {
  district: string;
  /** Share of all flagged cell-hours in this district. */
  flaggedShare: number;
  /** Share of the reported incidents (in the study area) in this district. */
  incidentShare: number;
  /** flaggedShare / incidentShare; null without incidents. */
  ratio: number | null;
  /** Incidents in this district that fell in a flagged cell; null without incidents. */
  hitRate: number | null;
  incidents: number;
  cells: number;
}

export interface FairnessReport {
  coverage: number;
  windows: number;
  hours: number;
  /** Study cells over the period. */
  cells: number;
  /** Gini of flagged cell-hours over every study cell. */
  gini: number;
  /** Mean Jaccard overlap of the flagged cells of a shift (or day) and of the same shift the day before. */
  persistence: number;
  /** Cells flagged at least once, and cells flagged in each window. */
  distinctFlagged: number;
  flaggedPerWindow: number;
  /** Incidents in flagged cells over all incidents (those outside the study area are misses). */
  hitRate: number;
  incidents: number;
  districts: DistrictFairness[];
  /** Places never flagged because lists leave them out (report desks, geocoders' dumps); absent in older reports. */
  leftOut?: number;
}

interface CellTally {
  flaggedHours: number;
  incidents: number;
  hits: number;
}

export class FairnessTally {
  /**
   * `leftOut`: places no list sends a unit to (report desks, geocoders' dumps). They are passed over
   * and the next places flagged, so that the report judges the lists officers were given.
   */
  constructor(private readonly leftOut: ReadonlySet<string> = new Set()) {}

  private readonly cells = new Map<string, CellTally>();
  private readonly previous = new Map<number, Set<string>>();
  private overlap = 0;
  private pairs = 0;
  private windows = 0;
  private hours = 0;
  private flagged = 0;
  private incidents = 0;
  private hits = 0;

  /**
   * One window: `cells` are the study cells' ids, `ranking` their order from the model (best first),
   * `actual` each study cell's incidents, `outside` incidents outside the study area.
   */
  add(
    window: ForecastWindow,
    cells: readonly string[],
    ranking: Int32Array,
    actual: ArrayLike<number>,
    outside: number,
  ): void {
    const hours = (window.end.getTime() - window.start.getTime()) / 3_600_000;
    const k = Math.floor((cells.length * FLAGGED_COVERAGE) / 100);
    const flagged = new Set<string>();
    for (let r = 0; r < ranking.length && flagged.size < k; r++) {
      const id = cells[ranking[r]!]!;
      if (!this.leftOut.has(id)) flagged.add(id);
    }
    for (let s = 0; s < cells.length; s++) {
      const id = cells[s]!;
      let t = this.cells.get(id);
      if (!t) {
        t = { flaggedHours: 0, incidents: 0, hits: 0 };
        this.cells.set(id, t);
      }
      const n = actual[s]!;
      t.incidents += n;
      if (flagged.has(id)) {
        t.flaggedHours += hours;
        t.hits += n;
        this.hits += n;
      }
      this.incidents += n;
    }
    this.incidents += outside;
    const before = this.previous.get(window.slot);
    if (before) {
      this.overlap += jaccard(before, flagged);
      this.pairs++;
    }
    this.previous.set(window.slot, flagged);
    this.windows++;
    this.hours += hours;
    this.flagged += flagged.size;
  }

  /** Every study cell seen, to look their districts up. */
  cellIds(): string[] {
    return [...this.cells.keys()];
  }

  report(districtOf: (cell: string) => string | undefined): FairnessReport {
    const byDistrict = new Map<string, CellTally & { cells: number }>();
    let flaggedHours = 0;
    let studyIncidents = 0;
    for (const [cell, t] of this.cells) {
      const name = districtOf(cell) ?? NO_DISTRICT;
      const d = byDistrict.get(name) ?? { flaggedHours: 0, incidents: 0, hits: 0, cells: 0 };
      d.flaggedHours += t.flaggedHours;
      d.incidents += t.incidents;
      d.hits += t.hits;
      d.cells++;
      byDistrict.set(name, d);
      flaggedHours += t.flaggedHours;
      studyIncidents += t.incidents;
    }
    const districts = [...byDistrict]
      .map(([district, d]): DistrictFairness => {
        const flaggedShare = flaggedHours > 0 ? d.flaggedHours / flaggedHours : 0;
        const incidentShare = studyIncidents > 0 ? d.incidents / studyIncidents : 0;
        return {
          district,
          flaggedShare,
          incidentShare,
          ratio: incidentShare > 0 ? flaggedShare / incidentShare : null,
          hitRate: d.incidents > 0 ? d.hits / d.incidents : null,
          incidents: d.incidents,
          cells: d.cells,
        };
      })
      // Districts with any flagged hours or incidents; the rest say nothing.
      .filter((d) => d.flaggedShare > 0 || d.incidents > 0)
      .sort((a, b) => b.incidentShare - a.incidentShare || a.district.localeCompare(b.district));
    return {
      coverage: FLAGGED_COVERAGE,
      windows: this.windows,
      hours: this.hours,
      cells: this.cells.size,
      gini: gini([...this.cells.values()].map((t) => t.flaggedHours)),
      persistence: this.pairs > 0 ? this.overlap / this.pairs : 0,
      distinctFlagged: [...this.cells.values()].filter((t) => t.flaggedHours > 0).length,
      flaggedPerWindow: this.windows > 0 ? this.flagged / this.windows : 0,
      hitRate: this.incidents > 0 ? this.hits / this.incidents : 0,
      incidents: this.incidents,
      districts,
      leftOut: [...this.leftOut].filter((cell) => this.cells.has(cell)).length,
    };
  }
}
