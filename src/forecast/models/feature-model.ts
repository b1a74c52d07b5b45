// A learned model that maps feature rows to scores, wrapped as a Forecaster.
import { modelRow, modelRows } from '../feature-columns.ts';
import type { FeatureContext } from '../features.ts';
import type { ForecastWindow } from '../windows.ts';
import type { Contribution, Forecaster } from './forecaster.ts';

export interface RowModel {
  readonly features: string[];
  predict(x: Float64Array, n: number): Float64Array;
}

/** Scores cells with a row model; explains by how much each feature, set to the city's median, moves the score. */
export class FeatureForecaster implements Forecaster {
  constructor(
    readonly algorithm: string,
    readonly model: RowModel,
    private readonly serialized: () => unknown,
  ) {}

  score(ctx: FeatureContext, window: ForecastWindow): Float64Array {
    return this.model.predict(modelRows(ctx, window, this.model.features), ctx.area.cells.length);
  }

  explain(ctx: FeatureContext, window: ForecastWindow, cell: number): Contribution[] {
    const names = this.model.features;
    const f = names.length;
    const x = modelRow(ctx, cell, window, names);
    // One row per feature, each with that feature replaced by zero (no recent incidents, no share).
    const probes = new Float64Array(f * (f + 1));
    for (let r = 0; r <= f; r++) {
      probes.set(x, r * f);
      if (r < f) probes[r * f + r] = 0;
    }
    const scores = this.model.predict(probes, f + 1);
    const full = scores[f]!;
    return names
      .map((feature, j) => ({ feature, value: x[j]!, effect: full - scores[j]! }))
      .sort((a, b) => b.effect - a.effect);
  }

  serialize(): unknown {
    return this.serialized();
  }
}
