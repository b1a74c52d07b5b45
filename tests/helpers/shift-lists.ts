// A day's ranked lists, one per shift (day, evening, night), as a supervisor would ask for each.

import type { Database } from '../../src/db/client.ts';
import { ensureForecast } from '../../src/forecast/forecast-service.ts';
import { rankedCells } from '../../src/forecast/forecast-store.ts';
import { windowsBetween } from '../../src/forecast/windows.ts';
import type { LocalDate } from '../../src/time/zone.ts';
import { TEST_FORECAST_SETTINGS as settings } from './api.ts';

export async function shiftLists(database: Database, date: LocalDate) {
  const windows = windowsBetween('shift', date, date, settings);
  const lists = [];
  for (const window of windows)
    lists.push(rankedCells(await ensureForecast(database, settings, { window, category: 'all' })));
  return lists;
}
