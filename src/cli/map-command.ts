// patrolcast map, and patrolcast briefing: what a channel would receive.

import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { composeBriefing } from '../briefing/compose.ts';
import { briefingText } from '../briefing/text.ts';
import { DEMO_CITY_NAME } from '../demo/city.ts';
import { DEFAULT_CATEGORY, DEFAULT_TOP } from '../forecast/defaults.ts';
import { ensureForecast } from '../forecast/forecast-service.ts';
import { rankedCells } from '../forecast/forecast-store.ts';
import { dataFreshness } from '../forecast/freshness.ts';
import { windowForModel } from '../forecast/model-window.ts';
import { forecastSettings } from '../forecast/settings.ts';
import type { AskedAt, When } from '../forecast/windows.ts';
import { zonesOf } from '../forecast/zones.ts';
import { placesOf } from '../geo/place-names.ts';
import { briefingMap } from '../maps/briefing-map.ts';
import { forecastMapSpec } from '../maps/forecast-map.ts';
import { addMapContext } from '../maps/map-context.ts';
import { mapKey, mapSettings } from '../maps/map-settings.ts';
import { MapRenderer } from '../maps/renderer.ts';
import { action, cliContext, intOption } from './context.ts';
import { AT_HELP, atOption, type CategoryChoice, categoryOption, WHEN_HELP, whenOption } from './options.ts';

interface MapFlags {
  when?: When;
  at?: AskedAt;
  category: CategoryChoice;
  out: string;
  top: number;
  width?: number;
  height?: number;
}

interface BriefingFlags {
  when?: When;
  at?: AskedAt;
  category: CategoryChoice;
  json?: boolean;
  map?: string;
}

export function registerMapCommands(program: Command): void {
  program
    .command('map')
    .description('render the hotspot map of a forecast to a PNG file')
    .option('--when <when>', WHEN_HELP, whenOption)
    .option('--at <date>', AT_HELP, atOption)
    .option('--category <c>', 'one category, or all', categoryOption, DEFAULT_CATEGORY)
    .option('--out <file>', 'where to write the PNG', 'hotspots.png')
    .option('--top <n>', 'how many places carry their rank', intOption('--top', 1, 50), DEFAULT_TOP)
    .option('--width <px>', 'image width (default MAP_WIDTH)', intOption('--width', 320, 4096))
    .option('--height <px>', 'image height (default MAP_HEIGHT)', intOption('--height', 240, 4096))
    .action(
      action(async (flags: MapFlags) => {
        const ctx = cliContext();
        const { config } = ctx;
        const database = await ctx.openDatabase();
        const settings = mapSettings(config);
        const renderer = new MapRenderer({ timeoutMs: settings.renderTimeoutMs, cacheSize: 4 });
        try {
          const forecasting = forecastSettings(config);
          const window = await windowForModel(database, flags, new Date(), forecasting);
          const forecast = await ensureForecast(database, forecasting, {
            window,
            category: flags.category,
          });
          const ranked = rankedCells(forecast);
          const zones = zonesOf(ranked, config.units);
          const numbered = ranked.slice(0, flags.top);
          const places = await placesOf(database, numbered);
          const freshness = await dataFreshness(database, window, forecasting);
          if (freshness.staleNote) ctx.err.write(`${freshness.staleNote}\n`);
          const width = flags.width ?? settings.width;
          const height = flags.height ?? settings.height;
          const spec = forecastMapSpec(forecast, zones, {
            width,
            height,
            numbered: flags.top,
            area: forecast.demo ? DEMO_CITY_NAME : config.agencyName,
            window,
            tiles: settings.tiles,
            ...(freshness.stale && freshness.age ? { staleAge: freshness.age } : {}),
          });
          spec.list = numbered.map((c) => ({
            rank: c.rank,
            name: places.get(c.cell)!.place ?? places.get(c.cell)!.label,
          }));
          await addMapContext(
            database,
            settings,
            spec,
            forecast.cells.map((c) => c.cell),
          );
          const map = await renderer.render(
            spec,
            `${mapKey(forecast.id, flags.top, config.units, width, height)}:${freshness.stale}`,
          );
          writeFileSync(ctx.path(flags.out), map.png);
          ctx.out.write(
            `${ctx.path(flags.out)}: ${map.width}x${map.height} PNG, ${map.basemap === 'tiles' ? 'on the basemap' : map.basemap === 'none' ? 'no basemap set' : `basemap unavailable (${map.basemapFailure ?? map.note})`}, ${map.milliseconds} ms\n`,
          );
        } finally {
          await renderer.close();
          await database.close();
        }
      }),
    );

  program
    .command('briefing')
    .description('the shift briefing a subscribed channel would receive')
    .option('--when <when>', WHEN_HELP, whenOption)
    .option('--at <date>', AT_HELP, atOption)
    .option('--category <c>', 'one category, or all', categoryOption, DEFAULT_CATEGORY)
    .option('--map <file>', 'also write its map to this PNG file')
    .option('--json', 'print the briefing as JSON')
    .action(
      action(async (flags: BriefingFlags) => {
        const ctx = cliContext();
        const { config } = ctx;
        const database = await ctx.openDatabase();
        const settings = mapSettings(config);
        const renderer = new MapRenderer({ timeoutMs: settings.renderTimeoutMs, cacheSize: 4 });
        try {
          const forecasting = forecastSettings(config);
          const window = await windowForModel(database, flags, new Date(), forecasting);
          const briefing = await composeBriefing(database, forecasting, {
            window,
            category: flags.category,
            top: config.briefingTop,
            units: config.units,
            agencyName: config.agencyName,
          });
          if (flags.map)
            writeFileSync(
              ctx.path(flags.map),
              (await briefingMap(database, renderer, settings, briefing)).png,
            );
          if (flags.json) ctx.out.write(`${JSON.stringify(briefing)}\n`);
          else
            ctx.out.write(`${briefingText(briefing)}\n${flags.map ? `map: ${ctx.path(flags.map)}\n` : ''}`);
        } finally {
          await renderer.close();
          await database.close();
        }
      }),
    );
}
