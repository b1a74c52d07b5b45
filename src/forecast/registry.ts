// The model registry: every trained model is a row, promoted or not. At most one is active per
// category (the database enforces it): the method chosen for burglary may differ from the one for all
// incidents. A failed training is recorded and never touches an active model.
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { decodedRows, idRow, rowOf, wholeNumber } from '../db/rows.ts';
import type { models } from '../db/schema.ts';
import { storableJson } from '../db/storable.ts';
import { inTransaction } from '../db/transaction.ts';
import { CATEGORIES } from '../ingest/categories.ts';
import { WINDOW_KINDS } from './windows.ts';

const MODEL_STATUSES = ['candidate', 'active', 'retired', 'failed'] as const;
export type ModelStatus = (typeof MODEL_STATUSES)[number];

/** What a training was asked for and settled on, as the registry keeps it. */
const modelParams = z.looseObject({
  /** The windows it forecasts (absent in models older than window kinds: shifts). */
  windowKind: z.enum(WINDOW_KINDS).optional(),
  /** The category it forecasts, or all. */
  category: z.union([z.literal('all'), z.enum(CATEGORIES)]).optional(),
  origins: z.array(z.string()).optional(),
  excludedCategories: z.array(z.string()).optional(),
});

const modelRow = rowOf<typeof models>()(
  z.object({
    id: wholeNumber,
    version: wholeNumber,
    algorithm: z.string(),
    params: modelParams,
    features: z.array(z.string()),
    trainFrom: z.date().nullable(),
    trainTo: z.date().nullable(),
    dataFingerprint: z.string().nullable(),
    metrics: z.record(z.string(), z.unknown()),
    status: z.enum(MODEL_STATUSES),
    /** The category it forecasts, or all. */
    category: z.string(),
    failure: z.string().nullable(),
    demo: z.boolean(),
    /** Who asked for it (a token by name and id, the command line, a chat user, the system). */
    actor: z.string().nullable(),
    createdAt: z.date(),
    activatedAt: z.date().nullable(),
  }),
);
const withArtifact = rowOf<typeof models>()(modelRow.extend({ artifact: z.string().nullable() }));

export type ModelRecord = z.output<typeof modelRow>;

const COLUMNS = `id, version, algorithm, params, features, train_from as "trainFrom", train_to as "trainTo",
  data_fingerprint as "dataFingerprint", metrics, status, category, failure, demo, actor, created_at as "createdAt",
  activated_at as "activatedAt"`;

/**
 * The model that answers for a category (its own, else the one for all incidents, else any active
 * one), without its (large) artifact: most callers need only its metrics.
 */
export async function activeModel(database: Database, category = 'all'): Promise<ModelRecord | undefined> {
  const [row] = await decodedRows(
    database,
    modelRow,
    `select ${COLUMNS} from models where status = 'active'
     order by (category = $1) desc, (category = 'all') desc, version desc limit 1`,
    [category],
  );
  return row;
}

/** Every active model, one per category, all first. */
export async function activeModels(database: Database): Promise<ModelRecord[]> {
  return decodedRows(
    database,
    modelRow,
    `select ${COLUMNS} from models where status = 'active' order by (category = 'all') desc, category`,
  );
}

/** A model by its id, without its artifact (which a loaded model keeps for the process). */
export async function modelRecord(database: Database, id: number): Promise<ModelRecord | undefined> {
  const [row] = await decodedRows(database, modelRow, `select ${COLUMNS} from models where id = $1`, [id]);
  return row;
}

export async function modelById(
  database: Database,
  id: number,
): Promise<(ModelRecord & { artifact: string | null }) | undefined> {
  const [row] = await decodedRows(
    database,
    withArtifact,
    `select ${COLUMNS}, artifact from models where id = $1`,
    [id],
  );
  return row;
}

export async function listModels(database: Database, limit = 20): Promise<ModelRecord[]> {
  return decodedRows(database, modelRow, `select ${COLUMNS} from models order by version desc limit $1`, [
    limit,
  ]);
}

export interface NewModel {
  algorithm: string;
  params: Record<string, unknown>;
  features: string[];
  trainFrom: Date;
  trainTo: Date;
  dataFingerprint: string;
  metrics: Record<string, unknown>;
  artifact: string;
  demo: boolean;
  actor?: string;
}

const insertModel = `insert into models
  (version, algorithm, params, features, train_from, train_to, data_fingerprint, metrics, status, artifact, failure, demo, category, actor, activated_at)
  values ((select coalesce(max(version), 0) + 1 from models), $1, $2::text::jsonb, $3::text::jsonb, $4, $5, $6, $7::text::jsonb, $8, $9, $10, $11, $12, $13,
          case when $8 = 'active' then now() end)
  returning id`;

const categoryOf = (params: Record<string, unknown>) =>
  typeof params.category === 'string' ? params.category : 'all';

/** Registers a trained model; when promoted, its category's active one is retired in the same transaction. */
export async function registerModel(
  database: Database,
  model: NewModel,
  promote: boolean,
): Promise<ModelRecord> {
  const params = [
    model.algorithm,
    storableJson(model.params),
    storableJson(model.features),
    model.trainFrom.toISOString(),
    model.trainTo.toISOString(),
    model.dataFingerprint,
    storableJson(model.metrics),
    promote ? 'active' : 'candidate',
    model.artifact,
    null,
    model.demo,
    categoryOf(model.params),
    model.actor ?? null,
  ];
  const id = await inTransaction(database, async (exec) => {
    if (promote)
      await exec("update models set status = 'retired' where status = 'active' and category = $1", [
        categoryOf(model.params),
      ]);
    const [row] = await decodedRows(exec, idRow, insertModel, params);
    return row!.id;
  });
  return (await modelById(database, id))!;
}

/** Records a training that failed, with why; the active model stays as it was. */
export async function registerFailure(
  database: Database,
  failure: {
    algorithm: string;
    params: Record<string, unknown>;
    reason: string;
    demo: boolean;
    actor?: string;
  },
): Promise<ModelRecord> {
  const [row] = await decodedRows(database, idRow, insertModel, [
    failure.algorithm,
    storableJson(failure.params),
    '[]',
    null,
    null,
    null,
    '{}',
    'failed',
    null,
    failure.reason.slice(0, 1000),
    failure.demo,
    categoryOf(failure.params),
    failure.actor ?? null,
  ]);
  return (await modelById(database, row!.id))!;
}
