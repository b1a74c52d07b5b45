// The forecast for a window: read it if stored, else score it with the active model and store it.
// Scoring is a few hundred milliseconds; training never happens here.

import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { decodedRows } from '../db/rows.ts';
import { DEMO_SOURCE } from '../demo/city.ts';
import { ConflictError } from '../errors.ts';
import type { Category } from '../ingest/categories.ts';
import { cityRatePerWindow } from './city-rate.ts';
import { contextAt } from './context-at.ts';
import { readCovariates } from './covariates.ts';
import { DEFAULT_CATEGORY } from './defaults.ts';
import type { FeatureContext } from './features.ts';
import { forecastById, readForecast, type StoredForecast, storeForecast } from './forecast-store.ts';
import { DAY, loadIncidents } from './history.ts';
import { rankCells } from './metrics.ts';
import type { Forecaster } from './models/forecaster.ts';
import { deskReason, reasonsInWords } from './reasons.ts';
import { activeModel, type ModelRecord, modelById, modelRecord } from './registry.ts';
import { type ForecastSettings, historyFilter } from './settings.ts';
import { demoReplaced, noActiveModel } from './why-no-model.ts';
import { type ForecastWindow, type WindowKind, windowsBetween } from './windows.ts';

/** Cells whose reasons are worked out and stored; the rest of the map needs only a score. */
const EXPLAINED = 50;

// Per database: model 1 of one database is not model 1 of another (a process may hold two).
const loadedIn = new WeakMap<Database, Map<number, Promise<Forecaster>>>();

/** The model ready to score; its artifact is read and parsed once per process. */
function forecasterFor(database: Database, model: ModelRecord): Promise<Forecaster> {
  let loaded = loadedIn.get(database);
  if (!loaded) {
    loaded = new Map();
    loadedIn.set(database, loaded);
  }
  let f = loaded.get(model.id);
  if (!f) {
    f = modelById(database, model.id).then(async (m) => {
      if (!m?.artifact) throw new Error(`model ${model.id} has no artifact`);
      // The methods (and their libraries) load when a forecast must be made, not to read a stored one.
      const { algorithmNamed } = await import('./models/algorithms.ts');
      return algorithmNamed(model.algorithm).load(JSON.parse(m.artifact));
    });
    loaded.set(model.id, f);
    const forget = loaded;
    f.catch(() => forget.delete(model.id));
  }
  return f;
}

/**
 * A model of the synthetic city does not answer for real data: once an import has replaced the demo
 * incidents, its forecasts (stored ones too) would show the demo's streets as the agency's hotspots.
 */
async function refuseDemoAfterRealData(database: Database): Promise<void> {
  const [demo] = await decodedRows(
    database,
    z.object({ any: z.boolean() }),
    'select exists (select 1 from settled_incidents where source = $1) as any',
    [DEMO_SOURCE],
  );
  if (demo?.any) return;
  throw new ConflictError(await demoReplaced(database));
}

export interface ForecastRequest {
  window: ForecastWindow;
  category: Category | 'all';
}

async function contextFor(
  database: Database,
  settings: ForecastSettings,
  model: ModelRecord,
  request: ForecastRequest,
): Promise<FeatureContext> {
  const start = request.window.start;
  const table = await loadIncidents(database, historyFilter(settings, start), settings.h3Resolution);
  if (table.time.length === 0)
    throw new ConflictError('there are no incidents before this window to forecast from');
  const covariates = settings.covariatesFile
    ? await readCovariates(settings.covariatesFile, settings.h3Resolution)
    : undefined;
  const kind = model.params.windowKind ?? 'shift';
  return contextAt(table, settings, start.getTime(), request.category, kind, covariates);
}

// Requests for the same forecast while it is being scored wait for that scoring, rather than repeat it.
const scoring = new WeakMap<Database, Map<string, Promise<StoredForecast>>>();

/** The active model's forecast for the window, stored on first use. */
export async function ensureForecast(
  database: Database,
  settings: ForecastSettings,
  request: ForecastRequest,
): Promise<StoredForecast> {
  let inFlight = scoring.get(database);
  if (!inFlight) {
    inFlight = new Map();
    scoring.set(database, inFlight);
  }
  const key = `${request.window.kind}:${request.window.start.toISOString()}:${request.category}`;
  const pending = inFlight.get(key);
  if (pending) return pending;
  const work = scoreOrRead(database, settings, request);
  inFlight.set(key, work);
  try {
    return await work;
  } finally {
    inFlight.delete(key);
  }
}

