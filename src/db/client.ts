// Opens the database: PostgreSQL when DATABASE_URL is set, otherwise PGlite in a data directory.
// Everything above this file sees one Database, whichever it is.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { DatabaseUnavailableError } from '../errors.ts';
import { storableParams } from './storable.ts';

/**
 * PGlite serves one process: a small buffer pool keeps its memory (and the process's) modest
 * without slowing imports down measurably.
 */
export const PGLITE_OPTIONS = { postgresqlconf: ['shared_buffers=16MB'] };
export type Row = Record<string, unknown>;

interface Common {
  /** Raw SQL with $1, $2 … parameters (text made storable: storable.ts); rows as plain objects on both
   *  drivers, unchecked: decode them with `decodedRows` (rows.ts) before trusting a column's name or type. */
  query(text: string, params?: unknown[]): Promise<Row[]>;
  /** Where the data lives, for logs and messages: never a password. */
  location: string;
  close(): Promise<void>;
}

export interface PgliteHandle extends Common {
  kind: 'pglite';
  client: PGlite;
}

export interface PostgresHandle extends Common {
  kind: 'postgres';
  /** The pool, for raw SQL and COPY. */
  sql: postgres.Sql;
  /** The URL, for a connection of the migrator's own (drizzle reconfigures the client it is given). */
  url: string;
  /**
   * A connection outside the pools, for one long transaction (an import): ending it with timeout 0
   * destroys it at once, which no pooled or reserved connection allows.
   */
  dedicated(): postgres.Sql;
}

export type Database = PgliteHandle | PostgresHandle;

/** host:port/database of a URL, without user or password. */
export function describePostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname || '/'}`;
  } catch {
    return '(an unparseable URL)';
  }
}

function connectionProblem(error: unknown): string {
  const e = error as { code?: string; message?: string };
  switch (e.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ETIMEDOUT':
    case 'CONNECT_TIMEOUT':
      return 'timed out';
    case '3D000':
      return 'the database does not exist';
    case '28P01':
    case '28000':
      return 'authentication failed';
    default:
      return e.message?.split('\n')[0] ?? 'unknown error';
  }
}

export interface OpenOptions {
  /** postgres:// URL; without it, PGlite in dataDir. */
  databaseUrl?: string;
  dataDir?: string;
  /** An already created PGlite (tests hand over a fresh copy of a migrated template). */
  pglite?: PGlite;
  /** Connections in the PostgreSQL pool. */
  poolSize?: number;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  let client = options.pglite;
  let location = 'PGlite (in memory)';
  if (!client) {
    if (!options.dataDir) throw new Error('openDatabase needs a databaseUrl, a dataDir or a PGlite');
    mkdirSync(options.dataDir, { recursive: true });
    client = await PGlite.create(options.dataDir, PGLITE_OPTIONS);
    location = `PGlite at ${options.dataDir}`;
  }
  const pglite = client;
  return {
    kind: 'pglite',
    client: pglite,
    location,
    async query(text: string, params?: unknown[]) {
      const result = await pglite.query<Row>(text, storableParams(params));
      return result.rows;
    },
    // Closing twice is harmless: shutdown paths may overlap.
    close: async () => {
      if (!pglite.closed) await pglite.close();
    },
  };
}

/**
 * Bounds on the server side too: a statement that runs for minutes is cut off (except an import's, on its
 * own connection), and a transaction left idle by a client that went away does not hold locks for ever.
 */
const POOL_CONNECTION = { statement_timeout: 120_000, idle_in_transaction_session_timeout: 60_000 };
const DEDICATED_CONNECTION = { idle_in_transaction_session_timeout: 60_000 };

/** How a pooled connection that the server has just closed fails the statement sent on it. */
const CLOSED_UNDER_US = new Set(['ECONNRESET', 'EPIPE', 'CONNECTION_CLOSED', '57P01']);

/**
 * A restart, a failover or a proxy that cuts idle connections leaves the pool holding connections the
 * server has closed; the pool notices only when a statement fails on one. A read failed that way is sent
 * again, as the pool then opens a new connection; a write is not, since it may have been carried out.
 */
function resendable(text: string, error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && CLOSED_UNDER_US.has(code) && /^\s*select\b/i.test(text);
}

async function openPostgres(url: string, poolSize: number): Promise<PostgresHandle> {
  const where = describePostgresUrl(url);
  const settings = { onnotice: () => {}, connect_timeout: 10, idle_timeout: 30 };
  const sql = postgres(url, {
    ...settings,
    max: poolSize,
    connection: POOL_CONNECTION,
  });
  try {
    await sql`select 1`;
  } catch (error) {
    await sql.end({ timeout: 1 }).catch(() => {});
    throw new DatabaseUnavailableError(`cannot reach PostgreSQL at ${where}: ${connectionProblem(error)}`);
  }
  return {
    kind: 'postgres',
    sql,
    url,
    dedicated: () => postgres(url, { ...settings, max: 1, connection: DEDICATED_CONNECTION }),
    location: `PostgreSQL at ${where}`,
    async query(text: string, params?: unknown[]): Promise<Row[]> {
      const values = storableParams(params) as postgres.ParameterOrJSON<never>[];
      for (let attempt = 1; ; attempt++) {
        try {
          return [...(await sql.unsafe(text, values))];
        } catch (error) {
          // Each idle connection of the pool may be one the server has closed: one more try per connection.
          if (attempt > poolSize || !resendable(text, error)) throw error;
        }
      }
    },
    async close() {
      // postgres.js makes a second end() a no-op.
      await sql.end({ timeout: 5 });
    },
  };
}
