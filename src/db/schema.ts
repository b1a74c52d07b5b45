// The one schema both drivers share. Migrations in drizzle/ are generated from it by drizzle-kit.
// This file imports nothing of ours: drizzle-kit loads it on its own.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  pgView,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => tz('created_at').notNull().defaultNow();

/** One import of a file or request: what came in, what was kept, and every row that was not. */
export const ingestBatches = pgTable('ingest_batches', {
  id: uuid('id').primaryKey().defaultRandom(),
  source: text('source').notNull(),
  profile: text('profile').notNull(),
  /** The file's base name only: never a path from someone else's machine. */
  fileName: text('file_name'),
  /** running, committed, failed */
  status: text('status').notNull(),
  received: integer('received').notNull().default(0),
  accepted: integer('accepted').notNull().default(0),
  duplicates: integer('duplicates').notNull().default(0),
  /** Rows with the source's own id whose stored version they replaced (reclassified, moved, retimed). */
  updated: integer('updated').notNull().default(0),
  /** Stored incidents the source withdrew (a feed's reconciliation), removed by this batch. */
  withdrawn: integer('withdrawn').notNull().default(0),
  rejected: integer('rejected').notNull().default(0),
  /** The first rejected rows as {line, field, reason}; all of them are in ingest_rejections. */
  errors: jsonb('errors').$type<{ line: number; field: string; reason: string }[]>().notNull().default([]),
  /** How many rows were rejected for each reason. */
  reasons: jsonb('reasons').$type<Record<string, number>>().notNull().default({}),
  failure: text('failure'),
  actor: text('actor'),
  /** The time zone found from the incidents' place (no zone was set): the agency's clock follows it. */
  timeZoneFound: text('time_zone_found'),
  /** A digest of the file's bytes: the same file imported again is known (see same-file.ts). */
  contentHash: text('content_hash'),
  /**
   * Rows repeating an id with another offence: the source lists an event once per offence, so a later
   * batch's lesser row of a stored event is one of its offences, not a reclassification.
   */
  severalOffences: integer('several_offences').notNull().default(0),
  createdAt: createdAt(),
  finishedAt: tz('finished_at'),
});

/** Every row a batch rejected, with its line and why: the analyst fixes and resends them. */
export const ingestRejections = pgTable(
  'ingest_rejections',
  {
    batchId: uuid('batch_id')
      .notNull()
      .references(() => ingestBatches.id, { onDelete: 'cascade' }),
    line: integer('line').notNull(),
    field: text('field').notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [index('ingest_rejections_batch_line').on(t.batchId, t.line)],
);

/** The canonical incident. Columns outside this table are dropped at ingest: no personal data. */
export const incidents = pgTable(
  'incidents',
  {
    source: text('source').notNull(),
    externalId: text('external_id').notNull(),
    occurredAt: tz('occurred_at').notNull(),
    /** minute, hour, day or month */
    timePrecision: text('time_precision').notNull(),
    category: text('category').notNull(),
    rawType: text('raw_type'),
    lat: doublePrecision('lat').notNull(),
    lon: doublePrecision('lon').notNull(),
    /** H3 cell at the configured resolution. */
    cell: text('cell').notNull(),
    district: text('district'),
    /** The hundred block the source publishes, never a house number. */
    block: text('block'),
    /** reported, discovered or unknown */
    origin: text('origin').notNull(),
    /** The ingest batch that stored it. Not a foreign key: a check per row would slow bulk imports. */
    batchId: uuid('batch_id'),
    createdAt: createdAt(),
  },
  // An incident is its source's id; two indexes only, because every index slows bulk imports.
  (t) => [primaryKey({ columns: [t.source, t.externalId] }), index('incidents_occurred_at').on(t.occurredAt)],
);

/**
 * The incidents everyone reads: all but those of a batch still being imported. An embedded database
 * writes a large import in short statements, so that other queries run between them; its rows stay
 * out of sight here until the batch commits (readers use this view, writers the table).
 */
export const settledIncidents = pgView('settled_incidents').as((qb) =>
  qb
    .select()
    .from(incidents)
    .where(
      sql`${incidents.batchId} is null or ${incidents.batchId} not in (select id from ingest_batches where status = 'importing')`,
    ),
);

/** The model registry: every trained model, whether it was promoted or not. */
export const models = pgTable(
  'models',
  {
    id: serial('id').primaryKey(),
    version: integer('version').notNull(),
    algorithm: text('algorithm').notNull(),
    params: jsonb('params').$type<Record<string, unknown>>().notNull().default({}),
    features: jsonb('features').$type<string[]>().notNull().default([]),
    trainFrom: tz('train_from'),
    trainTo: tz('train_to'),
    dataFingerprint: text('data_fingerprint'),
    metrics: jsonb('metrics').$type<Record<string, unknown>>().notNull().default({}),
    /** candidate, active, retired, failed */
    status: text('status').notNull(),
    /** The category it forecasts, or all: each category has at most one active model. */
    category: text('category').notNull().default('all'),
    /** The serialized model (JSON). */
    artifact: text('artifact'),
    failure: text('failure'),
    demo: boolean('demo').notNull().default(false),
    /** Who asked for it: a token (name and id), the command line, a chat user or the system. */
    actor: text('actor'),
    createdAt: createdAt(),
    activatedAt: tz('activated_at'),
  },
  (t) => [
    uniqueIndex('models_version').on(t.version),
    // At most one active model per category, enforced by the database rather than by care.
    uniqueIndex('models_one_active').on(t.category).where(sql`status = 'active'`),
  ],
);

/** One forecast: a model's scores for one window and category. Its cells are in forecast_cells. */
export const forecasts = pgTable(
  'forecasts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    modelId: integer('model_id')
      .notNull()
      .references(() => models.id),
    windowStart: tz('window_start').notNull(),
    windowEnd: tz('window_end').notNull(),
    /** shift or day */
    windowKind: text('window_kind').notNull(),
    /** A category, or 'all'. */
    category: text('category').notNull(),
    demo: boolean('demo').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('forecasts_model_window_category').on(t.modelId, t.windowStart, t.windowKind, t.category),
    index('forecasts_window').on(t.windowStart),
  ],
);

