// Feeds as stored: added, listed, removed by an administrator, audited with each change.
import { z } from 'zod';
import { type AuditEntry, auditInsert } from '../audit/audit-log.ts';
import type { Database } from '../db/client.ts';
import { decodedRows } from '../db/rows.ts';
import { storableJson } from '../db/storable.ts';
import { inTransaction } from '../db/transaction.ts';
import { UserError } from '../errors.ts';
import type { ImportRequest } from '../ingest/importer.ts';
import { findProfile } from '../ingest/profiles.ts';

export const FEED_KINDS = ['socrata', 'arcgis', 'ckan', 'police-uk', 'folder'] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

/** How a feed's rows are read: the import's options. */
export interface FeedOptions {
  profile?: string;
  maps?: string[];
  crs?: string;
  timeZone?: string;
  source?: string;
  rejectPoints?: string[];
  /** A CSV of (offence name, category) for the source's own names, read at each run. */
  categoriesFile?: string;
  /** A file holding the portal's app token: the token itself is never stored. */
  appTokenFile?: string;
  /** The dataset's id and date fields, for the reconciliation (default: the profile's). */
  idField?: string;
  dateField?: string;
  /** Days back a run checks that stored records are still published. */
  reconcileDays?: number;
  /** police.uk: the API's root (a mirror), and how many recent months the first run reads. */
  apiBase?: string;
  months?: number;
  /** When the feed runs (cron, in the agency's zone); hourly when absent. */
  schedule?: string;
  /** Hours without a single row before the administrators are told. */
  quietHours?: number;
}

const feedRow = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.enum(FEED_KINDS),
  url: z.string(),
  options: z.record(z.string(), z.unknown()).transform((o) => o as FeedOptions),
  paused: z.boolean(),
  highWater: z.string().nullable(),
  lastRunAt: z.date().nullable(),
  lastSuccessAt: z.date().nullable(),
  lastError: z.string().nullable(),
  failures: z.number().int(),
  lastResult: z.record(z.string(), z.unknown()).nullable(),
  lastDataAt: z.date().nullable(),
  quietAlerted: z.boolean(),
  createdAt: z.date(),
});
export type Feed = z.infer<typeof feedRow>;

const COLUMNS = `id, name, kind, url, options, paused, high_water as "highWater", last_run_at as "lastRunAt",
  last_success_at as "lastSuccessAt", last_error as "lastError", failures, last_result as "lastResult",
  last_data_at as "lastDataAt", quiet_alerted as "quietAlerted", created_at as "createdAt"`;

const NAME = /^[a-z0-9][a-z0-9_-]{0,39}$/;

export async function listFeeds(database: Database): Promise<Feed[]> {
  return decodedRows(database, feedRow, `select ${COLUMNS} from feeds order by name`);
}

export async function feedNamed(database: Database, name: string): Promise<Feed> {
  const [feed] = await decodedRows(database, feedRow, `select ${COLUMNS} from feeds where name = $1`, [name]);
  if (!feed)
    throw new UserError(
      `there is no feed named ${name.slice(0, 40)} (patrolcast feeds list shows them)`,
      404,
    );
  return feed;
}

type Who = Omit<AuditEntry, 'action' | 'params' | 'outcome'>;

async function change(
  database: Database,
  who: Who,
  action: string,
  params: Record<string, unknown>,
  sql: string,
  values: unknown[],
) {
  return inTransaction(database, async (exec) => {
    const rows = await exec(sql, values);
    const entry = auditInsert({ ...who, action, params, outcome: rows.length > 0 ? 'ok' : 'no such feed' });
    await exec(entry.text, entry.params);
    return rows.length;
  });
}

export async function addFeed(
  database: Database,
  feed: { name: string; kind: FeedKind; url: string; options: FeedOptions },
  who: Who,
): Promise<void> {
  if (!NAME.test(feed.name))
    throw new UserError(
      'a feed name is 1-40 lower-case letters, digits, - or _, starting with a letter or digit',
    );
  const [exists] = await decodedRows(
    database,
    z.object({ n: z.number() }),
    'select count(*)::int as n from feeds where name = $1',
    [feed.name],
  );
  if (exists!.n > 0) throw new UserError(`a feed named ${feed.name} exists already`);
  await change(
    database,
    who,
    'feeds add',
    { name: feed.name, kind: feed.kind, url: feed.url },
    'insert into feeds (name, kind, url, options) values ($1, $2, $3, $4::text::jsonb) returning id',
    [feed.name, feed.kind, feed.url, storableJson(feed.options)],
  );
}