async function scoreOrRead(
  database: Database,
  settings: ForecastSettings,
  request: ForecastRequest,
): Promise<StoredForecast> {
  // The common case, answered with two small queries: the category's model, and its stored forecast.
  const model = await activeModel(database, request.category);
  if (!model) throw new ConflictError(await noActiveModel(database));
  if (model.demo) await refuseDemoAfterRealData(database);
  const modelKind = model.params.windowKind ?? 'shift';
  const { window, category } = request;
  const stored = await readForecast(database, {
    modelId: model.id,
    windowStart: window.start,
    windowKind: window.kind,
    category,
  });
  if (stored) return stored;
  if (window.kind === 'shift' && modelKind === 'day') {
    throw new ConflictError('the active model forecasts whole days: ask for today or tomorrow');
  }
  const coarse = (k: string) => k === 'week' || k === 'month';
  if (window.kind !== modelKind && (coarse(window.kind) || coarse(modelKind)))
    throw new ConflictError(
      `the active model forecasts ${modelKind} windows, not ${window.kind} ones: the data are dated no finer`,
    );
  const forecaster = await forecasterFor(database, model);
  const ctx = await contextFor(database, settings, model, request);
  const parts = partsOf(window, modelKind, settings);
  const n = ctx.area.cells.length;
  const total = new Float64Array(n);
  const partScores = parts.map((part) => forecaster.score(ctx, part));
  for (const scores of partScores) for (let s = 0; s < n; s++) total[s]! += scores[s]!;
  const modelCategory = model.params.category ?? DEFAULT_CATEGORY;
  if (category !== modelCategory) {
    // A model of another category ranks these cells by their own history of this category, but its
    // numbers are on its own scale: expected incidents are put back on this category's recent rate.
    const perWindow = parts.reduce((s, part) => s + cityRatePerWindow(ctx, part), 0);
    const sum = total.reduce((a, b) => a + b, 0);
    if (sum > 0) for (let s = 0; s < n; s++) total[s]! *= perWindow / sum;
  }
  const ranking = rankCells(total);
  const rank = new Int32Array(n);
  ranking.forEach((s, r) => {
    rank[s] = r + 1;
  });
  const reasons = new Map<number, string[]>();
  const explain = { ctx, forecaster, parts, partScores, settings, category };
  for (const s of ranking.subarray(0, EXPLAINED)) reasons.set(s, cellReasons(explain, s));
  const id = await storeForecast(database, {
    modelId: model.id,
    windowStart: window.start,
    windowEnd: window.end,
    windowKind: window.kind,
    category,
    demo: model.demo || ctx.table.demo,
    cells: ctx.area.cells.map((cell, s) => ({
      cell,
      score: total[s]!,
      expected: total[s]!,
      rank: rank[s]!,
      reasons: reasons.get(s) ?? [],
      desk: ctx.reportDesks.desks.has(ctx.area.tableCell[s]!),
    })),
  });
  return (await forecastById(database, id))!;
}

/** A cell's reasons, from the shift that contributes most to its total. */
function cellReasons(
  e: {
    ctx: FeatureContext;
    forecaster: Forecaster;
    parts: ForecastWindow[];
    partScores: Float64Array[];
    settings: ForecastSettings;
    category: Category | 'all';
  },
  s: number,
): string[] {
  const { ctx, parts, partScores } = e;
  let best = 0;
  for (let p = 1; p < parts.length; p++) if (partScores[p]![s]! > partScores[best]![s]!) best = p;
  const part = parts[best]!;
  const words = reasonsInWords(e.forecaster.explain(ctx, part, s), {
    window: part,
    category: e.category,
    // Hours read as the answers print them elsewhere: 22:00–06:00, not the setting's 22:00-06:00.
    slotNames: e.settings.shifts.map((x) => x.name.replace('-', '–')),
    historyDays: (part.start.getTime() - (ctx.table.time[0] ?? part.start.getTime())) / DAY,
  });
  // What the count leaves out is told wherever the place is listed, whatever the model.
  const desk = ctx.reportDesks.desks.get(ctx.area.tableCell[s]!);
  if (desk) words.push(deskReason(desk, ctx.reportDesks.minutes, ctx.reportDesks.cityShare));
  return words;
}

/**
 * The reasons of a place ranked too low for its stored forecast to hold them (asked for by its street,
 * "why is Gessner not on the night list?"), worked out now from the model and the data the forecast
 * was made from; none when the model or the place is gone.
 */
export async function reasonsOfPlace(
  database: Database,
  settings: ForecastSettings,
  request: ForecastRequest,
  forecast: Pick<StoredForecast, 'modelId'>,
  cell: string,
): Promise<string[]> {
  const model = await modelRecord(database, forecast.modelId);
  if (!model) return [];
  const { window, category } = request;
  const forecaster = await forecasterFor(database, model);
  const ctx = await contextFor(database, settings, model, request);
  const s = ctx.area.cells.indexOf(cell);
  if (s < 0) return [];
  const parts = partsOf(window, model.params.windowKind ?? 'shift', settings);
  const partScores = parts.map((part) => forecaster.score(ctx, part));
  return cellReasons({ ctx, forecaster, parts, partScores, settings, category }, s);
}

/** The windows a model scores for one asked: the window itself, or a day from a shift model as its shifts. */
function partsOf(
  window: ForecastWindow,
  modelKind: WindowKind,
  settings: ForecastSettings,
): ForecastWindow[] {
  if (window.kind === modelKind) return [window];
  const [year, month, day] = window.date.split('-').map(Number) as [number, number, number];
  return windowsBetween('shift', { year, month, day }, { year, month, day }, settings);
}
