// The briefing a command shows, with its map when the map renders in time; a map that fails never
// costs the answer.
import type { Message } from '../src/bot/message.ts';
import { type Briefing, composeBriefing } from '../src/briefing/compose.ts';
import { briefingMessage } from '../src/briefing/message.ts';
import { resolveWindow, type When } from '../src/forecast/windows.ts';
import type { Category } from '../src/ingest/categories.ts';
import { briefingMap } from '../src/maps/briefing-map.ts';
import type { CommandServices } from './services.ts';

export interface BriefingQuery {
  when?: When;
  category?: Category | 'all';
  district?: string;
  top?: number;
  units?: number;
}

export async function briefingView(
  services: CommandServices,
  query: BriefingQuery,
  title?: (b: Briefing) => string,
): Promise<{ briefing: Briefing; message: Message }> {
  const window = resolveWindow(query.when ?? 'next', services.now(), services.forecasting);
  const briefing = await composeBriefing(services.database, services.forecasting, {
    window,
    category: query.category ?? 'all',
    top: query.top ?? services.briefingTop,
    units: query.units ?? services.units,
    agencyName: services.agencyName,
    ...(query.district ? { district: query.district } : {}),
  });
  const message = briefingMessage(briefing, title ? { title: title(briefing) } : {});
  try {
    const map = await briefingMap(services.database, services.renderer, services.maps, briefing);
    message.image = {
      png: map.png,
      filename: 'map.png',
      alt: `Hotspot map, ${briefing.window.label}: the ${briefing.places.length} numbered places and ${briefing.zones.length} patrol zones`,
    };
    if (map.note) message.footer = [...(message.footer ?? []), `Map: ${map.note}.`];
  } catch (error) {
    services.log.warn({ reason: String(error) }, 'map not rendered; answering without it');
    message.footer = [...(message.footer ?? []), 'The map could not be drawn this time.'];
  }
  return { briefing, message };
}
