// Two kinds of error. A UserError carries a message meant for the person who asked: it is shown as is.
// Anything else is a fault: it is logged with a request id and the person gets one line of apology.

export class UserError extends Error {
  override readonly name = 'UserError';
  /**
   * The API's answer to it: 400 when the request itself is wrong (the default), 409 when the request is
   * sound but the state of things refuses it, 413 when a body is too large.
   */
  readonly status: UserErrorStatus;

  constructor(message: string, status: UserErrorStatus = 400) {
    super(message);
    this.status = status;
  }
}

export type UserErrorStatus = 400 | 404 | 409 | 413;

/** A sound request the state of things refuses: no model yet, too many trainings waiting, no data for it. */
export class ConflictError extends UserError {
  constructor(message: string) {
    super(message, 409);
  }
}

/** The settings are wrong: one line per bad variable, shown before anything starts. */
export class ConfigError extends UserError {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

/** The database cannot be reached. The message names where it looked, never a password. */
export class DatabaseUnavailableError extends UserError {}

/**
 * The audit entry of a change could not be written: the change is not made (it shares the entry's
 * transaction, or waits for it), and the caller is told to try again, as for a database that is away.
 */
export class AuditUnwritable extends Error {
  override readonly name = 'AuditUnwritable';
  constructor(cause: unknown) {
    super('the change could not be recorded in the audit log, so nothing was changed', { cause });
  }
}

export const isUserError = (error: unknown): error is UserError => error instanceof UserError;

/** A message safe to show for any thrown value. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
