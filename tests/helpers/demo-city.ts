// A demo city with a trained model, and the bot over it: what the chat tests and the benchmarks use.
// Free of the test runner, so that benchmark scripts can use it too.
import type { Bot } from '../../adapters/bot.ts';
import { createBot } from '../../adapters/bot.ts';
import { parseConfig } from '../../src/config.ts';
import type { Database } from '../../src/db/client.ts';
import { loadDemoData } from '../../src/demo/load.ts';
import { train } from '../../src/forecast/train.ts';
import type { Logger } from '../../src/log.ts';
import { silentLogger } from '../../src/log.ts';
import { TEST_FORECAST_SETTINGS as settings } from './api.ts';

/** Monday 2026-06-01, 13:00 in Chicago: the demo data ends that morning. */
export const DEMO_NOW = new Date('2026-06-01T18:00:00Z');

/** 430 days of demo incidents, ending the morning of DEMO_NOW. */
export async function demoIncidents(database: Database): Promise<Database> {
  await loadDemoData(database, {
    days: 430,
    seed: 5,
    end: { year: 2026, month: 6, day: 1 },
    timeZone: settings.timeZone,
    h3Resolution: 9,
  });
  return database;
}

/** The demo incidents and a small model trained on them. */
export async function demoInto(database: Database): Promise<Database> {
  await demoIncidents(database);
  // The forest, asked for by name: the suites that share this read its reasons and fairness report.
  await train(database, settings, {
    algorithm: 'forest',
    until: new Date('2026-06-01T05:00:00Z'),
    options: { nEstimators: 10 },
    holdoutDays: 14,
  });
  return database;
}

/** The settings the trained demo was made with, as a configuration. */
export const demoConfig = (env: Record<string, string> = {}) =>
  parseConfig({
    PATROLCAST_TZ: settings.timeZone,
    PATROLCAST_TRAIN_DAYS: String(settings.trainDays),
    PATROLCAST_UNITS: String(settings.units),
    // Tests ask many questions in a row as one user; the limit has a test of its own.
    PATROLCAST_CHAT_RATE_PER_MINUTE: '0',
    ...env,
  });

export const demoBot = (
  database: Database,
  log: Logger = silentLogger(),
  env: Record<string, string> = {},
  now: Date = DEMO_NOW,
): Bot => createBot(database, demoConfig(env), log, { now: () => now });

/** An in-memory PGlite with the trained demo city: for benchmark scripts, which run outside the test runner. */
export async function demoDatabase(): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { openDatabase, PGLITE_OPTIONS } = await import('../../src/db/client.ts');
  const { migrate } = await import('../../src/db/migrate.ts');
  const database = await openDatabase({ pglite: await PGlite.create(PGLITE_OPTIONS) });
  await migrate(database);
  return demoInto(database);
}
