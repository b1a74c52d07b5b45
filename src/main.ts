// The composition root: builds every part from the configuration and wires them together.
import { accuracySettings } from './accuracy/settings.ts';
import { createApi } from './api/app.ts';
import { type HttpServer, listen } from './api/server.ts';
import { recordTrainingSettings } from './audit/settings-changes.ts';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { DEMO_LABEL } from './demo/city.ts';
import { hasNoIncidents, loadDemoData } from './demo/load.ts';
import { activeModel } from './forecast/registry.ts';
import { RetrainQueue } from './forecast/retrain-queue.ts';
import { forecastSettings } from './forecast/settings.ts';
import { followDataTimeZone } from './ingest/data-time-zone.ts';
import { importSettings } from './ingest/settings.ts';
import type { Logger } from './log.ts';
import { jobSchedule, scheduleSettings } from './schedule/job-schedule.ts';

export interface RunningApp {
  database: Database;
  http: HttpServer;
  stop(): Promise<void>;
}

/** Something that runs beside the API (chat adapters, the scheduler), started and stopped with it. */
export type Companion = (context: CompanionContext) => Promise<{ stop(): Promise<void> }>;

export interface CompanionContext {
  database: Database;
  config: Config;
  log: Logger;
  /** One training at a time, whether the API or a chat command asked for it. */
  retrain: RetrainQueue;
}

export interface StartOptions {
  /** Started once the API listens; stopped, last started first, before the database closes. */
  companions?: Companion[];
  /** Load the demo city into an empty database (start does, serve does not). */
  seedDemo: boolean;
  /** Opens (and, for start, migrates) the database; the command line holds an embedded one exclusively. */
  open: () => Promise<Database>;
}

/** Trains a model in the background when there is none and there is data to learn from. */
async function trainFirstModel(database: Database, retrain: RetrainQueue, log: Logger): Promise<void> {
  try {
    if ((await activeModel(database)) || (await hasNoIncidents(database))) return;
    log.info('there is no model yet: training one');
    // Through the queue: a /retrain meanwhile waits its turn behind it, not run beside it.
    const outcome = await retrain.start({ actor: 'the system (first model)' }).done;
    log.info(
      { version: outcome.model.version, hitRateAt5: outcome.evaluation.candidate?.hr[5] },
      'first model trained',
    );
  } catch (error) {
    log.warn(
      { reason: error instanceof Error ? error.message : String(error) },
      'could not train a first model',
    );
  }
}

export async function startApp(config: Config, log: Logger, options: StartOptions): Promise<RunningApp> {
  const database = await options.open();
  try {
    const zone = await followDataTimeZone(config, database);
    if (zone)
      log.info(
        { timeZone: zone },
        'shifts follow the time zone found in the data (PATROLCAST_TZ is not set)',
      );
    if (options.seedDemo && config.demoOnEmpty && (await hasNoIncidents(database))) {
      const demo = await loadDemoData(database, {
        days: config.demoDays,
        seed: 1,
        timeZone: config.timeZone,
        h3Resolution: config.h3Resolution,
      });
      log.warn(
        { incidents: demo.accepted, days: config.demoDays },
        `the database had no incidents: loaded the synthetic demo city (${DEMO_LABEL}); import real data to replace it`,
      );
    }
    const forecasting = forecastSettings(config);
    const retrain = RetrainQueue.for(database, forecasting, log);
    if (
      await recordTrainingSettings(database, {
        origins: config.trainOrigins,
        excludedCategories: config.excludedCategories,
      })
    )
      log.info(
        { origins: config.trainOrigins, excludedCategories: config.excludedCategories },
        'training data settings recorded in the audit log',
      );
    const api = createApi({
      database,
      log,
      importSettings: importSettings(config),
      apiToken: config.apiToken,
      maxBodyBytes: config.maxBodyBytes,
      forecastSettings: forecasting,
      accuracy: accuracySettings(config),
      ratePerMinute: config.apiRatePerMinute,
      refusalsPerMinute: config.apiRefusalsPerMinute,
      corsOrigins: config.corsOrigins,
      retrain,
      jobs: config.schedule.enabled ? jobSchedule(scheduleSettings(config)) : [],
    });
    const http = await listen(api, config.port, config.host);
    log.info({ url: http.url }, 'API listening');
    // A first model, so that forecasts work from the start; training later is the analysts' call.
    const firstModel = options.seedDemo ? trainFirstModel(database, retrain, log) : Promise.resolve();
    const running: { stop(): Promise<void> }[] = [];
    try {
      for (const companion of options.companions ?? [])
        running.push(await companion({ database, config, log, retrain }));
    } catch (error) {
      for (const r of running.reverse()) await r.stop();
      await http.close();
      await firstModel;
      throw error;
    }
    return {
      database,
      http,
      async stop() {
        for (const r of running.reverse()) await r.stop();
        await http.close();
        await firstModel;
        await retrain.idle();
        await database.close();
        log.info('stopped');
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
