// Runs the real `patrolcast` command in a child process, with only the environment a test gives it.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../adapters/bin.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const baseEnv = () => ({
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  LOG_LEVEL: 'info',
  // A developer's own .env must not leak into the tests.
  PATROLCAST_ENV_FILE: '/dev/null',
});

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The test's variables over the base ones; a variable given as undefined is left unset. */
const environment = (env: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(
    Object.entries({ ...baseEnv(), ...env }).filter((e): e is [string, string] => e[1] !== undefined),
  );

export async function runCli(
  args: string[],
  env: Record<string, string | undefined> = {},
  /** What the command reads on its standard input (piped, then ended). */
  input?: string,
): Promise<CliResult> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: environment(env) });
  if (input !== undefined) child.stdin.end(input);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}

export interface RunningCli {
  child: ChildProcess;
  /** Every JSON log line so far. */
  logs: Record<string, unknown>[];
  /** Resolves with the first log line that matches. */
  waitForLog(match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  stderr(): string;
}

export function startCli(args: string[], env: Record<string, string> = {}): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...baseEnv(), ...env } });
  const logs: Record<string, unknown>[] = [];
  const waiters: {
    match: (l: Record<string, unknown>) => boolean;
    resolve: (l: Record<string, unknown>) => void;
  }[] = [];
  let stderr = '';
  let pending = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const text of lines) {
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(text);
      } catch {
        continue;
      }
      logs.push(line);
      for (const w of [...waiters]) {
        if (w.match(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return {
    child,
    logs,
    exited,
    stderr: () => stderr,
    waitForLog(match) {
      const found = logs.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        waiters.push({ match, resolve });
        exited.then((code) =>
          reject(new Error(`exited with ${code} before the log line; stderr:\n${stderr}`)),
        );
      });
    },
  };
}
