import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

// Secrets and incident rows never reach a log line, whatever the caller passes and however deep:
// any field whose name ends like a secret is censored, and rows are dropped.
const SECRET_KEY = /(token|secret|password|authorization|cookie|databaseurl)$/i;
const CENSOR = '[redacted]';

function redact(value: unknown, depth: number): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'rows') out[key] = CENSOR;
    else if (SECRET_KEY.test(key)) out[key] = v === undefined ? v : CENSOR;
    else out[key] = redact(v, depth + 1);
  }
  return out;
}

export interface LogOptions {
  level: string;
  /** Pretty, human lines for a terminal; JSON otherwise. */
  pretty: boolean;
  /** Where lines go; stdout by default. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(options: LogOptions): Logger {
  const base = {
    level: options.level,
    formatters: { log: (object: Record<string, unknown>) => redact(object, 0) as Record<string, unknown> },
  };
  if (options.pretty) {
    return pino(base, pretty({ sync: true, destination: options.destination ?? 1, ignore: 'pid,hostname' }));
  }
  return options.destination ? pino(base, options.destination) : pino(base);
}

/** A logger that writes nothing: for tests and for commands whose output is the point. */
export const silentLogger = (): Logger => pino({ level: 'silent' });
