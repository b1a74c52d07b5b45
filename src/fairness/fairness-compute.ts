// The arithmetic of a fairness report, without the database: each window scored with the model from
// only the data before it, the top 5% flagged and tallied. Run in a worker thread: a quarter's windows
// on a big city take tens of seconds, which the API and chat must not wait behind.

import { newScoring, scoreWindows } from '../forecast/backtest.ts';
import { contextAt } from '../forecast/context-at.ts';
import type { CovariateTable } from '../forecast/covariates.ts';
import type { IncidentTable } from '../forecast/history.ts';
import { algorithmNamed } from '../forecast/models/algorithms.ts';
import { deskCells } from '../forecast/report-desks.ts';
import type { ForecastSettings } from '../forecast/settings.ts';
import type { ForecastWindow, WindowKind } from '../forecast/windows.ts';
import type { Category } from '../ingest/categories.ts';
import { type FairnessReport, FairnessTally } from './fairness-tally.ts';

export interface FairnessInput {
  table: IncidentTable;
  settings: ForecastSettings;
  model: { algorithm: string; artifact: string; kind: WindowKind; category: Category | 'all' };
  windows: ForecastWindow[];
  covariates?: CovariateTable;
  districts: Map<string, string>;
  /** Geocoders' dumps nobody kept: lists leave them out, and so does the report. */
  dumps: string[];
}

export async function computeFairness(input: FairnessInput): Promise<FairnessReport> {
  const { table, settings, model, windows } = input;
  const forecaster = await algorithmNamed(model.algorithm).load(JSON.parse(model.artifact));
  const start = windows[0]!.start.getTime();
  const ctx = contextAt(table, settings, start, model.category, model.kind, input.covariates);
  // Desks as found from the data before the period, as the period's first forecast would find them.
  const tally = new FairnessTally(new Set([...deskCells(ctx.reportDesks, table.cells), ...input.dumps]));
  scoreWindows(ctx, windows, { model: forecaster }, newScoring(['model']), undefined, { model: tally });
  return tally.report((cell) => input.districts.get(cell));
}
