// What must never be written down, in logs or in the audit log: values of fields named like secrets,
// passwords inside connection URLs, and incident rows. Errors keep what helps (type, message, code,
// stack), with the same censoring.

const SECRET_KEY =
  /(token|secret|password|passwd|pwd|authorization|cookie|databaseurl|api[-_]?key|signature|credential)s?$/i;
export const CENSOR = '[redacted]';
const MAX_DEPTH = 8;

/** Whether a field of this name holds a secret. */
export const isSecretName = (key: string): boolean => SECRET_KEY.test(key);

/** `postgres://user:password@host` → `postgres://user:[redacted]@host`, wherever it appears in a text. */
export const scrubText = (text: string): string =>
  text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi, `$1${CENSOR}@`);

function errorFields(error: Error, depth: number): Record<string, unknown> {
  // pino's serializer hands over an Error-like copy that names its type already.
  const named = (error as { type?: unknown }).type;
  const out: Record<string, unknown> = {
    type: typeof named === 'string' ? named : error.name,
    message: scrubText(error.message),
  };
  if (error.stack) out.stack = scrubText(error.stack);
  for (const [key, v] of Object.entries(error)) {
    if (key in out) continue;
    out[key] = censorSecrets(v, depth + 1, key);
  }
  if (error.cause !== undefined) out.cause = censorSecrets(error.cause, depth + 1, 'cause');
  return out;
}

/** A copy of a value with every secret censored, however deep; rows are dropped. */
export function censorSecrets(value: unknown, depth = 0, key = ''): unknown {
  if (key === 'rows') return CENSOR;
  if (key && isSecretName(key)) return value === undefined ? value : CENSOR;
  if (typeof value === 'string') return scrubText(value);
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return errorFields(value, depth);
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((v) => censorSecrets(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = censorSecrets(v, depth + 1, k);
  return out;
}
