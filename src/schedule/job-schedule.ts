// When each scheduled job runs: data, so that the API and the CLI can report next runs without
// running the jobs themselves. The work of each job lives in jobs/.
import { createTask } from 'node-cron';
import type { Database } from '../db/client.ts';
import { type JobHistory, jobHistory } from './job-runs.ts';

export interface JobSchedule {
  name: string;
  description: string;
  /** A cron expression (minute hour day month weekday), in `timeZone`. */
  cron: string;
  timeZone: string;
}

export interface ScheduleSettings {
  timeZone: string;
  retrainCron: string | undefined;
  feedsCron?: string | undefined;
  retentionYears: number;
  auditRetentionDays: number;
}

export function jobSchedule(settings: ScheduleSettings): JobSchedule[] {
  const tz = settings.timeZone;
  const jobs: JobSchedule[] = [
    {
      name: 'briefings',
      description: 'post the shift briefings that are due',
      cron: '* * * * *',
      timeZone: tz,
    },
    {
      name: 'forecast-refresh',
      description: "score the next shift's forecasts before its briefings",
      cron: '*/10 * * * *',
      timeZone: tz,
    },
    {
      name: 'scoring',
      description: 'score the served forecasts whose windows are over; report a forecast that slips',
      cron: '20 * * * *',
      timeZone: tz,
    },
    {
      name: 'monthly-report',
      description: "post last month's accuracy report on the 1st",
      cron: '0 8 1 * *',
      timeZone: tz,
    },
  ];
  if (settings.retrainCron) {
    jobs.push({
      name: 'retrain',
      description: 'train a new model; promote it if it is not worse',
      cron: settings.retrainCron,
      timeZone: tz,
    });
  }
  if (settings.feedsCron) {
    jobs.push({
      name: 'feeds',
      description: 'run the data feeds: what changed at each source since its last run',
      cron: settings.feedsCron,
      timeZone: tz,
    });
  }
  if (settings.retentionYears > 0 || settings.auditRetentionDays > 0) {
    jobs.push({
      name: 'retention',
      description: 'delete incidents and audit entries older than the retention settings',
      cron: '30 2 * * *',
      timeZone: tz,
    });
  }
  return jobs;
}

/** The next time a cron expression fires in a zone. */
export function nextRun(job: JobSchedule): Date | null {
  const task = createTask(job.cron, () => undefined, { timezone: job.timeZone, name: `next-${job.name}` });
  try {
    // getNextRun answers only for a started task; this one is never started.
    return task.getNextRuns(1)[0] ?? null;
  } finally {
    void task.destroy();
  }
}

/** A job that has failed this many times in a row is reported by /readyz. */
export const FAILING_AFTER = 3;

export interface JobStatus extends JobSchedule {
  nextRun: string | null;
  last: Omit<JobHistory, 'name'> | null;
  failing: boolean;
}

export async function jobStatuses(database: Database, schedule: JobSchedule[]): Promise<JobStatus[]> {
  const history = new Map((await jobHistory(database)).map((h) => [h.name, h]));
  return schedule.map((job) => {
    const h = history.get(job.name);
    const last = h ? (({ name: _name, ...rest }) => rest)(h) : null;
    return {
      ...job,
      nextRun: nextRun(job)?.toISOString() ?? null,
      last,
      failing: (h?.consecutiveFailures ?? 0) >= FAILING_AFTER,
    };
  });
}

export const scheduleSettings = (config: {
  timeZone: string;
  schedule: {
    retrainCron: string | undefined;
    feedsCron?: string | undefined;
    retentionYears: number;
    auditRetentionDays: number;
  };
}): ScheduleSettings => ({
  timeZone: config.timeZone,
  retrainCron: config.schedule.retrainCron,
  feedsCron: config.schedule.feedsCron,
  retentionYears: config.schedule.retentionYears,
  auditRetentionDays: config.schedule.auditRetentionDays,
});
