// The stored scores of served forecasts over a period, one per window and category: where more than
// one model served the same window (a retrain during it), the first served is the one counted, as
// that is the one the briefing carried.
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { decodedRows, wholeNumber } from '../db/rows.ts';
import { COVERAGES, type Coverage, type Tally } from '../forecast/metrics.ts';
import { WINDOW_KINDS, type WindowKind } from '../forecast/windows.ts';
import type { MethodScore } from './score-forecast.ts';

export interface ScoredWindow {
  forecastId: number;
  windowStart: Date;
  windowEnd: Date;
  windowKind: WindowKind;
  category: string;
  modelVersion: number;
  algorithm: string;
  incidents: number;
  methods: Record<string, MethodScore>;
}

const tally = z.object({
  hits: z.number(),
  incidents: z.number(),
  bestPossible: z.number(),
  flaggedArea: z.number(),
  totalArea: z.number(),
  flagged: z.number(),
  flaggedWithIncident: z.number(),
  cellsWithIncident: z.number(),
  windows: z.number(),
});
const methodScore = z.object({
  tallies: z.object(
    Object.fromEntries(COVERAGES.map((c) => [String(c), tally])) as Record<`${Coverage}`, typeof tally>,
  ),
  top: z.object({ observed: z.number(), expected: z.number() }),
  byCategory: z.record(z.string(), z.object({ incidents: z.number(), hits: z.number() })).optional(),
});
const methods = z.record(z.string(), methodScore);

const scoredRow = z.object({
  forecastId: wholeNumber,
  windowStart: z.date(),
  windowEnd: z.date(),
  windowKind: z.enum(WINDOW_KINDS),
  category: z.string(),
  modelVersion: wholeNumber,
  algorithm: z.string(),
  incidents: wholeNumber,
  // jsonb: an object on both drivers; text that holds one is read too.
  scores: z.union([methods, z.string().transform((t) => methods.parse(JSON.parse(t)))]),
});

export async function scoredWindows(
  database: Database,
  period: { from: Date; to: Date },
  filter: { category?: string; kind?: WindowKind } = {},
): Promise<ScoredWindow[]> {
  const params: unknown[] = [period.from.toISOString(), period.to.toISOString()];
  let where = 'f.window_start >= $1 and f.window_start < $2';
  if (filter.category) {
    params.push(filter.category);
    where += ` and f.category = $${params.length}`;
  }
  if (filter.kind) {
    params.push(filter.kind);
    where += ` and f.window_kind = $${params.length}`;
  }
  const rows = await decodedRows(
    database,
    scoredRow,
    `select distinct on (f.window_start, f.window_kind, f.category)
       f.id as "forecastId", f.window_start as "windowStart", f.window_end as "windowEnd",
       f.window_kind as "windowKind", f.category, m.version as "modelVersion", m.algorithm,
       s.incidents, s.scores
     from forecasts f join forecast_scores s on s.forecast_id = f.id join models m on m.id = f.model_id
     where ${where}
     order by f.window_start, f.window_kind, f.category, f.created_at, f.id`,
    params,
  );
  return rows.map(({ scores, ...r }) => ({
    ...r,
    methods: Object.fromEntries(
      Object.entries(scores).map(([name, s]) => [
        name,
        {
          top: s.top,
          tallies: s.tallies as unknown as Record<Coverage, Tally>,
          ...(s.byCategory ? { byCategory: s.byCategory } : {}),
        },
      ]),
    ),
  }));
}
