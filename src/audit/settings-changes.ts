// What models learn from (origins, excluded categories) is a responsible-use decision: each change of
// those settings is written to the audit log, as the configuration, the first time it is seen.
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { decodedRows, rowOf } from '../db/rows.ts';
import type { auditLog } from '../db/schema.ts';
import { recordAudit } from './audit-log.ts';

export const TRAINING_SETTINGS_ACTION = 'training data settings';

export interface TrainingDataSettings {
  origins: readonly string[];
  excludedCategories: readonly string[];
}

/** Settings as the audit log keeps them: sorted, comma-joined lists, so that equal settings compare equal. */
const settingsParams = z.object({
  origins: z.string(),
  excludedCategories: z.string(),
  previousOrigins: z.string().optional(),
  previousExcludedCategories: z.string().optional(),
});
const settingsRow = rowOf<typeof auditLog>()(z.object({ at: z.date(), params: settingsParams }));

export type SettingsRecord = z.output<typeof settingsParams> & { at: Date };

const asText = (items: readonly string[]) => [...items].sort().join(',');

/** The newest record of the settings, if any. */
export async function lastTrainingSettings(database: Database): Promise<SettingsRecord | undefined> {
  const [row] = await decodedRows(
    database,
    settingsRow,
    `select at, params from audit_log where action = $1 order by at desc, id desc limit 1`,
    [TRAINING_SETTINGS_ACTION],
  );
  return row ? { at: row.at, ...row.params } : undefined;
}

/** Records the settings when they differ from the last record; says whether they did. */
export async function recordTrainingSettings(
  database: Database,
  settings: TrainingDataSettings,
  at = new Date(),
): Promise<boolean> {
  const last = await lastTrainingSettings(database);
  const origins = asText(settings.origins);
  const excludedCategories = asText(settings.excludedCategories);
  if (last && last.origins === origins && last.excludedCategories === excludedCategories) return false;
  await recordAudit(
    database,
    {
      actorKind: 'system',
      actor: 'configuration',
      action: TRAINING_SETTINGS_ACTION,
      params: {
        origins,
        excludedCategories,
        ...(last
          ? { previousOrigins: last.origins, previousExcludedCategories: last.excludedCategories }
          : {}),
      },
      outcome: last ? 'changed' : 'first recorded',
    },
    at,
  );
  return true;
}
