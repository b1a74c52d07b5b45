// A made-up city whose forecasts are served daily through a month while its incidents arrive a day
// late, as they do from a records system: the day's forecast is served in the morning, and only then
// is the day before last published. What each forecast knew is kept, to check live scores against.
import type { Database } from '../../src/db/client.ts';
import { ensureForecast } from '../../src/forecast/forecast-service.ts';
import type { StoredForecast } from '../../src/forecast/forecast-store.ts';
import type { ForecastSettings } from '../../src/forecast/settings.ts';
import { train } from '../../src/forecast/train.ts';
import { type ForecastWindow, windowsBetween } from '../../src/forecast/windows.ts';
import { createRandom } from '../../src/random.ts';
import { importPath, tempFile } from './import.ts';

export interface MadeUpIncident {
  id: string;
  at: Date;
  lat: number;
  lon: number;
  /** The month's day whose morning it arrived (0: before the month). */
  arrived: number;
}

const DAY = 86_400_000;
/** 6 × 6 places about 330 m apart. */
const POINTS = Array.from({ length: 36 }, (_, p) => ({
  lat: 41.86 + Math.floor(p / 6) * 0.003,
  lon: -87.66 + (p % 6) * 0.004,
}));

/**
 * About 30 incidents a day from 1 September of the year before: six places carry most of them. With
 * `driftFrom`, from that instant six other places do instead (the city's pattern has moved).
 */
export function madeUpCity(monthStart: Date, days: number, seed: number, driftFrom?: Date): MadeUpIncident[] {
  const random = createRandom(seed);
  const first = monthStart.getTime() - 395 * DAY;
  const out: MadeUpIncident[] = [];
  for (let t = first; t < monthStart.getTime() + days * DAY; t += DAY) {
    const moved = driftFrom !== undefined && t >= driftFrom.getTime();
    const weights = POINTS.map((_, p) => ((moved ? p >= 30 : p < 6) ? 20 : 1));
    const n = random.poisson(30);
    for (let i = 0; i < n; i++) {
      const p = POINTS[random.weighted(weights)]!;
      const at = new Date(t + Math.floor(random.next() * DAY));
      const day = Math.floor((at.getTime() - monthStart.getTime()) / DAY) + 1;
      out.push({
        id: `M-${out.length + 1}`,
        at,
        // As the export writes them: six decimals.
        lat: Number((p.lat + (random.next() - 0.5) * 0.0004).toFixed(6)),
        lon: Number((p.lon + (random.next() - 0.5) * 0.0004).toFixed(6)),
        // Day k of the month is published the morning of day k + 1, after that day's forecast was served.
        arrived: day <= 0 ? 0 : day + 1,
      });
    }
  }
  return out.sort((a, b) => a.at.getTime() - b.at.getTime());
}

const csv = (rows: readonly MadeUpIncident[]) =>
  [
    'id,occurred_at,offense,lat,lon',
    ...rows.map((r) => `${r.id},${r.at.toISOString()},Theft,${r.lat.toFixed(6)},${r.lon.toFixed(6)}`),
  ].join('\n');

let files = 0;
export const importRows = (database: Database, rows: readonly MadeUpIncident[]) =>
  importPath(database, tempFile(`served-${++files}.csv`, csv(rows)));

/**
 * Imports what was known before the month, trains the ewma for day windows on it, then serves each day's
 * forecast and publishes the day before the last; returns the forecasts as served, by window.
 */
export async function serveMonth(
  database: Database,
  settings: ForecastSettings,
  incidents: readonly MadeUpIncident[],
  month: { year: number; month: number; days: number },
): Promise<{ window: ForecastWindow; forecast: StoredForecast }[]> {
  await importRows(
    database,
    incidents.filter((r) => r.arrived === 0),
  );
  const windows = windowsBetween(
    'day',
    { year: month.year, month: month.month, day: 1 },
    { year: month.year, month: month.month, day: month.days },
    settings,
  );
  await train(database, settings, {
    algorithm: 'ewma',
    kind: 'day',
    until: windows[0]!.start,
    holdoutDays: 14,
  });
  const served = [];
  for (const [k, window] of windows.entries()) {
    const day = k + 1;
    served.push({ window, forecast: await ensureForecast(database, settings, { window, category: 'all' }) });
    const arriving = incidents.filter((r) => r.arrived === day);
    if (arriving.length > 0) await importRows(database, arriving);
  }
  // The month's last days, published after it.
  const after = incidents.filter((r) => r.arrived > month.days);
  if (after.length > 0) await importRows(database, after);
  return served;
}
