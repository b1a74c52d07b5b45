import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

// Secrets and incident rows never reach a log line, whatever the caller passes.
const REDACT = [
  'token',
  'password',
  'secret',
  'databaseUrl',
  'authorization',
  '*.token',
  '*.password',
  '*.secret',
  '*.signingSecret',
  '*.databaseUrl',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'rows',
  '*.rows',
];

export interface LogOptions {
  level: string;
  /** Pretty, human lines for a terminal; JSON otherwise. */
  pretty: boolean;
  /** Where lines go; stdout by default. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(options: LogOptions): Logger {
  const base = { level: options.level, redact: { paths: REDACT, censor: '[redacted]' } };
  if (options.pretty) {
    return pino(base, pretty({ sync: true, destination: options.destination ?? 1, ignore: 'pid,hostname' }));
  }
  return options.destination ? pino(base, options.destination) : pino(base);
}

/** A logger that writes nothing: for tests and for commands whose output is the point. */
export const silentLogger = (): Logger => pino({ level: 'silent' });
