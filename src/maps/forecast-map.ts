// From a stored forecast to what its map shows.
import { NOTHING_EXPECTED, type StoredForecast } from '../forecast/forecast-store.ts';
import { type ForecastWindow, windowHeadline } from '../forecast/windows.ts';
import { categoryLabel } from '../ingest/categories.ts';
import { type MapSpec, type MapZone, riskClass, type TileSettings } from './spec.ts';

export interface MapOptions {
  width: number;
  height: number;
  /** How many of the top places carry their rank. */
  numbered: number;
  /** The numbered places are a list's, each badged whether it is shaded or not (a briefing's). */
  listed?: boolean;
  /** Whose map it is, for the title. */
  area: string;
  window: Pick<ForecastWindow, 'kind' | 'label' | 'weekday' | 'date'>;
  tiles?: TileSettings;
  /** At most this many cells are drawn (the highest-risk ones). */
  maxCells?: number;
  /** How old the data are, when they are stale. */
  staleAge?: string;
  /** The newest incident behind the map, on the agency's clock. */
  dataAsOf?: string;
  /** District boundaries to outline and name. */
  districts?: { name: string; rings: [number, number][][] }[];
}

export function forecastMapSpec(forecast: StoredForecast, zones: MapZone[], options: MapOptions): MapSpec {
  const n = forecast.cells.length;
  const cells = forecast.cells
    .map((c) => ({ cell: c.cell, rank: c.rank, riskClass: riskClass(c.rank, n) }))
    .filter((c) => c.riskClass >= 0 && forecast.cells[c.rank - 1]!.expected >= NOTHING_EXPECTED)
    .slice(0, options.maxCells ?? 800);
  const category = forecast.category === 'all' ? 'all incidents' : categoryLabel(forecast.category);
  return {
    width: options.width,
    height: options.height,
    // The shift first, as the chat answer's headline: a phone's narrow title still shows it. The place
    // and the date follow, which a printed map keeps.
    title: capitalised(windowHeadline(options.window)),
    subtitle: `${options.area} · ${options.window.date} · ${category} · top ${options.listed ? options.numbered : Math.min(options.numbered, cells.length)} numbered, shaded by rank among ${n.toLocaleString('en-US')} places · model ${forecast.modelVersion} (${forecast.algorithm})`,
    cells,
    numbered: options.numbered,
    zones: zones.map((z) => ({ zone: z.zone, cells: z.cells, centroid: z.centroid })),
    districts: options.districts ?? [],
    demo: forecast.demo,
    ...(options.staleAge ? { staleAge: options.staleAge } : {}),
    ...(options.dataAsOf ? { dataAsOf: options.dataAsOf } : {}),
    ...(options.tiles ? { tiles: options.tiles } : {}),
  };
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
