// Tells a database that has gone away (or never answered, or cannot take us now) from a query that
// failed on its own: the first is answered 503 with Retry-After, the second is a fault of ours.

/** What a 503 for an unavailable database asks callers to wait, in seconds. */
export const RETRY_AFTER_SECONDS = 30;

const CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'DATABASE_TIMEOUT',
  // invalid_catalog_name: the database was dropped or not yet created
  '3D000',
  // invalid_password, invalid_authorization_specification: credentials rotated under us
  '28P01',
  '28000',
  // query_canceled (a statement timeout), admin_shutdown, crash_shutdown, cannot_connect_now,
  // idle_session_timeout, database_dropped
  '57014',
  '57P01',
  '57P02',
  '57P03',
  '57P04',
  '57P05',
  // insufficient resources: out of disk, out of memory, too many connections
  '53000',
  '53100',
  '53200',
  '53300',
  '53400',
]);

export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | undefined;
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : '';
  if (CODES.has(code)) return true;
  // connection_exception and its kinds (08000, 08003, 08006, 08001, 08004, 08P01 …)
  if (/^08[0-9A-Z]{3}$/.test(code)) return true;
  // object_not_in_prerequisite_state, as a database closed to connections reports it
  if (code === '55000' && /not (currently )?accepting connections/i.test(message)) return true;
  return /PGlite is closed/.test(message);
}

/** Thrown when the database does not answer in time; counted as unavailable. */
export class DatabaseTimeoutError extends Error {
  readonly code = 'DATABASE_TIMEOUT';
  constructor(what: string, ms: number) {
    super(`the database did not answer ${what} within ${ms} ms`);
  }
}

/** The promise's value, or a DatabaseTimeoutError once ms have passed. */
export function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DatabaseTimeoutError(what, ms)), ms);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
}
