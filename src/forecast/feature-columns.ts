// A learned model reads the features it was trained on, by name: a model stored before a feature was
// added keeps scoring with the ones it knows, so a newer feature set never breaks an active model.
import { UserError } from '../errors.ts';
import { type FeatureContext, featuresForWindow, windowContext, writeFeatures } from './features.ts';
import type { ForecastWindow } from './windows.ts';

/** Where each of the model's features sits in the context's rows; undefined when they are the same list. */
function columnsOf(model: readonly string[], ctx: FeatureContext): Int32Array | undefined {
  if (model.length === ctx.names.length && model.every((name, i) => name === ctx.names[i])) return undefined;
  const at = new Map(ctx.names.map((name, i) => [name, i]));
  const missing = model.filter((name) => !at.has(name));
  if (missing.length > 0)
    throw new UserError(
      `the model was trained on features the data does not have now (${missing.join(', ')}): load the same covariates, or train again`,
    );
  return Int32Array.from(model, (name) => at.get(name)!);
}

function project(rows: Float64Array, n: number, f: number, columns: Int32Array): Float64Array {
  const out = new Float64Array(n * columns.length);
  for (let r = 0; r < n; r++)
    for (let j = 0; j < columns.length; j++) out[r * columns.length + j] = rows[r * f + columns[j]!]!;
  return out;
}

/** Every study cell's row of the model's features for the window. */
export function modelRows(
  ctx: FeatureContext,
  window: ForecastWindow,
  model: readonly string[],
): Float64Array {
  const columns = columnsOf(model, ctx);
  const rows = featuresForWindow(ctx, window);
  return columns ? project(rows, ctx.area.cells.length, ctx.names.length, columns) : rows;
}

/** One study cell's row of the model's features for the window. */
export function modelRow(
  ctx: FeatureContext,
  s: number,
  window: ForecastWindow,
  model: readonly string[],
): Float64Array {
  const columns = columnsOf(model, ctx);
  const x = new Float64Array(ctx.names.length);
  writeFeatures(ctx, s, windowContext(ctx, window), x, 0);
  return columns ? project(x, 1, ctx.names.length, columns) : x;
}
