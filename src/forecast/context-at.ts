// The features for forecasting from an instant: the study area is the cells of the `trainDays` before
// it (or the boundary's), with the analyst's covariates when they are loaded. Training, forecasts and
// the fairness report all start here, so that a model is always scored on the features it learnt from.

import type { Category } from '../ingest/categories.ts';
import { recentEnd } from './city-rate.ts';
import { type CovariateTable, covariatesFor } from './covariates.ts';
import { buildFeatureContext, type FeatureContext } from './features.ts';
import { DAY, type IncidentTable } from './history.ts';
import type { ForecastSettings } from './settings.ts';
import { buildStudyArea } from './study-area.ts';
import type { WindowKind } from './windows.ts';

export function contextAt(
  table: IncidentTable,
  settings: ForecastSettings,
  from: number,
  category: Category | 'all',
  kind: WindowKind,
  covariates?: CovariateTable,
): FeatureContext {
  // Data that stop long before `from` are an old extract: its places are the study area still.
  const to = recentEnd(from, table.time[table.time.length - 1] ?? from);
  const area = buildStudyArea(table, { from: to - settings.trainDays * DAY, to }, settings.boundary);
  return buildFeatureContext(
    table,
    area,
    category,
    settings,
    kind,
    covariates ? covariatesFor(covariates, area) : undefined,
  );
}
