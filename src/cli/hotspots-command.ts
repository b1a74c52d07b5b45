// patrolcast hotspots

import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { composeBriefing } from '../briefing/compose.ts';
import { DEFAULT_CATEGORY, DEFAULT_TOP } from '../forecast/defaults.ts';
import { forecastById } from '../forecast/forecast-store.ts';
import { servedNow } from '../forecast/left-out.ts';
import { windowForModel } from '../forecast/model-window.ts';
import { forecastSettings } from '../forecast/settings.ts';
import type { AskedAt, When } from '../forecast/windows.ts';
import { placeNames } from '../geo/place-names.ts';
import { forecastGeoJson } from '../maps/geojson.ts';
import { action, cliContext, intOption } from './context.ts';
import { hotspotsJson, hotspotsText } from './hotspots-format.ts';
import { AT_HELP, atOption, type CategoryChoice, categoryOption, WHEN_HELP, whenOption } from './options.ts';

interface HotspotFlags {
  when?: When;
  at?: AskedAt;
  category: CategoryChoice;
  top: number;
  district?: string;
  json?: boolean;
  geojson?: string;
}

export function registerHotspotsCommand(program: Command): void {
  program
    .command('hotspots')
    .description("the forecast's top cells for a window, with their expected incidents and reasons")
    .option('--when <when>', WHEN_HELP, whenOption)
    .option('--at <date>', AT_HELP, atOption)
    .option('--category <c>', 'one category, or all', categoryOption, DEFAULT_CATEGORY)
    .option('--top <n>', 'how many places', intOption('--top', 1, 100), DEFAULT_TOP)
    .option('--district <name>', 'only places and units in this district')
    .option('--json', 'print as JSON (the places, and the units with their places and missions)')
    .option(
      '--geojson <file>',
      'also write every cell of the forecast as GeoJSON polygons (for QGIS, ArcGIS)',
    )
    .action(
      action(async (flags: HotspotFlags) => {
        const ctx = cliContext();
        const { config } = ctx;
        const database = await ctx.openDatabase();
        try {
          const settings = forecastSettings(config);
          const window = await windowForModel(database, flags, new Date(), settings);
          // The plan every surface gives: the same places, units and missions as chat and the map.
          const briefing = await composeBriefing(database, settings, {
            window,
            category: flags.category,
            top: flags.top,
            units: config.units,
            agencyName: config.agencyName,
            ...(flags.district ? { district: flags.district } : {}),
          });
          if (flags.geojson) {
            const { forecast, leftOut } = await servedNow(
              database,
              (await forecastById(database, briefing.forecastId))!,
            );
            writeFileSync(
              ctx.path(flags.geojson),
              JSON.stringify(
                forecastGeoJson(forecast, {
                  leftOut,
                  names: await placeNames(
                    database,
                    forecast.cells.map((c) => c.cell),
                  ),
                }),
              ),
            );
          }
          if (flags.json) {
            ctx.out.write(`${JSON.stringify(hotspotsJson(briefing))}\n`);
            return;
          }
          ctx.out.write(`${hotspotsText(briefing)}\n`);
        } finally {
          await database.close();
        }
      }),
    );
}
