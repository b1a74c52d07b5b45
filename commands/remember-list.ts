// The list a user was just shown, kept so that "/explain 2" explains its #2: the same window, category
// and district, whatever the clock says by then. /hotspots and /briefing now both show lists.
import type { ChatUser } from '../src/bot/command-spec.ts';
import { type ForecastWindow, pinnedAt, windowHeadline } from '../src/forecast/windows.ts';
import type { Category } from '../src/ingest/categories.ts';
import type { CommandServices } from './services.ts';

/**
 * Remembers the list and returns its window as an `at` that asks for exactly it again. A list that
 * cannot be remembered is still answered: /explain then says which window it used.
 */
export async function rememberList(
  services: CommandServices,
  user: ChatUser,
  window: ForecastWindow,
  category: Category | 'all',
  district: string | null,
): Promise<string> {
  const at = pinnedAt(window, services.forecasting.timeZone);
  await services.lastLists
    .remember(`${user.platform}:${user.id}`, {
      at,
      category,
      // As the data spell it: /explain counts down this district's list.
      ...(district ? { district } : {}),
      headline: windowHeadline(window),
    })
    .catch((error: unknown) => services.log.warn({ err: error }, 'the list shown could not be remembered'));
  return at;
}