export const forecastCells = pgTable(
  'forecast_cells',
  {
    forecastId: bigint('forecast_id', { mode: 'number' })
      .notNull()
      .references(() => forecasts.id, { onDelete: 'cascade' }),
    cell: text('cell').notNull(),
    score: doublePrecision('score').notNull(),
    expected: doublePrecision('expected').notNull(),
    rank: integer('rank').notNull(),
    /** The strongest reasons, in words. */
    reasons: jsonb('reasons').$type<string[]>().notNull().default([]),
    /** A report desk: its records are mostly reports taken there, so no list or plan sends a unit to it. */
    desk: boolean('desk').notNull().default(false),
  },
  (t) => [
    uniqueIndex('forecast_cells_forecast_cell').on(t.forecastId, t.cell),
    index('forecast_cells_forecast_rank').on(t.forecastId, t.rank),
  ],
);

/** A channel that receives the shift-start briefing. */
export const subscriptions = pgTable(
  'subscriptions',
  {
    id: serial('id').primaryKey(),
    platform: text('platform').notNull(),
    channelId: text('channel_id').notNull(),
    /** Shift names or start times, e.g. ["06:00", "14:00"]. */
    shifts: jsonb('shifts').$type<string[]>().notNull(),
    timeZone: text('time_zone').notNull(),
    district: text('district'),
    category: text('category'),
    units: integer('units').notNull().default(1),
    enabled: boolean('enabled').notNull().default(true),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('subscriptions_platform_channel').on(t.platform, t.channelId)],
);

/** One briefing for one subscription and shift start: claimed once, with a lease, then settled. */
export const briefingRuns = pgTable(
  'briefing_runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    subscriptionId: integer('subscription_id')
      .notNull()
      .references(() => subscriptions.id, { onDelete: 'cascade' }),
    shiftStart: tz('shift_start').notNull(),
    /** claimed, posted, failed, skipped */
    status: text('status').notNull(),
    leaseOwner: text('lease_owner'),
    leaseUntil: tz('lease_until'),
    attempts: integer('attempts').notNull().default(0),
    messageId: text('message_id'),
    late: boolean('late').notNull().default(false),
    reason: text('reason'),
    createdAt: createdAt(),
    finishedAt: tz('finished_at'),
  },
  (t) => [uniqueIndex('briefing_runs_subscription_shift').on(t.subscriptionId, t.shiftStart)],
);

/** Who did what, when, and how it ended: every command and API call. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: tz('at').notNull().defaultNow(),
    /** user (a chat platform's user), token, cli or system */
    actorKind: text('actor_kind').notNull(),
    actor: text('actor').notNull(),
    /** The token's id for a token (names can be reused after a revocation); null otherwise. */
    actorId: text('actor_id'),
    action: text('action').notNull(),
    params: jsonb('params').$type<Record<string, unknown>>().notNull().default({}),
    outcome: text('outcome').notNull(),
    requestId: text('request_id'),
  },
  (t) => [index('audit_log_at').on(t.at), index('audit_log_actor').on(t.actor, t.at)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    /** SHA-256 of the token: the token itself is shown once and never stored. */
    tokenHash: text('token_hash').notNull(),
    scopes: jsonb('scopes').$type<string[]>().notNull(),
    createdAt: createdAt(),
    lastUsedAt: tz('last_used_at'),
    revokedAt: tz('revoked_at'),
  },
  (t) => [uniqueIndex('api_tokens_hash').on(t.tokenHash), uniqueIndex('api_tokens_name').on(t.name)],
);

