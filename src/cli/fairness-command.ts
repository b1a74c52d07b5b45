// patrolcast fairness [--from] [--to] [--json]
import type { Command } from 'commander';
import {
  fairnessForPeriod,
  type PeriodReport,
  periodHeading,
  reportDays,
  reportPeriod,
} from '../fairness/fairness-service.ts';
import { fairnessText } from '../fairness/fairness-text.ts';
import { withWarnings } from '../fairness/warnings.ts';
import { forecastSettings } from '../forecast/settings.ts';
import type { LocalDate } from '../time/zone.ts';
import { action, cliContext, dateOption } from './context.ts';

export function registerFairnessCommand(program: Command): void {
  program
    .command('fairness')
    .description(
      'how concentrated and persistent the flagged places are, and each district’s share of them against its share of reported incidents',
    )
    .option('--from <date>', 'first local date, YYYY-MM-DD (default: 28 days before --to)', dateOption)
    .option('--to <date>', 'last local date, YYYY-MM-DD (default: yesterday)', dateOption)
    .option('--json', 'print the report as one JSON object')
    .action(
      action(async (flags: { from?: LocalDate; to?: LocalDate; json?: boolean }) => {
        const ctx = cliContext();
        const { config } = ctx;
        const settings = forecastSettings(config);
        // Checked before the database is opened: a wrong date is said at once.
        reportDays({ from: flags.from, to: flags.to }, new Date(), settings.timeZone);
        const database = await ctx.openDatabase();
        try {
          const period = await reportPeriod(
            database,
            { from: flags.from, to: flags.to },
            new Date(),
            settings.timeZone,
          );
          const report = await fairnessForPeriod(database, settings, period);
          ctx.out.write(
            flags.json
              ? `${JSON.stringify(withWarnings(report, settings.fairness))}\n`
              : `${fairnessText(report, settings.fairness, periodHeading(report))}\n${exposureText(report)}`,
          );
        } finally {
          await database.close();
        }
      }),
    );
}

/** Where officers recorded visits, by district: the patrol exposure the list led to. */
function exposureText(report: PeriodReport): string {
  if (report.patrolExposure.length === 0) return '\nPatrol exposure: no visits recorded in these days.\n';
  return `\nPatrol exposure (recorded visits, by district):\n${report.patrolExposure
    .map(
      (d) =>
        `  ${d.district ?? '(no district)'}: ${d.visits} visits, ${d.minutes} min, ${Math.round(d.share * 100)}% of patrol time`,
    )
    .join('\n')}\n`;
}
