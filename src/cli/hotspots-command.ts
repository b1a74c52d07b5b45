// patrolcast hotspots

import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { formatExpected } from '../bot/message.ts';
import { DEMO_LABEL } from '../demo/city.ts';
import { DEFAULT_CATEGORY, DEFAULT_TOP } from '../forecast/defaults.ts';
import { ensureForecast } from '../forecast/forecast-service.ts';
import { rankedCells } from '../forecast/forecast-store.ts';
import { dataFreshness } from '../forecast/freshness.ts';
import { windowForModel } from '../forecast/model-window.ts';
import { forecastSettings } from '../forecast/settings.ts';
import type { AskedAt, When } from '../forecast/windows.ts';
import { zonesOf } from '../forecast/zones.ts';
import { placeNames, placesOf } from '../geo/place-names.ts';
import { forecastGeoJson } from '../maps/geojson.ts';
import { action, cliContext, intOption } from './context.ts';
import { AT_HELP, atOption, type CategoryChoice, categoryOption, WHEN_HELP, whenOption } from './options.ts';

interface HotspotFlags {
  when?: When;
  at?: AskedAt;
  category: CategoryChoice;
  top: number;
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
    .option('--json', 'print as JSON')
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
          const forecast = await ensureForecast(database, settings, {
            window,
            category: flags.category,
          });
          const ranked = rankedCells(forecast);
          const top = ranked.slice(0, flags.top);
          const zones = zonesOf(ranked, config.units);
          const freshness = await dataFreshness(database, window, settings);
          const places = await placesOf(database, [
            ...top,
            ...zones.map((z) => ({ cell: z.centreCell, ...z.centroid })),
          ]);
          if (flags.geojson)
            writeFileSync(
              ctx.path(flags.geojson),
              JSON.stringify(
                forecastGeoJson(forecast, {
                  names: await placeNames(
                    database,
                    forecast.cells.map((c) => c.cell),
                  ),
                }),
              ),
            );
          if (flags.json) {
            ctx.out.write(
              `${JSON.stringify({
                window: { label: window.label, start: window.start, end: window.end, kind: window.kind },
                category: flags.category,
                model: { version: forecast.modelVersion, algorithm: forecast.algorithm },
                demo: forecast.demo,
                dataAsOf: freshness.newestIncident,
                stale: freshness.stale,
                ...(freshness.staleNote ? { staleNote: freshness.staleNote } : {}),
                hotspots: top.map((c) => ({
                  rank: c.rank,
                  cell: c.cell,
                  lat: Number(c.lat.toFixed(5)),
                  lon: Number(c.lon.toFixed(5)),
                  place: places.get(c.cell)!.place,
                  district: places.get(c.cell)!.district,
                  expected: Number(c.expected.toFixed(3)),
                  reasons: c.reasons,
                })),
                zones,
              })}\n`,
            );
            return;
          }
          let out = freshness.staleNote ? `${freshness.staleNote}\n` : '';
          out += `${forecast.demo ? `${DEMO_LABEL}: ` : ''}hotspots for ${window.label} (${flags.category}), model ${forecast.modelVersion} (${forecast.algorithm})\n`;
          if (top.length === 0) out += 'nothing is expected anywhere in this window: no place is listed\n';
          for (const c of top) {
            const place = places.get(c.cell)!;
            out += `${String(c.rank).padStart(3)}. ${place.label}  expected ${formatExpected(c.expected)}\n`;
            if (place.place) out += `       at ${c.lat.toFixed(5)}, ${c.lon.toFixed(5)}\n`;
            for (const r of c.reasons) out += `       - ${r}\n`;
          }
          out +=
            zones.length > 0
              ? `patrol zones for ${config.units} units:\n`
              : 'no patrol zones: nothing is expected\n';
          for (const z of zones) {
            out += `  zone ${z.zone}: centre ${places.get(z.centreCell)?.place ?? `${z.centroid.lat.toFixed(5)}, ${z.centroid.lon.toFixed(5)}`}, ${z.cells.length} ${z.cells.length === 1 ? 'cell' : 'cells'}, expected ${z.expected.toFixed(2)}\n`;
          }
          out += freshness.newestIncidentLocal
            ? `newest incident before this window: ${freshness.newestIncidentLocal} (${freshness.age} before it)\n`
            : 'no incidents stored before this window\n';
          ctx.out.write(out);
        } finally {
          await database.close();
        }
      }),
    );
}