/** Runs of background work (scheduled or asked for), claimed with a lease so each runs once. */
export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    name: text('name').notNull(),
    /** What makes a run unique, e.g. the scheduled time: (name, run_key) is claimed once. */
    runKey: text('run_key').notNull(),
    /** queued, running, succeeded, failed, skipped */
    status: text('status').notNull(),
    scheduledFor: tz('scheduled_for'),
    leaseOwner: text('lease_owner'),
    leaseUntil: tz('lease_until'),
    attempts: integer('attempts').notNull().default(0),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    result: jsonb('result').$type<Record<string, unknown>>(),
    error: text('error'),
    createdAt: createdAt(),
    startedAt: tz('started_at'),
    finishedAt: tz('finished_at'),
  },
  (t) => [
    uniqueIndex('jobs_name_run_key').on(t.name, t.runKey),
    index('jobs_name_created').on(t.name, t.createdAt),
  ],
);

/**
 * Signed chat requests already seen (a Slack trigger id, a Discord signature), kept for minutes, so that
 * a replay is refused by every replica and not only by the one that saw the original.
 */
export const seenRequests = pgTable(
  'seen_requests',
  {
    key: text('key').primaryKey(),
    seenAt: tz('seen_at').notNull(),
  },
  (t) => [index('seen_requests_seen_at').on(t.seenAt)],
);

/**
 * Answers a user chose to share ("Post to channel"): the command and the options it resolved to, kept
 * here under a short id that the button carries, so that every replica posts the answer that was shown.
 */
export const sharedAnswers = pgTable(
  'shared_answers',
  {
    id: text('id').primaryKey(),
    command: text('command').notNull(),
    subcommand: text('subcommand'),
    options: jsonb('options').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('shared_answers_created_at').on(t.createdAt)],
);

/**
 * Rate limits shared by every replica on PostgreSQL: per caller, the theoretical arrival time of the
 * next request (the generic cell rate algorithm), so one row per caller holds the whole state.
 */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  tat: tz('tat').notNull(),
});

/**
 * The list each chat user was last shown (its window, category and district), shared by every replica
 * on PostgreSQL so that "/explain 2" explains #2 of that list whichever replica the platform asks.
 * `key` is a digest of the platform's user id, not the id.
 */
export const lastLists = pgTable('last_lists', {
  key: text('key').primaryKey(),
  at: text('at').notNull(),
  category: text('category').notNull(),
  district: text('district'),
  headline: text('headline').notNull(),
  shownAt: tz('shown_at').notNull().defaultNow(),
});

/**
 * A source's own offence names and the categories an analyst gave them (`import --categories`): kept
 * so that every later import from the source files them the same way. `raw_key` is the name in lower
 * case, trimmed; `raw_type` as it was written.
 */
export const sourceCategories = pgTable(
  'source_categories',
  {
    source: text('source').notNull(),
    rawKey: text('raw_key').notNull(),
    rawType: text('raw_type').notNull(),
    category: text('category').notNull(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.source, t.rawKey] })],
);

/**
 * A geocoder's dump found by an import: one point carrying many streets' addresses. Its cell is kept
 * out of ranked lists and maps unless an analyst keeps it (`places keep`).
 */
export const placeholderPoints = pgTable(
  'placeholder_points',
  {
    source: text('source').notNull(),
    /** "lat,lon" to five decimals, as the import's warning names it. */
    point: text('point').notNull(),
    cell: text('cell').notNull(),
    incidents: integer('incidents').notNull(),
    streets: integer('streets').notNull(),
    kept: boolean('kept').notNull().default(false),
    foundAt: tz('found_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.source, t.point] }), index('placeholder_points_cell').on(t.cell)],
);

/**
 * Places the forecast took for report desks that an analyst knows are not (`desks keep`): their
 * incidents of unknown time are counted as theirs, and lists and plans send units there.
 */
export const keptDesks = pgTable('kept_desks', {
  cell: text('cell').primaryKey(),
  keptAt: tz('kept_at').notNull().defaultNow(),
});

/**
 * Sources whose made-up ids (rows with no id of their own) were made, before this table, from the
 * incident's category as well as its offence name: they keep being made so, or every overlapping row
 * would be stored again. Every other source's made-up ids leave the category out, so a category the
 * analyst names later (--categories) or a rule's change does not make a row new.
 */
export const categoryInMadeUpIds = pgTable('category_in_made_up_ids', {
  source: text('source').primaryKey(),
});

/**
 * Patrol units on duty per district and shift, set by an administrator (`units set`). shift '' holds
 * for every shift; a named shift overrides it. Districts without a row share PATROLCAST_UNITS.
 */
export const unitCounts = pgTable(
  'unit_counts',
  {
    district: text('district').notNull(),
    shift: text('shift').notNull().default(''),
    units: integer('units').notNull(),
    updatedBy: text('updated_by'),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.district, t.shift] })],
);

