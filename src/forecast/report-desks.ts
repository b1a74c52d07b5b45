// Where reports are taken rather than where crime happens. A station's front desk records walk-in
// reports at the station's own address, most of them with no time of day (the source's stand-in time,
// see `defaultMinutes`): Houston's 1200 block of Travis St, the police headquarters, holds 79 such
// incidents of its 263, 30% against 5.7% across the city. Counted as crime there, they made the
// headquarters a hotspot by day and by night. Such a place keeps its incidents of known time; those of
// unknown time at its desk say where a report was written, not where anything happened, and are not
// counted as the place's.

/** A place must hold at least this many incidents of unknown time to be taken for a desk. */
const MIN_UNKNOWN = 20;
/** ...at least this many times the city's share of unknown times... */
const MIN_LIFT = 3;
/** ...and so many that chance cannot explain them (standard deviations above the city's share). */
const MIN_Z = 6;

export interface ReportDesk {
  /** Incidents at the place at the source's stand-in times: those not counted. */
  unknown: number;
  /** All its incidents. */
  total: number;
}

export interface ReportDesks {
  /** Per table row, 1 when it is a desk's report of unknown time, not counted as the place's. */
  notHere: Uint8Array;
  /** The desks found, by table cell number. */
  desks: Map<number, ReportDesk>;
  /** The stand-in minutes, and the share of all incidents the city has at them. */
  minutes: number[];
  cityShare: number;
}

const DAY_MINUTES = 1440;

/**
 * Finds the desks among places, from each incident's cell and local minute of the day and the minutes
 * where the source puts unknown times. A place's heap at such a minute is measured against the same
 * minute an hour before and after at the same place: a nightlife block busy from 22:00 to 02:00 holds
 * many incidents at 00:00 in a source timed to the hour, and is no desk. Sources that give no times at
 * all (every incident at 00:00) have no desks: the hours around midnight hold nothing to compare.
 */
export function reportDesks(
  cell: Int32Array,
  minute: Int16Array,
  unknownMinutes: ReadonlySet<number>,
  cells: number,
  /** Places an analyst knows are no desk (`desks keep`): never taken for one. */
  kept: ReadonlySet<number> = new Set(),
): ReportDesks {
  const notHere = new Uint8Array(cell.length);
  const desks = new Map<number, ReportDesk>();
  const minutes = [...unknownMinutes].sort((a, b) => a - b);
  if (unknownMinutes.size === 0) return { notHere, desks, minutes, cityShare: 0 };
  // Per minute: 1 at a stand-in minute, 2 an hour before or after one.
  const kind = new Uint8Array(DAY_MINUTES);
  for (const m of unknownMinutes) {
    for (const d of [-60, 60])
      if (!unknownMinutes.has((m + d + DAY_MINUTES) % DAY_MINUTES))
        kind[(m + d + DAY_MINUTES) % DAY_MINUTES] = 2;
  }
  for (const m of unknownMinutes) kind[m] = 1;
  const total = new Int32Array(cells);
  const atUnknown = new Int32Array(cells);
  const around = new Int32Array(cells);
  let cityUnknown = 0;
  let cityAround = 0;
  for (let i = 0; i < cell.length; i++) {
    const c = cell[i]!;
    total[c]!++;
    const k = kind[minute[i]!]!;
    if (k === 1) {
      atUnknown[c]!++;
      cityUnknown++;
    } else if (k === 2) {
      around[c]!++;
      cityAround++;
    }
  }
  // What the stand-in minutes hold beyond their neighbours' average, as a share of all incidents.
  const share = cell.length > 0 ? Math.max(0, cityUnknown - cityAround / 2) / cell.length : 0;
  const cityShare = cell.length > 0 ? cityUnknown / cell.length : 0;
  if (share <= 0) return { notHere, desks, minutes, cityShare };
  for (let c = 0; c < cells; c++) {
    if (kept.has(c)) continue;
    const usual = around[c]! / 2;
    const excess = atUnknown[c]! - usual;
    const expected = usual + total[c]! * share;
    if (excess < MIN_UNKNOWN || excess < MIN_LIFT * share * total[c]!) continue;
    if ((atUnknown[c]! - expected) / Math.sqrt(expected) >= MIN_Z)
      desks.set(c, { unknown: atUnknown[c]!, total: total[c]! });
  }
  if (desks.size > 0)
    for (let i = 0; i < cell.length; i++) if (kind[minute[i]!] === 1 && desks.has(cell[i]!)) notHere[i] = 1;
  return { notHere, desks, minutes, cityShare };
}

/** The desks' cell ids, from a table's numbering. */
export const deskCells = (found: Pick<ReportDesks, 'desks'>, cells: readonly string[]): Set<string> =>
  new Set([...found.desks.keys()].map((c) => cells[c]!));
