// patrolcast map, and patrolcast briefing: what a channel would receive.

import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { composeBriefing } from '../briefing/compose.ts';
import { briefingText } from '../briefing/text.ts';
import { DEFAULT_CATEGORY, DEFAULT_TOP } from '../forecast/defaults.ts';
import { windowForModel } from '../forecast/model-window.ts';
import { forecastSettings } from '../forecast/settings.ts';
import type { AskedAt, When } from '../forecast/windows.ts';
import { briefingMap } from '../maps/briefing-map.ts';
import { mapSettings } from '../maps/map-settings.ts';
import { PAGE_MAP_HEIGHT, PAGE_WIDTH, printPage } from '../maps/print-page.ts';
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
  print?: string;
  district?: string;
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
          // The map of the same plan every other answer gives: the briefing's places and units.
          const briefing = await composeBriefing(database, forecasting, {
            window,
            category: flags.category,
            top: flags.top,
            units: config.units,
            agencyName: config.agencyName,
          });
          if (briefing.freshness.staleNote) ctx.err.write(`${briefing.freshness.staleNote}\n`);
          const map = await briefingMap(
            database,
            renderer,
            {
              ...settings,
              width: flags.width ?? settings.width,
              height: flags.height ?? settings.height,
            },
            briefing,
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
    .option('--district <name>', 'only places and units in this district')
    .option('--map <file>', 'also write its map to this PNG file')
    .option(
      '--print <file>',
      'also write one printable page for roll call (map and words, A4 width) to this PNG file',
    )
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
            ...(flags.district ? { district: flags.district } : {}),
          });
          if (flags.map)
            writeFileSync(
              ctx.path(flags.map),
              (await briefingMap(database, renderer, settings, briefing)).png,
            );
          if (flags.print) {
            const map = await briefingMap(
              database,
              renderer,
              { ...settings, width: PAGE_WIDTH, height: PAGE_MAP_HEIGHT },
              briefing,
            );
            writeFileSync(ctx.path(flags.print), await printPage(map.png, briefingText(briefing)));
          }
          if (flags.json) ctx.out.write(`${JSON.stringify(briefing)}\n`);
          else
            ctx.out.write(
              `${briefingText(briefing)}\n${flags.map ? `map: ${ctx.path(flags.map)}\n` : ''}${flags.print ? `page: ${ctx.path(flags.print)}\n` : ''}`,
            );
        } finally {
          await renderer.close();
          await database.close();
        }
      }),
    );
}
