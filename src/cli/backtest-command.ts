// patrolcast backtest

import { type Command, Option } from 'commander';
import { UserError } from '../errors.ts';
import { fairnessText } from '../fairness/fairness-text.ts';
import { backtest } from '../forecast/backtest.ts';
import { DEFAULT_CATEGORY } from '../forecast/defaults.ts';
import { loadIncidents } from '../forecast/history.ts';
import { ALGORITHMS, BASELINES, SHIFT_BASELINES } from '../forecast/models/algorithms.ts';
import { forecastSettings, historyFilter } from '../forecast/settings.ts';
import { tableFromFile } from '../forecast/table-from-file.ts';
import type { WindowKind } from '../forecast/windows.ts';
import { districtsOf } from '../geo/districts.ts';
import { DATE_ORDERS, type DateOrder } from '../ingest/dates.ts';
import { profileNames } from '../ingest/profiles.ts';
import { importSettings } from '../ingest/settings.ts';
import type { LocalDate } from '../time/zone.ts';
import { addDays, formatDate, fromLocal, toLocal } from '../time/zone.ts';
import { action, cliContext, collect, dateOption, intOption } from './context.ts';
import { edgeTable, metricsTable, shiftTable } from './forecast-format.ts';
import { type CategoryChoice, categoryOption, windowOption } from './options.ts';

interface BacktestFlags {
  data?: string;
  profile?: string;
  map: string[];
  crs?: string;
  tz?: string;
  encoding?: string;
  sheet?: string;
  dateOrder?: DateOrder;
  offence?: string;
  rejectPoint: string[];
  from: LocalDate;
  to: LocalDate;
  refit: number;
  window: WindowKind;
  category: CategoryChoice;
  algorithm: string;
  trainDays?: number;
  json?: boolean;
}

