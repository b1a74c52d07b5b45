// The briefing as a chat message, with its map when the map renders in time: what /hotspots, /briefing
// and the scheduled post send. A map that fails never costs the answer.

import { type Button, COMMAND_ACTION, type Message } from '../bot/message.ts';
import type { Database } from '../db/client.ts';
import { DEFAULT_CATEGORY } from '../forecast/defaults.ts';
import type { ForecastSettings } from '../forecast/settings.ts';
import { type ForecastWindow, pinnedAt } from '../forecast/windows.ts';
import type { Category } from '../ingest/categories.ts';
import type { Logger } from '../log.ts';
import { briefingMap } from '../maps/briefing-map.ts';
import type { MapSettings } from '../maps/map-settings.ts';
import type { MapRenderer } from '../maps/renderer.ts';
import { BRIEFING_TITLES, type Briefing, composeBriefing } from './compose.ts';
import { briefingMessage } from './message.ts';

/** What composing a briefing with its map needs. */
export interface BriefingDeps {
  database: Database;
  forecasting: ForecastSettings;
  maps: MapSettings;
  renderer: MapRenderer;
  agencyName: string;
  /** Patrol units on a shift, unless asked otherwise. */
  units: number;
  briefingTop: number;
  log: Logger;
}

export interface BriefingQuery {
  window: ForecastWindow;
  category?: Category | 'all';
  district?: string;
  districtCouldBe?: string;
  top?: number;
  units?: number;
}

/** `title` names the answer ("Hotspots"); without it, the briefing's kind ("Shift briefing"). */
export async function briefingView(
  deps: BriefingDeps,
  query: BriefingQuery,
  title?: string,
): Promise<{ briefing: Briefing; message: Message }> {
  const briefing = await composeBriefing(deps.database, deps.forecasting, {
    window: query.window,
    category: query.category ?? DEFAULT_CATEGORY,
    top: query.top ?? deps.briefingTop,
    units: query.units ?? deps.units,
    unitsAsked: query.units !== undefined,
    agencyName: deps.agencyName,
    ...(query.district
      ? {
          district: query.district,
          ...(query.districtCouldBe ? { districtCouldBe: query.districtCouldBe } : {}),
        }
      : {}),
  });
  const message = briefingMessage(briefing, { title: title ?? BRIEFING_TITLES[briefing.window.kind] });
  message.buttons = visitedButtons(briefing, query, deps.forecasting.timeZone);
  try {
    const map = await briefingMap(deps.database, deps.renderer, deps.maps, briefing);
    message.image = {
      png: map.png,
      filename: 'map.png',
      alt: `Hotspot map, ${briefing.window.label}: ${briefing.places
        .map((p) => `${p.number} ${p.place ?? p.label}`)
        .join('; ')
        .slice(0, 900)}; ${briefing.zones.length} patrol zones`,
    };
    // The reader sees "basemap unavailable"; the operator needs why.
    if (map.basemapFailure) deps.log.warn({ reason: map.basemapFailure }, 'basemap not drawn');
  } catch (error) {
    deps.log.warn({ reason: String(error) }, 'map not rendered; answering without it');
    message.footer = [...(message.footer ?? []), 'The map could not be drawn this time.'];
  }
  return { briefing, message };
}

/**
 * "Visited Z1" under each unit with places (four at most, beside the share button): pressed, it records
 * the visit for whoever pressed it, in this plan's window, category and district.
 */
function visitedButtons(b: Briefing, query: BriefingQuery, timeZone: string): Button[] {
  const at = pinnedAt(query.window, timeZone).replace(' ', 'T');
  const extra = [
    ...(b.category !== 'all' ? [`category=${b.category}`] : []),
    ...(b.district ? [`"district=${b.district.replaceAll('"', '')}"`] : []),
  ];
  return b.zones
    .filter((z) => !z.general)
    .slice(0, 4)
    .map((z) => ({
      label: `Visited Z${z.zone}`,
      action: COMMAND_ACTION,
      value: ['visited', `Z${z.zone}`, `at=${at}`, ...extra].join(' '),
    }));
}
