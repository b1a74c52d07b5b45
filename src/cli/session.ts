// Where a command's input and output go. A command run in this process talks to the terminal; one sent
// by another process to the holder of the embedded database runs there, and talks to that process
// through its socket. Commands reach either through cliContext(), never through `process` directly.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Database } from '../db/client.ts';

export interface Output {
  write(text: string): void;
  /** A terminal (progress bars, colours) or not. */
  readonly isTTY: boolean;
}

/** The database of the process that holds the embedded directory, lent to the commands it runs. */
export interface SharedDatabase {
  borrow(): Promise<Database>;
}

export interface CliSession {
  /** The words after `patrolcast`, to send on to the holder of the database. */
  args: string[];
  stdout: Output;
  stderr: Output;
  stdin: NodeJS.ReadableStream;
  /** Relative paths in options are read against this folder. */
  cwd: string;
  /** Set when the command runs inside the process that holds the database. */
  shared?: SharedDatabase;
  /** Tells a remote caller which import batch is being written, so that it can check it if we die. */
  announceBatch?(batchId: string): void;
  /** Ends the command with this exit code (the process, or the remote caller's). */
  exit(code: number): void;
  setExitCode(code: number): void;
}

const storage = new AsyncLocalStorage<CliSession>();

/** The terminal of this process. */
export function localSession(args: string[]): CliSession {
  return {
    args,
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    cwd: process.cwd(),
    exit: (code) => process.exit(code),
    setExitCode: (code) => {
      process.exitCode = code;
    },
  };
}

export const runInSession = <T>(session: CliSession, run: () => Promise<T>): Promise<T> =>
  storage.run(session, run);

export const currentSession = (): CliSession => storage.getStore() ?? localSession(process.argv.slice(2));
