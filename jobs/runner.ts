// Runs the scheduled jobs with node-cron, each in the agency's time zone. Every replica schedules them
// all; each run is claimed in the database, so it happens once.
import { randomUUID } from 'node:crypto';
import { type ScheduledTask, schedule } from 'node-cron';
import type { Database } from '../src/db/client.ts';
import type { Logger } from '../src/log.ts';
import { claimJob, finishJob } from '../src/schedule/job-runs.ts';
import type { JobSchedule } from '../src/schedule/job-schedule.ts';

export type JobWork = (now: Date) => Promise<Record<string, unknown>>;

export interface RunningJobs {
  owner: string;
  /** Runs a job now, as its schedule would (tests, and `patrolcast jobs --run`). */
  runNow(name: string, now: Date): Promise<'succeeded' | 'failed' | 'taken'>;
  stop(): Promise<void>;
}

const LEASE_MS = 30 * 60_000;

export function startJobs(
  database: Database,
  schedules: JobSchedule[],
  work: Readonly<Record<string, JobWork>>,
  log: Logger,
  options: { start: boolean } = { start: true },
): RunningJobs {
  const owner = `replica-${randomUUID().slice(0, 8)}`;
  const inFlight = new Set<Promise<unknown>>();

  async function run(job: JobSchedule, now: Date): Promise<'succeeded' | 'failed' | 'taken'> {
    const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
    const id = await claimJob(database, job.name, minute.toISOString(), owner, now, LEASE_MS);
    if (id === undefined) return 'taken';
    try {
      const result = await work[job.name]!(now);
      await finishJob(database, id, owner, { status: 'succeeded', result }, new Date());
      return 'succeeded';
    } catch (error) {
      log.error({ job: job.name, err: error }, 'job failed');
      await finishJob(database, id, owner, { status: 'failed', error: String(error) }, new Date());
      return 'failed';
    }
  }

  const tasks: ScheduledTask[] = [];
  if (options.start) {
    for (const job of schedules) {
      if (!work[job.name]) continue;
      tasks.push(
        schedule(
          job.cron,
          (context) => {
            const running = run(job, context.date ?? new Date()).catch((error: unknown) =>
              log.error({ job: job.name, err: error }, 'job could not run'),
            );
            inFlight.add(running);
            void running.finally(() => inFlight.delete(running));
          },
          { name: `patrolcast-${job.name}-${owner}`, timezone: job.timeZone, noOverlap: true },
        ),
      );
    }
    log.info({ owner, jobs: tasks.length }, 'scheduled jobs running');
  }

  return {
    owner,
    runNow: (name, now) => {
      const job = schedules.find((j) => j.name === name);
      if (!job || !work[name]) throw new Error(`no job named ${name}`);
      return run(job, now);
    },
    async stop() {
      for (const task of tasks) await task.destroy();
      await Promise.allSettled([...inFlight]);
    },
  };
}