/**
 * A unit's visit to a place of a patrol plan, recorded from chat or the console: where, in which
 * window, for how long and by which platform user. Never an incident, never read by any model.
 */
export const visits = pgTable(
  'visits',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    platform: text('platform').notNull(),
    userId: text('user_id').notNull(),
    cell: text('cell').notNull(),
    district: text('district'),
    /** The plan's unit (Z1 is 1) the place belonged to, when the visit named one. */
    unit: integer('unit'),
    windowStart: tz('window_start').notNull(),
    windowEnd: tz('window_end').notNull(),
    visitedAt: tz('visited_at').notNull(),
    minutes: integer('minutes').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('visits_window').on(t.windowStart, t.cell), index('visits_visited_at').on(t.visitedAt)],
);

/**
 * The version of an incident a batch replaced: kept so that undoing the batch (`batches delete`) puts
 * it back. Its columns are the incident's, as it was, with the batch that had stored it.
 */
export const incidentRevisions = pgTable(
  'incident_revisions',
  {
    batchId: uuid('batch_id').notNull(),
    source: text('source').notNull(),
    externalId: text('external_id').notNull(),
    occurredAt: tz('occurred_at').notNull(),
    timePrecision: text('time_precision').notNull(),
    category: text('category').notNull(),
    rawType: text('raw_type'),
    lat: doublePrecision('lat').notNull(),
    lon: doublePrecision('lon').notNull(),
    cell: text('cell').notNull(),
    district: text('district'),
    block: text('block'),
    origin: text('origin').notNull(),
    priorBatchId: uuid('prior_batch_id'),
  },
  (t) => [index('incident_revisions_batch').on(t.batchId)],
);

/**
 * A data feed: where incidents come from by themselves (an open-data portal's dataset), how to read
 * them (the import options), and how far it has read (`high_water`, the source's own edit time).
 */
export const feeds = pgTable(
  'feeds',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    /** socrata, arcgis, ckan, police-uk, folder */
    kind: text('kind').notNull(),
    url: text('url').notNull(),
    /** The import options: profile, maps, crs, tz, source, rejectPoints; an app token's file, never the token. */
    options: jsonb('options').$type<Record<string, unknown>>().notNull().default({}),
    paused: boolean('paused').notNull().default(false),
    highWater: text('high_water'),
    lastRunAt: tz('last_run_at'),
    lastSuccessAt: tz('last_success_at'),
    lastError: text('last_error'),
    failures: integer('failures').notNull().default(0),
    lastResult: jsonb('last_result').$type<Record<string, unknown>>(),
    /** The last run that brought at least one row: a feed quiet for too long is reported. */
    lastDataAt: tz('last_data_at'),
    /** The administrators were told it is quiet; cleared when rows arrive again. */
    quietAlerted: boolean('quiet_alerted').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('feeds_name').on(t.name)],
);

/**
 * How a served forecast did, once its window had ended and its incidents had arrived: by method (the
 * forecast as served, and the simple methods scored with the data known when it was served), the
 * hit tallies at each coverage and the top ten's observed and expected. Scored again when the
 * window's incidents change (late arrivals, revisions): `outcome` identifies what it was scored on.
 */
export const forecastScores = pgTable('forecast_scores', {
  forecastId: bigint('forecast_id', { mode: 'number' })
    .primaryKey()
    .references(() => forecasts.id, { onDelete: 'cascade' }),
  incidents: integer('incidents').notNull(),
  scores: jsonb('scores').$type<Record<string, unknown>>().notNull(),
  outcome: text('outcome').notNull(),
  scoredAt: tz('scored_at').notNull().defaultNow(),
});

/**
 * A category whose forecast is slipping in live use: since when, why (behind a simple count, or
 * below its held-out rate), and whether the administrators were told. Gone once it recovers; a
 * training reads it.
 */
export const driftAlerts = pgTable('drift_alerts', {
  category: text('category').primaryKey(),
  raisedAt: tz('raised_at').notNull(),
  /** simple (behind a simple count) or held-out (below its own held-out rate) */
  kind: text('kind').notNull(),
  reason: text('reason').notNull(),
  told: boolean('told').notNull().default(false),
});
