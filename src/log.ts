import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import { censorSecrets } from './censor.ts';

export type { Logger };

// Secrets and incident rows never reach a log line, whatever the caller passes and however deep
// (src/censor.ts); errors keep their type, message and stack.
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
    // The censor has made errors plain already; pino's own error serializer would rename their type.
    serializers: { err: (e: unknown) => e },
    formatters: {
      log: (object: Record<string, unknown>) => censorSecrets(object) as Record<string, unknown>,
    },
  };
  if (options.pretty) {
    return pino(base, pretty({ sync: true, destination: options.destination ?? 1, ignore: 'pid,hostname' }));
  }
  return options.destination ? pino(base, options.destination) : pino(base);
}

/** A logger that writes nothing: for tests and for commands whose output is the point. */
export const silentLogger = (): Logger => pino({ level: 'silent' });
