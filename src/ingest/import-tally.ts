// What an import read, beyond its counts: what each offence name became, the dates and the area the
// incidents cover, how precise their times are, and warnings an analyst should see before trusting the
// data (a placeholder point, offences left unfiled, no time of day).
import { formatDate, toLocal } from '../time/zone.ts';
import { streetOf } from './block-address.ts';
import { PointIndex } from './point-index.ts';
import type { StagedIncident } from './store.ts';

/** Offence names tallied at most: a column of free text must not fill memory. */
const MAX_TYPES = 100_000;
const MAX_POINTS = 200_000;
const SUMMARY_TYPES = 100;
/**
 * A point holding this share of a file's incidents (and at least PLACEHOLDER_MIN) is suspect: in a real
 * city's export a geocoder's fallback block held 0.6% of all rows, more than any real address.
 */
const PLACEHOLDER_SHARE = 0.005;
const PLACEHOLDER_MIN = 25;
/**
 * A point whose incidents carry addresses on this many different streets is a geocoder's dump, however
 * small its share: Houston's fallback point held 142 incidents from 96 addresses on 45 streets, while a
 * department store, a mall or an airport is one address, however busy.
 */
const DUMP_STREETS = 5;
/** Addresses and streets remembered per busy point: enough to tell one place from many. */
const MAX_NAMES = 64;
const OTHER_SHARE = 0.1;
/** Incidents of one agency spread over more than this are suspect. */
const SPREAD_KM = 150;

export interface TallySummary {
  /** Incidents read, per category. */
  categories: Record<string, number>;
  /** What each offence name became, most frequent first (the first 100 names). */
  types: { rawType: string; category: string; count: number }[];
  /** Local dates of the first and the last incident read. */
  dateRange: { from: string; to: string } | null;
  /** [west, south, east, north] of the incidents read. */
  bbox: [number, number, number, number] | null;
  /** How many districts the incidents are in, and how many incidents are in none. */
  districts: { named: number; withoutDistrict: number } | null;
  warnings: string[];
}

/** More districts than this are no patrol districts (a column of addresses, say): counted as "more". */
export const MAX_DISTRICTS = 10_000;

/** A busy point whose incidents carry addresses on many streets. */
interface Dump {
  point: string;
  lat: number;
  lon: number;
  incidents: number;
  addresses: number;
  streets: number;
}

const round = (x: number) => Number(x.toFixed(5));

/**
 * A point to 5 decimals as one number (latitude and longitude in 1e-5 degrees, packed), numbered by a
 * PointIndex: this runs once per row.
 */
const SPAN = 4e7;
const pointKey = (lat: number, lon: number) => Math.round(lat * 1e5) * SPAN + Math.round(lon * 1e5);
const pointOf = (key: number) => {
  const lat = Math.round(key / SPAN);
  return { lat: lat / 1e5, lon: (key - lat * SPAN) / 1e5 };
};
const pointText = (key: number) => {
  const { lat, lon } = pointOf(key);
  return `${lat},${lon}`;
};

/** Where an unread column names the offences: the --map that reads it, or the categories file. */
function offenceColumnWords(found: { name: string; example: string; madeUpIds: boolean }): string {
  const column = found.name.slice(0, 40);
  // Without an id column an incident's made-up id holds its category: read otherwise, it is new.
  const first = found.madeUpIds
    ? " (on this source's first import: its ids are made from what each row says)"
    : '';
  return `its column '${column}' names offences in words ('${found.example.slice(0, 40)}'): --map "${column}=raw_type" reads them${first}, or name their categories with --categories FILE.csv`;
}

/** Said wherever a --map would read the same file again with its times. */
const UNDO_FIRST =
  "undo this import first with patrolcast batches delete and the batch id above: the same file read again with its times is refused while this import's incidents are stored";

export class ImportTally {
  private readonly types = new Map<string, { category: string; count: number }>();
  /** The points incidents lie at, numbered; the maps below are by that number. */
  private readonly points = new PointIndex();
  /** Per point, its incidents. */
  private readonly atPoint: number[] = [];
  /**
   * Per point, the address its incidents carry: one string while they all carry the same one (most
   * points), the different addresses and streets once they differ.
   */
  private readonly names: (string | { blocks: Set<string>; streets: Set<string> } | undefined)[] = [];
  /** Per point, how many of its incidents carry an address. */
  private readonly named: number[] = [];
  private readonly precisions = new Map<string, number>();
  private count = 0;
  /** Incidents whose occurrence's date was blank, dated to the day they were reported. */
  private byReport = 0;
  /** Incidents that name a district (or lie in one of the boundary file's). */
  private inDistrict = 0;
  private readonly districtNames = new Set<string>();
  private first = Number.POSITIVE_INFINITY;
  private last = Number.NEGATIVE_INFINITY;
  private west = 180;
  private south = 90;
  private east = -180;
  private north = -90;

