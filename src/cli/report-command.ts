// patrolcast report [--month YYYY-MM] [--json] [--chart file.png]: how the served forecasts did that month.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { lastEndedMonth, monthlyReport } from '../accuracy/monthly-report.ts';
import { monthlyJson, monthlyMessage } from '../accuracy/monthly-text.ts';
import { accuracySettings } from '../accuracy/settings.ts';
import { plainText } from '../bot/message.ts';
import { forecastSettings } from '../forecast/settings.ts';
import { action, cliContext } from './context.ts';

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description(
      "the month's live accuracy: the served forecasts scored against what happened, beside simple counts",
    )
    .option('--month <YYYY-MM>', 'the month, e.g. 2026-11; it must have ended (default: last month)')
    .option('--json', 'print the report as one JSON object')
    .option('--chart <file>', 'write the chart (hit rate through the month) to this PNG file')
    .action(
      action(async (flags: { month?: string; json?: boolean; chart?: string }) => {
        const ctx = cliContext();
        const settings = forecastSettings(ctx.config);
        const database = await ctx.openDatabase();
        try {
          const report = await monthlyReport(
            database,
            settings,
            accuracySettings(ctx.config),
            flags.month ?? lastEndedMonth(new Date(), settings.timeZone),
            new Date(),
          );
          const message = await monthlyMessage(report, settings.fairness);
          if (flags.chart && message.image) writeFileSync(ctx.path(flags.chart), message.image.png);
          if (flags.json) ctx.out.write(`${JSON.stringify(monthlyJson(report))}\n`);
          else {
            ctx.out.write(`${plainText(message)}\n`);
            if (flags.chart)
              ctx.out.write(
                message.image
                  ? `Chart written to ${flags.chart}\n`
                  : 'No chart: nothing was scored this month.\n',
              );
          }
        } finally {
          await database.close();
        }
      }),
    );
}
