// Reading a UK force's street-level crimes from the police.uk API: the months it has published
// (`crimes-street-dates`), the force's neighbourhoods and their boundaries, then each new month's
// crimes inside each boundary (posted, since boundaries are long). An area with more crimes than one
// answer may hold (the API says 503) is split into quarters. Rows come out in the columns of the
// force's published files, with the neighbourhood as the district and the street as the place.
import { UserError } from '../errors.ts';
import { pointInRing } from '../geo/polygon.ts';
import { FeedError, fetchJson, type Patience, SourceStatusError } from './http-json.ts';

export const POLICE_UK_API = 'https://data.police.uk/api';

export type PoliceUkRow = Record<string, string>;

/** A force id as the API spells it: lower-case letters and hyphens, e.g. metropolitan, essex. */
export function policeUkForce(text: string): string {
  const force = text.trim().toLowerCase();
  if (!/^[a-z][a-z-]{1,40}$/.test(force))
    throw new UserError(`"${text.slice(0, 40)}" is not a police.uk force id (e.g. essex, metropolitan)`);
  return force;
}

/** The API's category ids, as the published files name them (which the uk-police profile reads). */
const CRIME_TYPES: Record<string, string> = {
  'anti-social-behaviour': 'Anti-social behaviour',
  'bicycle-theft': 'Bicycle theft',
  burglary: 'Burglary',
  'criminal-damage-arson': 'Criminal damage and arson',
  drugs: 'Drugs',
  'other-theft': 'Other theft',
  'possession-of-weapons': 'Possession of weapons',
  'public-order': 'Public order',
  robbery: 'Robbery',
  shoplifting: 'Shoplifting',
  'theft-from-the-person': 'Theft from the person',
  'vehicle-crime': 'Vehicle crime',
  'violent-crime': 'Violence and sexual offences',
  'other-crime': 'Other crime',
};

type Point = [lat: number, lon: number];

export interface PoliceUkRequest {
  force: string;
  /** The API's root; the public one unless a test or a mirror says otherwise. */
  base?: string;
  /** Months after this one ("2024-05") are read; without it, the newest `firstMonths`. */
  since?: string;
  firstMonths?: number;
  patience: Patience;
}

const list = (value: unknown, what: string): Record<string, unknown>[] => {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'object' || v === null))
    throw new FeedError(`police.uk's ${what} is not a list`);
  return value as Record<string, unknown>[];
};

/** The months to read: those published after `since`, oldest first. */
async function newMonths(request: PoliceUkRequest, base: string): Promise<string[]> {
  const dates = list(
    await fetchJson(`${base}/crimes-street-dates`, {}, request.patience, 'police.uk'),
    'list of months',
  )
    .map((d) => String(d.date ?? ''))
    .filter((d) => /^\d{4}-\d{2}$/.test(d))
    .sort();
  if (dates.length === 0) throw new FeedError('police.uk lists no published months');
  return request.since ? dates.filter((d) => d > request.since!) : dates.slice(-(request.firstMonths ?? 3));
}

async function neighbourhoods(
  request: PoliceUkRequest,
  base: string,
): Promise<{ name: string; boundary: Point[] }[]> {
  let found: Record<string, unknown>[];
  try {
    found = list(
      await fetchJson(`${base}/${request.force}/neighbourhoods`, {}, request.patience, 'police.uk'),
      'list of neighbourhoods',
    );
  } catch (error) {
    if (error instanceof SourceStatusError && error.sourceStatus === 404)
      throw new FeedError(`police.uk has no force "${request.force}" (its ids are like essex, metropolitan)`);
    throw error;
  }
  const out: { name: string; boundary: Point[] }[] = [];
  for (const n of found) {
    const id = encodeURIComponent(String(n.id ?? ''));
    const points = list(
      await fetchJson(`${base}/${request.force}/${id}/boundary`, {}, request.patience, 'police.uk'),
      `boundary of neighbourhood ${String(n.id).slice(0, 40)}`,
    )
      .map((p) => [Number(p.latitude), Number(p.longitude)] as Point)
      .filter(([lat, lon]) => Number.isFinite(lat) && Number.isFinite(lon));
    if (points.length >= 3) out.push({ name: String(n.name ?? n.id), boundary: points });
  }
  if (out.length === 0)
    throw new FeedError(`police.uk lists no neighbourhood boundaries for ${request.force}`);
  return out;
}

