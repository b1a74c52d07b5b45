// Builds the bot every adapter shares: the command services, and one dispatcher over the commands.

import { commands } from '../commands/index.ts';
import type { CommandServices } from '../commands/services.ts';
import { accuracySettings } from '../src/accuracy/settings.ts';
import { recordAudit } from '../src/audit/audit-log.ts';
import { limiterFor } from '../src/auth/shared-rate-limit.ts';
import { Dispatcher } from '../src/bot/dispatcher.ts';
import { listMemoryFor } from '../src/bot/last-lists.ts';
import { databaseShares } from '../src/bot/share-store.ts';
import type { Config } from '../src/config.ts';
import type { Database } from '../src/db/client.ts';
import { RetrainQueue } from '../src/forecast/retrain-queue.ts';
import { forecastSettings } from '../src/forecast/settings.ts';
import type { Logger } from '../src/log.ts';
import { mapSettings } from '../src/maps/map-settings.ts';
import { MapRenderer } from '../src/maps/renderer.ts';

export interface Bot {
  dispatcher: Dispatcher<CommandServices>;
  services: CommandServices;
  /** Waits for commands and training in flight, then frees the map worker. */
  close(): Promise<void>;
}

export function createBot(
  database: Database,
  config: Config,
  log: Logger,
  options: { now?: () => Date; retrain?: RetrainQueue } = {},
): Bot {
  const forecasting = forecastSettings(config);
  const maps = mapSettings(config);
  const renderer = new MapRenderer({ timeoutMs: maps.renderTimeoutMs, cacheSize: 32 });
  const retrain = options.retrain ?? RetrainQueue.for(database, forecasting, log);
  const services: CommandServices = {
    database,
    forecasting,
    maps,
    renderer,
    retrain,
    accuracy: accuracySettings(config),
    lastLists: listMemoryFor(database),
    agencyName: config.agencyName,
    units: config.units,
    briefingTop: config.briefingTop,
    log,
    now: options.now ?? (() => new Date()),
  };
  const dispatcher = new Dispatcher(commands, services, log, {
    audit: (r) =>
      recordAudit(database, {
        actorKind: 'user',
        actor: `${r.user.platform}:${r.user.id}`,
        action: `/${r.command}`,
        params: r.params,
        outcome: r.outcome,
        requestId: r.requestId,
      }),
    shares: databaseShares(database),
    // A list and a few explanations of it come together: a burst of 8, then the steady rate.
    limiter: limiterFor(
      database,
      config.chatRatePerMinute,
      Math.min(8, Math.max(1, config.chatRatePerMinute)),
    ),
  });
  return {
    dispatcher,
    services,
    async close() {
      await dispatcher.drain();
      await retrain.idle();
      await renderer.close();
    },
  };
}
