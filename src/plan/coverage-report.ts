// Coverage: the visits officers recorded to the shifts of some local days, by place, by district and by shift.
// What `patrolcast coverage` prints and `GET /v1/coverage` answers.
import type { Database } from '../db/client.ts';
import { districtTag } from '../geo/district-tag.ts';
import { placeNames } from '../geo/place-names.ts';
import { addDays, formatLocalMinute, fromLocal, type LocalDate } from '../time/zone.ts';
import { coverage } from './visits.ts';

export interface CoverageReport {
  from: string;
  to: string;
  visits: number;
  minutes: number;
  byPlace: { cell: string; place: string | null; district: string | null; visits: number; minutes: number }[];
  byDistrict: { district: string | null; places: number; visits: number; minutes: number }[];
  /** By the window (shift or day) the visits were made in, as the agency's clock starts it. */
  byWindow: { windowStart: string; places: number; visits: number; minutes: number }[];
}

const day = (d: LocalDate) =>
  `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

export async function coverageReport(
  database: Database,
  from: LocalDate,
  to: LocalDate,
  timeZone: string,
): Promise<CoverageReport> {
  const start = fromLocal({ ...from, hour: 0, minute: 0 }, timeZone);
  const end = fromLocal({ ...addDays(to, 1), hour: 0, minute: 0 }, timeZone);
  const rows = await coverage(database, start, end);
  const names = await placeNames(database, [...new Set(rows.map((r) => r.cell))]);
  const add = <K>(
    map: Map<K, { cells: Set<string>; visits: number; minutes: number }>,
    key: K,
    r: (typeof rows)[number],
  ) => {
    const v = map.get(key) ?? { cells: new Set<string>(), visits: 0, minutes: 0 };
    v.cells.add(r.cell);
    v.visits += r.visits;
    v.minutes += r.minutes;
    map.set(key, v);
  };
  const places = new Map<string, { cells: Set<string>; visits: number; minutes: number }>();
  const districts = new Map<string | null, { cells: Set<string>; visits: number; minutes: number }>();
  const windows = new Map<number, { cells: Set<string>; visits: number; minutes: number }>();
  const districtOf = new Map<string, string | null>();
  for (const r of rows) {
    add(places, r.cell, r);
    add(districts, r.district, r);
    add(windows, r.windowStart.getTime(), r);
    districtOf.set(r.cell, r.district);
  }
  return {
    from: day(from),
    to: day(to),
    visits: rows.reduce((s, r) => s + r.visits, 0),
    minutes: rows.reduce((s, r) => s + r.minutes, 0),
    byPlace: [...places.entries()]
      .map(([cell, v]) => ({
        cell,
        place: names.get(cell) ?? null,
        district: districtOf.get(cell) ?? null,
        visits: v.visits,
        minutes: v.minutes,
      }))
      .sort((a, b) => b.visits - a.visits || a.cell.localeCompare(b.cell)),
    byDistrict: [...districts.entries()].map(([district, v]) => ({
      district,
      places: v.cells.size,
      visits: v.visits,
      minutes: v.minutes,
    })),
    byWindow: [...windows.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([t, v]) => ({
        windowStart: formatLocalMinute(new Date(t), timeZone),
        places: v.cells.size,
        visits: v.visits,
        minutes: v.minutes,
      })),
  };
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const places = (n: number) => count(n, 'place', 'places');
const visits = (n: number) => count(n, 'visit', 'visits');

/** The report as lines of text. */
export function coverageText(r: CoverageReport): string {
  if (r.visits === 0) return `No visits recorded to the shifts of ${r.from} to ${r.to}.`;
  return [
    `Visits to the shifts of ${r.from} to ${r.to}: ${r.visits}, ${r.minutes} min at ${places(r.byPlace.length)}.`,
    'By shift:',
    ...r.byWindow.map(
      (w) => `  ${w.windowStart}: ${places(w.places)}, ${visits(w.visits)}, ${w.minutes} min`,
    ),
    'By district:',
    ...r.byDistrict.map(
      (d) =>
        `  ${d.district ? districtTag(d.district) : '(none)'}: ${places(d.places)}, ${visits(d.visits)}, ${d.minutes} min`,
    ),
    'By place:',
    ...r.byPlace.map(
      (p) =>
        `  ${p.place ?? p.cell}${p.district ? ` (${districtTag(p.district)})` : ''}: ${visits(p.visits)}, ${p.minutes} min`,
    ),
  ].join('\n');
}
