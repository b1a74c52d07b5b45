// What forecasting needs from the configuration, in one object.
import type { Config } from '../config.ts';
import type { FairnessLimits } from '../fairness/warnings.ts';
import type { Jurisdiction } from '../ingest/jurisdiction.ts';
import type { HistoryFilter } from './history.ts';
import type { ShiftDefinition, WindowSettings } from './windows.ts';

export interface ForecastSettings extends WindowSettings {
  timeZone: string;
  shifts: ShiftDefinition[];
  h3Resolution: number;
  trainOrigins: string[];
  excludedCategories: string[];
  trainDays: number;
  promotionTolerance: number;
  staleDays: number;
  fairness: FairnessLimits;
  mlForestMaxRows: number;
  boundary?: Jurisdiction;
  covariatesFile?: string;
  units: number;
  /** A unit's places lie within this many metres of its start. */
  unitRadiusM: number;
  /** Minutes suggested per visit. */
  visitMinutes: number;
}

export const forecastSettings = (config: Config): ForecastSettings => ({
  timeZone: config.timeZone,
  shifts: config.shifts,
  h3Resolution: config.h3Resolution,
  trainOrigins: config.trainOrigins,
  excludedCategories: config.excludedCategories,
  trainDays: config.trainDays,
  promotionTolerance: config.promotionTolerance,
  staleDays: config.staleDays,
  fairness: config.fairness,
  mlForestMaxRows: config.mlForestMaxRows,
  boundary: config.jurisdiction,
  covariatesFile: config.covariatesFile,
  units: config.units,
  unitRadiusM: config.unitRadiusM,
  visitMinutes: config.visitMinutes,
});

/** The incidents a model learns from and is scored on, up to an instant. */
export const historyFilter = (settings: ForecastSettings, until: Date): HistoryFilter => ({
  until,
  origins: settings.trainOrigins,
  excludedCategories: settings.excludedCategories,
});