export function registerBacktestCommand(program: Command): void {
  program
    .command('backtest')
    .description(
      'score a model and the baselines day by day on past data, each forecast made with only earlier data',
    )
    .option('--data <file>', 'read incidents from this export instead of the database')
    .option(
      '--profile <name>',
      `profile of --data: ${profileNames().join(', ')} (default: the known export whose columns the file has, else generic)`,
    )
    .option(
      '--map <column=field>',
      'as for import: map a column of --data to a field (repeatable)',
      collect,
      [],
    )
    .option(
      '--offence <name>',
      'as for import: the offence every row of --data is, where it has no offence column',
    )
    .option('--crs <EPSG:n>', 'as for import: the coordinate system of projected x/y in --data')
    .option('--tz <zone>', 'as for import: the time zone of local times in --data')
    .option('--encoding <name>', 'as for import: the text encoding of --data')
    .option('--sheet <name>', 'as for import: the sheet of an Excel workbook given as --data')
    .addOption(
      new Option('--date-order <order>', 'as for import: which number of a numeric date is the day').choices(
        DATE_ORDERS,
      ),
    )
    .option(
      '--reject-point <lat,lon>',
      "as for import: refuse --data's incidents at a placeholder point",
      collect,
      [],
    )
    .requiredOption('--from <date>', 'first local date to forecast, YYYY-MM-DD', dateOption)
    .requiredOption('--to <date>', 'last local date to forecast, YYYY-MM-DD', dateOption)
    .option('--refit <days>', 'refit the model every this many days', intOption('--refit', 1, 366), 7)
    .option(
      '--window <kind>',
      'shift, day, week or month (no finer than the data are dated)',
      windowOption,
      'day',
    )
    .option('--category <c>', 'forecast one category, or all', categoryOption, DEFAULT_CATEGORY)
    .option(
      '--algorithm <name>',
      `the model: ${ALGORITHMS.filter((a) => a.learned)
        .map((a) => a.name)
        .join(', ')}`,
      'forest',
    )
    .option(
      '--train-days <n>',
      'days of history each fit learns from (default PATROLCAST_TRAIN_DAYS)',
      intOption('--train-days', 90, 7300),
    )
    .option('--json', 'print the result as one JSON object')
    .action(
      action(async (flags: BacktestFlags) => {
        const ctx = cliContext();
        const { config } = ctx;
        const settings = forecastSettings(config);
        if (formatDate(flags.to) < formatDate(flags.from))
          throw new UserError(
            `--to ${formatDate(flags.to)} is before --from ${formatDate(flags.from)}: give the first day first`,
          );
        const until = fromLocal({ ...addDays(flags.to, 2), hour: 0, minute: 0 }, config.timeZone);
        let table: Awaited<ReturnType<typeof loadIncidents>>;
        // Each cell's district as the records name it, for the fairness report.
        let districts: Map<string, string>;
        if (flags.data) {
          ({ table, districts } = await tableFromFile(
            {
              path: ctx.path(flags.data),
              ...(flags.profile ? { profile: flags.profile } : {}),
              maps: flags.map,
              ...(flags.crs ? { crs: flags.crs } : {}),
              ...(flags.tz ? { timeZone: flags.tz } : {}),
              ...(flags.encoding ? { encoding: flags.encoding } : {}),
              ...(flags.sheet ? { sheet: flags.sheet } : {}),
              ...(flags.dateOrder ? { dateOrder: flags.dateOrder } : {}),
              ...(flags.offence !== undefined ? { offence: flags.offence } : {}),
              rejectPoints: flags.rejectPoint,
              origins: settings.trainOrigins,
              excludedCategories: settings.excludedCategories,
            },
            importSettings(config),
          ));
        } else {
          const database = await ctx.openDatabase();
          try {
            table = await loadIncidents(database, historyFilter(settings, until), settings.h3Resolution);
            districts = await districtsOf(database, table.cells);
          } finally {
            await database.close();
          }
        }
        const localDay = (t: number) => formatDate(toLocal(new Date(t), config.timeZone));
        // Days with no incident stored would be scored as a page of zeros: say where the data are instead.
        const start = fromLocal({ ...flags.from, hour: 0, minute: 0 }, config.timeZone).getTime();
        const end = fromLocal({ ...addDays(flags.to, 1), hour: 0, minute: 0 }, config.timeZone).getTime();
        if (!table.time.some((t) => t >= start && t < end))
          throw new UserError(
            table.time.length === 0
              ? 'there are no incidents to backtest on: import some first'
              : `no incident is stored from ${formatDate(flags.from)} to ${formatDate(flags.to)}; the data run from ${localDay(table.time[0]!)} to ${localDay(table.time.at(-1)!)}`,
          );
        const progress = ctx.err.isTTY && !flags.json;
        const result = await backtest(table, {
          category: flags.category,
          kind: flags.window,
          from: flags.from,
          to: flags.to,
          refitDays: flags.refit,
          trainDays: flags.trainDays ?? settings.trainDays,
          algorithms: [
            ...new Set([flags.algorithm, ...BASELINES, ...(flags.window === 'shift' ? SHIFT_BASELINES : [])]),
          ],
          settings,
          boundary: settings.boundary,
          fairness: { of: [flags.algorithm], districtOf: (cell) => districts.get(cell) },
          onProgress: (done, total) => {
            if (progress && (done % 10 === 0 || done === total))
              ctx.err.write(`\rbacktest ${done}/${total} windows `);
          },
        });
        if (progress) ctx.err.write('\r\x1b[2K');
        if (flags.json) {
          ctx.out.write(`${JSON.stringify(result)}\n`);
          return;
        }
        ctx.out.write(
          `${formatDate(flags.from)} to ${formatDate(flags.to)}: ${result.windows} ${flags.window} windows over ${result.days} days, ` +
            `${result.incidents.toLocaleString('en-US')} incidents (${flags.category}); refit every ${flags.refit} days${table.demo ? '; DEMO DATA' : ''}\n\n` +
            metricsTable(result.models) +
            `\n${edgeTable(result)}` +
            (result.shifts ? `\n${shiftTable(result)}` : ''),
        );
        const fairness = result.fairness?.[flags.algorithm];
        if (fairness) {
          ctx.out.write(
            `\n${fairnessText(fairness, settings.fairness, `Fairness report: ${flags.algorithm}, the places it flagged in this backtest`)}\n`,
          );
        }
      }),
    );
}
