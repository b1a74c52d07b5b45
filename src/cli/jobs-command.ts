// patrolcast jobs: the scheduled jobs, their next run and how their last run ended.
import type { Command } from 'commander';
import { jobSchedule, jobStatuses, scheduleSettings } from '../schedule/job-schedule.ts';
import { formatLocalMinute } from '../time/zone.ts';
import { action, cliContext } from './context.ts';

export function registerJobsCommand(program: Command): void {
  program
    .command('jobs')
    .description('the scheduled jobs: when each runs next and how its last run ended')
    .option('--json', 'print as JSON')
    .action(
      action(async (flags: { json?: boolean }) => {
        const ctx = cliContext();
        const { config } = ctx;
        const database = await ctx.openDatabase();
        try {
          const statuses = await jobStatuses(database, jobSchedule(scheduleSettings(config)));
          if (flags.json) {
            ctx.out.write(`${JSON.stringify({ jobs: statuses })}\n`);
            return;
          }
          const tz = config.timeZone;
          const when = (d: Date | string | null | undefined) =>
            d ? formatLocalMinute(new Date(d), tz) : '–';
          let out = `scheduled jobs (${tz})${config.schedule.enabled ? '' : ': PATROLCAST_SCHEDULER is off'}\n`;
          for (const j of statuses) {
            out += `  ${j.name.padEnd(17)} ${j.cron.padEnd(12)} next ${when(j.nextRun)}  last ${j.last ? `${j.last.lastStatus} ${when(j.last.lastStartedAt)}` : 'never'}`;
            if (j.failing)
              out += `  FAILING (${j.last?.consecutiveFailures} in a row: ${j.last?.lastError ?? ''})`;
            out += '\n';
          }
          ctx.out.write(out);
        } finally {
          await database.close();
        }
      }),
    );
}
