// What commands may use: the domain's services, built once by the composition root.
import { actionsFor } from '../src/bot/command-spec.ts';
import type { Database } from '../src/db/client.ts';
import type { RetrainQueue } from '../src/forecast/retrain-queue.ts';
import type { ForecastSettings } from '../src/forecast/settings.ts';
import type { Logger } from '../src/log.ts';
import type { MapSettings } from '../src/maps/map-settings.ts';
import type { MapRenderer } from '../src/maps/renderer.ts';

export interface CommandServices {
  database: Database;
  forecasting: ForecastSettings;
  maps: MapSettings;
  renderer: MapRenderer;
  retrain: RetrainQueue;
  agencyName: string;
  /** Patrol units on a shift, unless a subscription says otherwise. */
  units: number;
  briefingTop: number;
  log: Logger;
  /** The clock, so that tests can ask about a fixed moment. */
  now(): Date;
}

export const defineAction = actionsFor<CommandServices>();
