// Runs the scheduled jobs with node-cron, each in the agency's time zone. Every replica schedules them
// all; each run is claimed in the database, so it happens once.
import { randomUUID } from 'node:crypto';
import { type ScheduledTask, schedule } from 'node-cron';
import type { Database } from '../src/db/client.ts';
import type { Logger } from '../src/log.ts';
import { claimJob, finishJob, reapExpiredJobs, renewJob } from '../src/schedule/job-runs.ts';
import type { JobSchedule } from '../src/schedule/job-schedule.ts';

export type JobWork = (now: Date) => Promise<Record<string, unknown>>;

export interface RunningJobs {
  owner: string;
  /** Runs a job now, as its schedule would (tests, and `patrolcast jobs --run`). */
  runNow(name: string, now: Date): Promise<'succeeded' | 'failed' | 'taken'>;
  stop(): Promise<void>;
}

/** A live replica renews its runs' leases every third of this; a dead one's runs are reaped after it. */
const LEASE_MS = 5 * 60_000;
/** Jobs worth running again at once when a replica died in the middle of them (the rest come round soon). */
const RETRIED_WHEN_REAPED = new Set(['retrain', 'retention']);
const RETRY_SUFFIX = '/retry';

export function startJobs(
  database: Database,
  schedules: JobSchedule[],
  work: Readonly<Record<string, JobWork>>,
  log: Logger,
  options: { start?: boolean; replica?: string } = {},
): RunningJobs {
  // Who this process is in leases: the same name its briefing claims use, when the caller gives one.
  const owner = options.replica ?? `replica-${randomUUID().slice(0, 8)}`;
  const inFlight = new Set<Promise<unknown>>();

  async function run(
    job: JobSchedule,
    now: Date,
    runKey?: string,
  ): Promise<'succeeded' | 'failed' | 'taken'> {
    await reap(now);
    const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
    const id = await claimJob(database, job.name, runKey ?? minute.toISOString(), owner, now, LEASE_MS);
    if (id === undefined) return 'taken';
    // The lease is renewed while the work goes on, so only a replica that died loses it.
    const renewal = setInterval(() => {
      renewJob(database, id, owner, new Date(), LEASE_MS).catch((error: unknown) =>
        log.warn({ job: job.name, err: error }, 'could not renew the job lease'),
      );
    }, LEASE_MS / 3);
    renewal.unref();
    try {
      const result = await work[job.name]!(now);
      clearInterval(renewal);
      await finishJob(database, id, owner, { status: 'succeeded', result }, new Date());
      return 'succeeded';
    } catch (error) {
      clearInterval(renewal);
      log.error({ job: job.name, err: error }, 'job failed');
      await finishJob(database, id, owner, { status: 'failed', error: String(error) }, new Date());
      return 'failed';
    }
  }

  /** Fails the runs of replicas that died holding them, and runs the important ones again, once. */
  async function reap(now: Date): Promise<void> {
    const reaped = await reapExpiredJobs(database, now);
    for (const r of reaped) {
      log.warn({ job: r.name, runKey: r.runKey }, 'a run was left unfinished by a replica that stopped');
      const job = schedules.find((j) => j.name === r.name);
      if (!job || !work[job.name] || !RETRIED_WHEN_REAPED.has(job.name) || r.runKey.endsWith(RETRY_SUFFIX))
        continue;
      // One replica wins the retry's claim: its key is the lost run's own.
      const retry = run(job, new Date(), `${r.runKey}${RETRY_SUFFIX}`).catch((error: unknown) =>
        log.error({ job: job.name, err: error }, 'job retry could not run'),
      );
      inFlight.add(retry);
      void retry.finally(() => inFlight.delete(retry));
    }
  }

  const tasks: ScheduledTask[] = [];
  if (options.start ?? true) {
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