  constructor(
    private readonly timeZone: string,
    /** The zone was found from the incidents' place, not named: the summary says so. */
    private readonly zoneFound?: string,
    /** How the file was read, said first among the warnings (numeric dates read day first). */
    private readonly notes: readonly string[] = [],
    /** An unread column of times of day, named where no incident has one. */
    private readonly timeColumn?: string,
    /** An unread column that names offences in words, named where many incidents are filed 'other'. */
    /** Looked for only when needed: it files every value of the first rows' unread columns. */
    private readonly offenceColumn?: () => { name: string; example: string; madeUpIds: boolean } | undefined,
    /** Districts come from a boundary file (PATROLCAST_DISTRICTS) where rows name none. */
    private readonly boundaryFile = false,
    /** The report's date column of a file that has no date of occurrence at all. */
    private readonly reportColumn?: string,
  ) {}

  add(incident: StagedIncident, byReport?: boolean): void {
    this.count++;
    if (byReport) this.byReport++;
    if (incident.district) {
      this.inDistrict++;
      if (this.districtNames.size < MAX_DISTRICTS) this.districtNames.add(incident.district);
    }
    const key = incident.rawType ?? '';
    const seen = this.types.get(key);
    if (seen) seen.count++;
    else if (this.types.size < MAX_TYPES) this.types.set(key, { category: incident.category, count: 1 });
    const t = incident.occurredAt.getTime();
    if (t < this.first) this.first = t;
    if (t > this.last) this.last = t;
    if (incident.lon < this.west) this.west = incident.lon;
    if (incident.lon > this.east) this.east = incident.lon;
    if (incident.lat < this.south) this.south = incident.lat;
    if (incident.lat > this.north) this.north = incident.lat;
    const point = this.points.indexOf(pointKey(incident.lat, incident.lon), this.points.size < MAX_POINTS);
    if (point >= 0) {
      this.atPoint[point] = (this.atPoint[point] ?? 0) + 1;
      if (incident.block) this.nameAt(point, incident.block);
    }
    this.precisions.set(incident.timePrecision, (this.precisions.get(incident.timePrecision) ?? 0) + 1);
  }

  private nameAt(point: number, block: string): void {
    this.named[point] = (this.named[point] ?? 0) + 1;
    const seen = this.names[point];
    if (seen === undefined) this.names[point] = block;
    else if (typeof seen === 'string') {
      if (seen !== block)
        this.names[point] = {
          blocks: new Set([seen, block]),
          streets: new Set([streetOf(seen), streetOf(block)]),
        };
    } else {
      if (seen.blocks.size < MAX_NAMES) seen.blocks.add(block);
      if (seen.streets.size < MAX_NAMES) seen.streets.add(streetOf(block));
    }
  }

  /** Busy points whose incidents carry addresses on many streets: a geocoder's dumps, not places. */
  dumps(): Dump[] {
    const out: Dump[] = [];
    this.atPoint.forEach((n, i) => {
      const names = this.names[i];
      if (n < PLACEHOLDER_MIN || names === undefined || typeof names === 'string') return;
      if ((this.named[i] ?? 0) < n / 2 || names.streets.size < DUMP_STREETS) return;
      const point = this.points.keys[i]!;
      const { lat, lon } = pointOf(point);
      out.push({
        point: pointText(point),
        lat,
        lon,
        incidents: n,
        addresses: names.blocks.size,
        streets: names.streets.size,
      });
    });
    return out;
  }

  summary(): TallySummary {
    const categories: Record<string, number> = {};
    for (const t of this.types.values()) categories[t.category] = (categories[t.category] ?? 0) + t.count;
    const localDate = (ms: number) => formatDate(toLocal(new Date(ms), this.timeZone));
    return {
      categories: Object.fromEntries(Object.entries(categories).sort((a, b) => b[1] - a[1])),
      types: [...this.types.entries()]
        .map(([rawType, t]) => ({ rawType, category: t.category, count: t.count }))
        .sort((a, b) => b.count - a.count || a.rawType.localeCompare(b.rawType))
        .slice(0, SUMMARY_TYPES),
      dateRange: this.count ? { from: localDate(this.first), to: localDate(this.last) } : null,
      bbox: this.count ? [round(this.west), round(this.south), round(this.east), round(this.north)] : null,
      districts: this.inDistrict
        ? { named: this.districtNames.size, withoutDistrict: this.count - this.inDistrict }
        : null,
      warnings: this.warnings(categories),
    };
  }

