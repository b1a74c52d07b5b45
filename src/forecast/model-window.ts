// The window an answer is for, as the active model can forecast it: a model of weeks or months (data
// dated only that finely) answers for the week or month holding the shift or day asked about, and
// the answer names that week or month.
import type { Database } from '../db/client.ts';
import { activeModel } from './registry.ts';
import {
  type AskedAt,
  coarseWindowOf,
  type ForecastWindow,
  type When,
  type WindowSettings,
  windowFor,
} from './windows.ts';

export async function windowForModel(
  database: Database,
  asked: { when?: When | undefined; at?: AskedAt | undefined },
  now: Date,
  settings: WindowSettings,
): Promise<ForecastWindow> {
  const window = windowFor(asked, now, settings);
  const kind = (await activeModel(database))?.params.windowKind;
  if ((kind === 'week' || kind === 'month') && (window.kind === 'shift' || window.kind === 'day')) {
    const [year, month, day] = window.date.split('-').map(Number) as [number, number, number];
    return coarseWindowOf(kind, { year, month, day }, settings.timeZone);
  }
  return window;
}
