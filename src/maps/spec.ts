// What a map shows, as plain data: it crosses into the render worker as a message.

export interface MapCell {
  cell: string;
  rank: number;
  /** 0 is the highest risk class; −1 a place listed but not shaded (below the top 10%). */
  riskClass: number;
  /** The number its badge carries, when it is not its rank (a district's list). */
  number?: number;
}

export interface MapZone {
  zone: number;
  cells: string[];
  centroid: { lat: number; lon: number };
}

export interface TileSettings {
  /** An XYZ template, e.g. https://tile.example.org/{z}/{x}/{y}.png */
  url?: string;
  /** A local PMTiles archive of raster tiles: read from disk, no network. */
  file?: string;
  attribution: string;
  /** The most the tiles may take, all together; past it the map is drawn without them. */
  deadlineMs: number;
}

export interface MapSpec {
  width: number;
  height: number;
  title: string;
  subtitle: string;
  cells: MapCell[];
  /** The top this many cells carry their rank. */
  numbered: number;
  /** When set, these cells carry their rank instead of the top `numbered` (a district's places). */
  numberedCells?: string[];
  /** When set, the map is fitted to these cells rather than to its numbered ones (an inset's cluster). */
  framedCells?: string[];
  zones: MapZone[];
  /** District outlines, as closed [lon, lat] rings; named on the map when `named` (or unset). */
  districts: { name: string; rings: [number, number][][]; named?: boolean }[];
  /** Streets traced from the data's block addresses, as [lon, lat] polylines, drawn and named. */
  streets?: { name: string; lines: [number, number][][] }[];
  demo: boolean;
  /** The numbered places by name, listed under the map so that it reads on a phone. */
  list?: { number: number; name: string }[];
  /** The district an answer is for: the map frames its outline as well as its places. */
  focusDistrict?: string;
  /** When the data are stale, how old they are ("2.1 years"): drawn as a badge no one can miss. */
  staleAge?: string;
  /** The newest incident behind the map, on the agency's clock: printed maps outlive the shift. */
  dataAsOf?: string;
  tiles?: TileSettings;
  /** A bare panel, no title, legend, list or notes: the enlarged inset of a dense cluster. */
  inset?: boolean;
}

export interface RenderedMap {
  png: Uint8Array;
  width: number;
  height: number;
  /** tiles: drawn on the basemap; none: no tile server set; unavailable: it failed or was too slow. */
  basemap: 'tiles' | 'none' | 'unavailable';
  /** Why the basemap is missing, when it is. */
  note?: string;
  /** Why the basemap could not be drawn, for the operator (not drawn on the map). */
  basemapFailure?: string;
  milliseconds: number;
}

/** Risk classes, highest first: colour-blind-safe sequential reds (ColorBrewer YlOrRd). */
/**
 * Rank bands, darkest first. Their greys (printed in black and white) are about 50 apart and the
 * lightest is well darker than paper, so that no band merges with its neighbour or vanishes on a
 * black-and-white print.
 */
export const RISK_CLASSES = [
  { label: 'top 1%', upTo: 1, colour: '#800000' },
  { label: '1–2%', upTo: 2, colour: '#d0202a' },
  { label: '2–5%', upTo: 5, colour: '#f06a1c' },
  { label: '5–10%', upTo: 10, colour: '#fbb45e' },
] as const;

/** The grey a colour prints as (ITU-R 601 luma, 0 black to 255 white). */
export function printedGrey(colour: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(colour.slice(i, i + 2), 16)) as [
    number,
    number,
    number,
  ];
  return 0.299 * r + 0.587 * g + 0.114 * b;
}

/** The class of a rank among n cells, or −1 below the top 10%. */
export function riskClass(rank: number, cells: number): number {
  const percentile = (rank / Math.max(1, cells)) * 100;
  return RISK_CLASSES.findIndex((c) => percentile <= c.upTo);
}

const RISK_WORDS = ['very high', 'high', 'elevated', 'moderate'] as const;

/** The risk class in words; places below the top 10% are "low". */
export function riskWord(rank: number, cells: number): string {
  return RISK_WORDS[riskClass(rank, cells)] ?? 'low';
}
