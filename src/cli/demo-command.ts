// patrolcast demo-data

import type { Command } from 'commander';
import { DEMO_LABEL } from '../demo/city.ts';
import { loadDemoData } from '../demo/load.ts';
import type { LocalDate } from '../time/zone.ts';
import { formatDate } from '../time/zone.ts';
import { action, cliContext, dateOption, intOption } from './context.ts';

interface DemoFlags {
  days?: number;
  seed: number;
  end?: LocalDate;
  replace?: boolean;
  json?: boolean;
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo-data')
    .description(`generate the synthetic demo city and store it (source "demo", marked ${DEMO_LABEL})`)
    .option(
      '--days <n>',
      'days of incidents to generate (default PATROLCAST_DEMO_DAYS; a model needs more than a year)',
      intOption('--days', 1, 3650),
    )
    .option(
      '--seed <s>',
      'random seed: the same seed and end date give the same rows',
      intOption('--seed', 0, 2 ** 32 - 1),
      1,
    )
    .option(
      '--end <date>',
      'first day not generated, YYYY-MM-DD in the agency time zone (default: today)',
      dateOption,
    )
    .option('--replace', 'delete earlier demo incidents first (real data is never touched)')
    .option('--json', 'print the summary as JSON')
    .action(
      action(async (flags: DemoFlags) => {
        const ctx = cliContext();
        const { config } = ctx;
        const database = await ctx.openDatabase();
        try {
          const result = await loadDemoData(database, {
            days: flags.days ?? config.demoDays,
            seed: flags.seed,
            end: flags.end,
            replace: flags.replace,
            timeZone: config.timeZone,
            h3Resolution: config.h3Resolution,
          });
          const summary = {
            generated: result.generated,
            accepted: result.accepted,
            duplicates: result.duplicates,
            batchId: result.batchId,
            from: result.first?.toISOString() ?? null,
            to: result.last?.toISOString() ?? null,
          };
          if (flags.json) {
            ctx.out.write(`${JSON.stringify(summary)}\n`);
          } else {
            const end = flags.end ? formatDate(flags.end) : 'today';
            ctx.out.write(
              `${DEMO_LABEL}: generated ${result.generated} synthetic incidents over the ${flags.days ?? config.demoDays} days before ${end} (seed ${flags.seed});\n` +
                `stored ${result.accepted} new, ${result.duplicates} already present, in ${database.location}.\n`,
            );
          }
        } finally {
          await database.close();
        }
      }),
    );
}
