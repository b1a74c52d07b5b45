// The window an answer is for, as the active model can forecast it: a model of weeks or months (data
// dated only that finely) answers for the week or month holding the shift or day asked about, and a
// model of days (data with no time of day) for the day a shift starts on; the answer names that day,
// week or month, and says why. Scheduled shift briefings go through here too, so that a city without
// times of day still gets its briefing at every shift.
import type { Database } from '../db/client.ts';
import { activeModel } from './registry.ts';
import {
  type AskedAt,
  coarseWindowOf,
  dayWindow,
  type ForecastWindow,
  type When,
  type WindowSettings,
  windowFor,
} from './windows.ts';

const COARSER = {
  day: 'The whole day: these records have no times of day.',
  week: 'The whole week: the active model forecasts weeks.',
  month: 'The whole month: these records are dated only to the month.',
} as const;

export async function windowForModel(
  database: Database,
  asked: { when?: When | undefined; at?: AskedAt | undefined },
  now: Date,
  settings: WindowSettings,
): Promise<ForecastWindow> {
  return answerableWindow(database, windowFor(asked, now, settings), settings);
}

export async function answerableWindow(
  database: Database,
  window: ForecastWindow,
  settings: WindowSettings,
): Promise<ForecastWindow> {
  const kind = (await activeModel(database))?.params.windowKind;
  if (window.kind !== 'shift' && window.kind !== 'day') return window;
  const [year, month, day] = window.date.split('-').map(Number) as [number, number, number];
  if (kind === 'week' || kind === 'month')
    return { ...coarseWindowOf(kind, { year, month, day }, settings.timeZone), note: COARSER[kind] };
  if (kind === 'day' && window.kind === 'shift')
    return { ...dayWindow({ year, month, day }, settings.timeZone), note: COARSER.day };
  return window;
}
