// A place written in one column, as portals export it when they publish no latitude and longitude
// columns: Socrata's location type, "(39.10, -94.58)", in CSV often after the address it was geocoded
// from ("1200 MAIN ST\nKANSAS CITY 64105\n(39.10, -94.58)"), and in JSON an object {latitude, longitude}
// with the address in its human_address;
// WKT, "POINT (-122.33 47.61)", with or without an SRID; GeoJSON {type: "Point", coordinates}, as an
// object or as text in a CSV cell.

/** x and y as written; `lonLat` when the form says they are degrees (WKT may be projected). */
export interface WrittenPoint {
  x: number;
  y: number;
  lonLat: boolean;
  /** The address written before the point, when there is one. */
  address?: string;
}

const NUMBER = '([-+]?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)';
const WKT = new RegExp(
  `^(?:SRID=\\d+;)?\\s*POINT\\s*(?:ZM?|M)?\\s*\\(\\s*${NUMBER}\\s+${NUMBER}(?:\\s+[^)]*)?\\)$`,
  'i',
);
/** "(lat, lon)" at the end of the text, after an address or alone. */
const LAT_LON_AT_END = new RegExp(`\\(\\s*${NUMBER}\\s*,\\s*${NUMBER}\\s*\\)$`);
/** "lat, lon" alone. */
const LAT_LON = new RegExp(`^${NUMBER}\\s*,\\s*${NUMBER}$`);
/** Longer than any point an export writes, with its address: not parsed as JSON. */
const MAX_JSON = 2_000;

const numeric = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
};

/** Degrees written latitude first; a pair plainly written the other way round is turned. */
function fromLatLon(a: number, b: number, address?: string): WrittenPoint {
  const [lat, lon] = Math.abs(a) > 90 && Math.abs(b) <= 90 ? [b, a] : [a, b];
  return { x: lon, y: lat, lonLat: true, ...(address ? { address } : {}) };
}

function fromObject(o: Record<string, unknown>): WrittenPoint | undefined {
  if (o.type === 'Point' && Array.isArray(o.coordinates)) {
    const [x, y] = (o.coordinates as unknown[]).map(numeric);
    return x === undefined || y === undefined ? undefined : { x, y, lonLat: true };
  }
  const lat = numeric(o.latitude ?? o.lat);
  const lon = numeric(o.longitude ?? o.lon ?? o.lng);
  return lat === undefined || lon === undefined
    ? undefined
    : fromLatLon(lat, lon, addressOf(o.human_address));
}

/**
 * The street of Socrata's human_address, which its JSON writes as text holding JSON:
 * "{\"address\": \"1200 MAIN ST\", \"city\": \"KANSAS CITY\", …}"; the city and zip are not the street.
 */
function addressOf(human: unknown): string | undefined {
  let value = human;
  if (typeof value === 'string' && value.trim().startsWith('{') && value.length <= MAX_JSON) {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  const address = value && typeof value === 'object' ? (value as Record<string, unknown>).address : undefined;
  return typeof address === 'string' && address.trim() !== ''
    ? address.replace(/\s+/g, ' ').trim()
    : undefined;
}

/** The point a column's value writes, or undefined when it writes none (an address alone, a word). */
export function pointIn(value: unknown): WrittenPoint | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'object')
    return Array.isArray(value) ? undefined : fromObject(value as Record<string, unknown>);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text.startsWith('{') && text.length <= MAX_JSON) {
    try {
      const parsed: unknown = JSON.parse(text);
      return parsed && typeof parsed === 'object' ? pointIn(parsed) : undefined;
    } catch {
      return undefined;
    }
  }
  const wkt = WKT.exec(text);
  if (wkt) return { x: Number(wkt[1]), y: Number(wkt[2]), lonLat: false };
  const alone = LAT_LON.exec(text);
  if (alone) return fromLatLon(Number(alone[1]), Number(alone[2]));
  const atEnd = LAT_LON_AT_END.exec(text);
  if (!atEnd) return undefined;
  // The street is the first line; the city and postcode follow it on lines of their own.
  const address = text.slice(0, atEnd.index).trim().split(/\r?\n/)[0]!.replace(/\s+/g, ' ').trim();
  return fromLatLon(Number(atEnd[1]), Number(atEnd[2]), address || undefined);
}

/** A house number and a street: "1200 MCDONOUGH BLVD SE", not "PARKING LOT" nor "(33.71, -84.37)". */
const STREET_ADDRESS = /^\d+[A-Z]?\s+\p{L}/u;

/**
 * The address in a column of places read beside latitude and longitude columns (Atlanta's "Location",
 * Kansas City's address before its point): only a house number and a street, not a kind of place.
 */
export function addressIn(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const street = value.trim().split(/\r?\n/)[0]!.replace(LAT_LON_AT_END, '').trim();
  return STREET_ADDRESS.test(street) ? street : undefined;
}

/**
 * Whether a JSON value is one a column can hold: a plain value, or a nested one that is a point (a
 * portal's location object); other nested values are no canonical field.
 */
export const isColumnValue = (value: unknown): boolean =>
  value === null ||
  typeof value !== 'object' ||
  (!Array.isArray(value) && fromObject(value as Record<string, unknown>) !== undefined);