export async function removeFeed(database: Database, name: string, who: Who): Promise<void> {
  const n = await change(
    database,
    who,
    'feeds remove',
    { name },
    'delete from feeds where name = $1 returning id',
    [name],
  );
  if (n === 0) throw new UserError(`there is no feed named ${name.slice(0, 40)}`, 404);
}

export async function pauseFeed(database: Database, name: string, paused: boolean, who: Who): Promise<void> {
  const n = await change(
    database,
    who,
    paused ? 'feeds pause' : 'feeds resume',
    { name },
    'update feeds set paused = $2 where name = $1 returning id',
    [name, paused],
  );
  if (n === 0) throw new UserError(`there is no feed named ${name.slice(0, 40)}`, 404);
}

/** After a run: how it ended, and (when it stored its rows) how far the feed has now read. */
export async function settleRun(
  database: Database,
  feed: Feed,
  outcome:
    | { ok: true; highWater: string | null; result: Record<string, unknown> }
    | { ok: false; error: string },
  now: Date,
): Promise<void> {
  if (outcome.ok)
    await database.query(
      `update feeds set last_run_at = $5, last_success_at = $5, last_error = null, failures = 0,
        high_water = coalesce($2, high_water), last_result = $3::text::jsonb,
        last_data_at = case when $4 then $5::timestamptz else last_data_at end,
        quiet_alerted = case when $4 then false else quiet_alerted end where id = $1`,
      [
        feed.id,
        outcome.highWater,
        storableJson(outcome.result),
        ['added', 'updated', 'deleted'].some((k) => Number(outcome.result[k] ?? 0) > 0),
        now.toISOString(),
      ],
    );
  else
    await database.query(
      'update feeds set last_run_at = $3, last_error = $2, failures = failures + 1 where id = $1',
      [feed.id, outcome.error.slice(0, 500), now.toISOString()],
    );
}

/**
 * The source a feed's incidents are stored under: the analyst's, else the profile's; a feed read with
 * the generic profile gets its own name, so that its reconciliation never touches another's records.
 */
export function sourceOf(feed: Feed): string {
  if (feed.options.source) return feed.options.source;
  const profile = feed.options.profile ? findProfile(feed.options.profile) : undefined;
  return profile && profile.name !== 'generic' ? profile.source : `feed-${feed.name}`;
}

/** The administrators were told the feed is quiet: once, until rows arrive again. */
export async function markQuietAlerted(database: Database, feed: Feed): Promise<void> {
  await database.query('update feeds set quiet_alerted = true where id = $1', [feed.id]);
}

/** The import options a feed's runs are read with, and who the batches say imported them. */
export function importOptionsOf(feed: Feed): Omit<ImportRequest, 'path'> {
  const o = feed.options;
  return {
    ...(o.profile ? { profile: o.profile } : {}),
    ...(o.maps ? { maps: o.maps } : {}),
    ...(o.crs ? { crs: o.crs } : {}),
    ...(o.timeZone ? { timeZone: o.timeZone } : {}),
    source: sourceOf(feed),
    ...(o.rejectPoints ? { rejectPoints: o.rejectPoints } : {}),
    ...(o.categoriesFile ? { categoriesFile: o.categoriesFile } : {}),
    actor: `feed ${feed.name}`,
  };
}

export interface FeedRunResult {
  feed: string;
  /** Rows the source sent: new, changed or unchanged since the last run. */
  received: number;
  added: number;
  updated: number;
  deleted: number;
  duplicates: number;
  rejected: number;
  /** The accepted rows by category. */
  categories: Record<string, number>;
  batchId: string | null;
  /** How far the feed has read: the newest edit time at the source. */
  highWater: string | null;
  /** The run's rows were the first real data: the demo city's incidents it removed. */
  demoRemoved?: number;
}

/** A run that stored nothing (yet): the counts a run starts from. */
export const emptyRun = (feed: Feed, highWater: string | null): FeedRunResult => ({
  feed: feed.name,
  received: 0,
  added: 0,
  updated: 0,
  deleted: 0,
  duplicates: 0,
  rejected: 0,
  categories: {},
  batchId: null,
  highWater,
});