/** Whether a point lies inside an area's ring of [lat, lon] points. */
const inside = ([lat, lon]: Point, ring: readonly Point[]) =>
  pointInRing(
    lon,
    lat,
    ring.map(([a, o]) => [o, a] as const),
  );

/** The four quarters of a ring's bounding box, each as a ring. */
function quarters(ring: readonly Point[]): Point[][] {
  const lats = ring.map((p) => p[0]);
  const lons = ring.map((p) => p[1]);
  const [s, n, w, e] = [Math.min(...lats), Math.max(...lats), Math.min(...lons), Math.max(...lons)];
  const [mLat, mLon] = [(s + n) / 2, (w + e) / 2];
  const box = (a: number, b: number, c: number, d: number): Point[] => [
    [a, c],
    [a, d],
    [b, d],
    [b, c],
  ];
  return [box(s, mLat, w, mLon), box(s, mLat, mLon, e), box(mLat, n, w, mLon), box(mLat, n, mLon, e)];
}

/** A month's crimes inside an area; an area too full for one answer is asked for in quarters. */
async function crimesIn(
  request: PoliceUkRequest,
  base: string,
  month: string,
  area: readonly Point[],
  depth = 0,
): Promise<Record<string, unknown>[]> {
  const body = new URLSearchParams({
    poly: area.map(([lat, lon]) => `${lat},${lon}`).join(':'),
    date: month,
  });
  try {
    return list(
      await fetchJson(
        `${base}/crimes-street/all-crime`,
        { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
        request.patience,
        'police.uk',
      ),
      `list of crimes for ${month}`,
    );
  } catch (error) {
    if (!(error instanceof SourceStatusError && error.sourceStatus === 503) || depth >= 4) throw error;
    // A quarter's box reaches past the area: only the crimes inside the area are its own.
    const parts: Record<string, unknown>[] = [];
    for (const q of quarters(area))
      for (const crime of await crimesIn(request, base, month, q, depth + 1)) {
        const at = (crime.location ?? {}) as { latitude?: unknown; longitude?: unknown };
        if (inside([Number(at.latitude), Number(at.longitude)], area)) parts.push(crime);
      }
    return parts;
  }
}

/** A crime as a row of the force's published files, with its neighbourhood. */
function rowOf(crime: Record<string, unknown>, neighbourhood: string): PoliceUkRow | undefined {
  const location = (crime.location ?? {}) as {
    latitude?: unknown;
    longitude?: unknown;
    street?: { name?: unknown };
  };
  const category = String(crime.category ?? '');
  if (location.latitude === undefined || location.longitude === undefined) return undefined;
  return {
    // Anti-social behaviour has no persistent id: the API's own id keeps each report apart.
    crime_id: String(crime.persistent_id || `police-uk-${String(crime.id)}`),
    month: String(crime.month ?? ''),
    crime_type: CRIME_TYPES[category] ?? category,
    latitude: String(location.latitude),
    longitude: String(location.longitude),
    location: String(location.street?.name ?? ''),
    neighbourhood,
  };
}

/** The force's crimes of every month it published since the mark, handed on area by area. */
export async function readPoliceUk(
  request: PoliceUkRequest,
  onPage: (rows: PoliceUkRow[]) => void,
): Promise<{ newest?: string; months: string[] }> {
  const base = (request.base ?? POLICE_UK_API).replace(/\/+$/, '');
  const months = await newMonths(request, base);
  if (months.length === 0) return { months };
  const areas = await neighbourhoods(request, base);
  const seen = new Set<string>();
  for (const month of months)
    for (const area of areas) {
      const rows: PoliceUkRow[] = [];
      for (const crime of await crimesIn(request, base, month, area.boundary)) {
        const key = String(crime.id);
        const row = rowOf(crime, area.name);
        // A crime on the line between two neighbourhoods is counted once, in the first.
        if (!row || seen.has(key)) continue;
        seen.add(key);
        rows.push(row);
      }
      onPage(rows);
    }
  return { newest: months.at(-1)!, months };
}