  private warnings(categories: Record<string, number>): string[] {
    const out: string[] = [...this.notes];
    if (this.count === 0) return out;
    if (this.zoneFound)
      out.push(
        `times read in ${this.zoneFound}, the time zone where the incidents are (no --tz, and PATROLCAST_TZ is not set); shifts and briefings follow it too (PATROLCAST_TZ=${this.zoneFound} sets it for good)`,
      );
    const pct = (n: number) => `${((100 * n) / this.count).toFixed(1)}%`;
    const found = this.dumps();
    const dumps = new Set(found.map((d) => pointKey(d.lat, d.lon)));
    for (const d of found)
      out.push(
        `${d.incidents.toLocaleString('en-US')} incidents (${pct(d.incidents)}) at one point, ${d.point}, carry ${d.addresses >= MAX_NAMES ? `${MAX_NAMES} or more` : d.addresses} different addresses on ${d.streets >= MAX_NAMES ? `${MAX_NAMES} or more` : d.streets} streets: a geocoder's dump, not a place; it is left out of lists and maps (patrolcast placeholders keep ${d.point} lists it), and --reject-point ${d.point} refuses its incidents`,
      );
    this.atPoint.forEach((n, i) => {
      const point = this.points.keys[i]!;
      // Judged by its addresses where the source gives them; by its share only where it gives none.
      if (n < PLACEHOLDER_MIN || dumps.has(point) || (this.named[i] ?? 0) >= n / 2) return;
      if (n >= this.count * PLACEHOLDER_SHARE) {
        const at = pointText(point);
        out.push(
          `${n.toLocaleString('en-US')} incidents (${pct(n)}) lie at one point, ${at}: likely a geocoder's placeholder, not a place; --reject-point ${at} refuses them`,
        );
      }
    });
    // A city is tens of kilometres across; incidents spread over hundreds are in the wrong system.
    const km = Math.hypot(
      (this.north - this.south) * 111,
      (this.east - this.west) * 111 * Math.cos(((this.north + this.south) * Math.PI) / 360),
    );
    if (km > SPREAD_KM)
      out.push(
        `the incidents spread over ${Math.round(km).toLocaleString('en-US')} km (${[this.west, this.south, this.east, this.north].map(round).join(', ')}): a wrong --crs, or rows geocoded elsewhere; set PATROLCAST_JURISDICTION to refuse them`,
      );
    const other = categories.other ?? 0;
    const offenceColumn = other > this.count * OTHER_SHARE ? this.offenceColumn?.() : undefined;
    if (other > this.count * OTHER_SHARE)
      out.push(
        `${other === 1 ? '1 incident' : `${other.toLocaleString('en-US')} incidents`} (${pct(other)}) ${other === 1 ? 'was' : 'were'} filed as 'other': ${offenceColumn ? offenceColumnWords(offenceColumn) : 'name their categories with --categories FILE.csv'}`,
      );
    if (this.byReport > 0)
      out.push(
        `${this.byReport === 1 ? '1 incident' : `${this.byReport.toLocaleString('en-US')} incidents`} (${pct(this.byReport)}) ${this.byReport === 1 ? 'gives' : 'give'} no date of occurrence: ${this.byReport === 1 ? 'it is' : 'each is'} dated to the day it was reported (at 00:00, as a date with no time)${
          this.reportColumn && this.byReport === this.count
            ? `; where reports follow incidents within hours, --map "${this.reportColumn.slice(0, 40)}=occurred_at" reads the time of each report as when it happened (${UNDO_FIRST})`
            : ''
        }`,
      );
    const timed = (this.precisions.get('minute') ?? 0) + (this.precisions.get('hour') ?? 0);
    if (timed === 0)
      out.push(
        `no incident has a time of day (they are dated to the ${this.precisions.has('day') ? 'day' : 'month'}): shift forecasts cannot be made from this file${this.timeColumn ? `; its column '${this.timeColumn.slice(0, 40)}' holds times of day: --map "${this.timeColumn.slice(0, 40)}=time" reads them (${UNDO_FIRST})` : ''}`,
      );
    // Plans, units and the fairness report by district need one; Portland's calls for service name none.
    if (this.count > 0 && this.inDistrict === 0)
      out.push(
        this.boundaryFile
          ? "no incident lies in a district of the boundary file (PATROLCAST_DISTRICTS): is it this city's?"
          : "no incident names a district: for plans and fairness by district, set PATROLCAST_DISTRICTS to the agency's district boundaries (GeoJSON, or a zipped shapefile; then patrolcast districts fill gives the incidents stored theirs), or --map the column that names them",
      );
    return out;
  }
}
