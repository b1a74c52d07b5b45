// What each scheduled job does. The schedule (when) is in src/schedule/job-schedule.ts.

import { type AccuracySettings, DEFAULT_ACCURACY } from '../src/accuracy/settings.ts';
import type { ChannelPoster } from '../src/bot/poster.ts';
import { listSubscriptions } from '../src/briefing/subscriptions.ts';
import type { BriefingDeps } from '../src/briefing/view.ts';
import { deletedBefore } from '../src/db/retention.ts';
import { ConflictError } from '../src/errors.ts';
import { trainOnFirstRealData } from '../src/forecast/first-real-data.ts';
import { ensureForecast } from '../src/forecast/forecast-service.ts';
import { answerableWindow } from '../src/forecast/model-window.ts';
import { trainWhereNoModelAnswers } from '../src/forecast/no-model-answers.ts';
import { activeModel } from '../src/forecast/registry.ts';
import type { RetrainQueue } from '../src/forecast/retrain-queue.ts';
import { resolveWindow } from '../src/forecast/windows.ts';
import { type Category, isCategory } from '../src/ingest/categories.ts';
import type { ImportSettings } from '../src/ingest/importer.ts';
import { BriefingScheduler, type SchedulerOptions } from '../src/schedule/briefing-scheduler.ts';
import { runDueFeeds } from './feeds-job.ts';
import { postMonthlyReport } from './monthly-report-job.ts';
import type { JobWork } from './runner.ts';
import { type AccuracyJobDeps, runScoring } from './scoring-job.ts';

export interface JobDeps {
  briefing: BriefingDeps;
  posters: ReadonlyMap<string, ChannelPoster>;
  scheduler: Omit<SchedulerOptions, 'owner'>;
  retrain: RetrainQueue;
  retention: { years: number; auditDays: number };
  importing: ImportSettings;
  /** Where alerts go (a feed that keeps failing); none when unset. */
  adminChannel?: { platform: string; channelId: string } | undefined;
  /** Live scoring and drift (defaults when unset). */
  accuracy?: AccuracySettings;
}

const YEAR_MS = 365.25 * 24 * 3_600_000;

export function jobWork(deps: JobDeps, owner: string): Record<string, JobWork> {
  const scheduler = new BriefingScheduler(deps.briefing, deps.posters, { ...deps.scheduler, owner });
  const { database, forecasting } = deps.briefing;
  const refreshForecasts = async (now: Date) => {
    // A first training that failed, or data that replaced the demo city with no server to train on it,
    // left no model to answer: one is trained first, and its forecasts are scored ahead as any model's.
    const missing = await trainWhereNoModelAnswers(database, deps.retrain);
    if (!(await activeModel(database))) return { skipped: 'no active model', ...missing };
    const categories = new Set<Category | 'all'>(['all']);
    for (const s of await listSubscriptions(database)) {
      if (s.enabled && s.category && isCategory(s.category)) categories.add(s.category);
    }
    // As the briefings will ask for them: a city without times of day scores the day holding the shifts.
    const asked = [resolveWindow('now', now, forecasting), resolveWindow('next', now, forecasting)];
    const answerable = await Promise.all(asked.map((w) => answerableWindow(database, w, forecasting)));
    const windows = answerable.filter(
      (w, i) =>
        answerable.findIndex((v) => v.kind === w.kind && v.start.getTime() === w.start.getTime()) === i,
    );
    try {
      for (const window of windows) {
        for (const category of categories) await ensureForecast(database, forecasting, { window, category });
      }
    } catch (error) {
      // No model answers yet (real data replaced the demo city, and its training has not finished):
      // nothing to score ahead, and nothing has failed.
      if (error instanceof ConflictError) return { skipped: error.message, ...missing };
      throw error;
    }
    return { ...missing, windows: windows.map((w) => w.label), categories: [...categories] };
  };
  const accuracyJob: AccuracyJobDeps = {
    database,
    forecasting,
    accuracy: deps.accuracy ?? DEFAULT_ACCURACY,
    posters: deps.posters,
    adminChannel: deps.adminChannel,
  };
  return {
    briefings: async (now) => ({ ...(await scheduler.tick(now)) }),

    // The forecasts the next briefings need, scored ahead so that posting them is quick.
    'forecast-refresh': refreshForecasts,

    retrain: async () => {
      const outcome = await deps.retrain.start({ actor: 'the system (scheduled retrain)' }).done;
      return {
        version: outcome.model.version,
        promoted: outcome.promoted,
        hitRateAt5: outcome.evaluation.candidate?.hr[5] ?? null,
        reason: outcome.reason,
      };
    },

    feeds: (now) =>
      runDueFeeds(
        {
          database,
          importing: deps.importing,
          timeZone: forecasting.timeZone,
          posters: deps.posters,
          adminChannel: deps.adminChannel,
          leadMs: deps.scheduler.leadMs,
          refreshForecasts,
          firstRealData: (actor) => trainOnFirstRealData(deps.retrain, actor),
        },
        now,
      ),

    scoring: (now) => runScoring(accuracyJob, now),

    'monthly-report': (now) => postMonthlyReport(accuracyJob, now),

    retention: async (now) => {
      const out: Record<string, number> = {};
      if (deps.retention.years > 0) {
        const before = new Date(now.getTime() - deps.retention.years * YEAR_MS);
        out.incidentsDeleted = await deletedBefore(database, 'incidents', before);
      }
      if (deps.retention.auditDays > 0) {
        const before = new Date(now.getTime() - deps.retention.auditDays * 24 * 3_600_000);
        out.auditEntriesDeleted = await deletedBefore(database, 'audit_log', before);
      }
      // Rate-limit rows of callers quiet for a day carry no state worth keeping.
      out.rateLimitsCleared = await deletedBefore(
        database,
        'rate_limits',
        new Date(now.getTime() - 24 * 3_600_000),
      );
      return out;
    },
  };
}
