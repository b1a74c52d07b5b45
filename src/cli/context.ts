// What every CLI command gets: the configuration and a logger, created on first use so that
// `--help` works even when the settings are wrong.
import { InvalidArgumentError } from 'commander';
import { type Config, isInteractive, loadConfig } from '../config.ts';
import { ConfigError, isUserError } from '../errors.ts';
import { createLogger, type Logger } from '../log.ts';
import { parseDate } from '../time/zone.ts';

export interface CliContext {
  config: Config;
  log: Logger;
}

export function cliContext(): CliContext {
  const config = loadConfig();
  const log = createLogger({ level: config.logLevel, pretty: isInteractive(), destination: process.stderr });
  return { config, log };
}

/** Runs a command's action; a user error becomes one line on stderr and a non-zero exit. */
export function action<A extends unknown[]>(
  run: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await run(...args);
    } catch (error) {
      if (error instanceof ConfigError) {
        process.stderr.write(`patrolcast: ${error.message}\n`);
        process.exit(2);
      }
      if (isUserError(error)) {
        process.stderr.write(`patrolcast: ${error.message}\n`);
        process.exit(1);
      }
      process.stderr.write(
        `patrolcast: unexpected error: ${error instanceof Error ? error.message : error}\n`,
      );
      if (error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
      process.exit(1);
    }
  };
}

export function intOption(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}.`);
    }
    return n;
  };
}

export function dateOption(value: string) {
  const date = parseDate(value);
  if (!date) throw new InvalidArgumentError('expected a date as YYYY-MM-DD.');
  return date;
}

/** Resolves when the process is asked to stop (Ctrl-C or a service manager's SIGTERM). */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      // A second signal while stopping means: stop now.
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}
