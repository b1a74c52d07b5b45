// The holder of an embedded database serves the commands of other processes on a Unix socket (only its
// own user may connect): `patrolcast import` run beside `patrolcast start` runs inside the server, on
// the server's database, and its output streams back. One JSON object a line each way.
import { chmodSync, unlinkSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import type { Logger } from '../log.ts';
import type { CliSession, Output, SharedDatabase } from './session.ts';

/** From the caller: the command, then (if the command reads it) its standard input. */
export type ClientFrame =
  | { args: string[]; cwd: string; stdinTTY: boolean; stdoutTTY: boolean; stderrTTY: boolean }
  | { stdin: string }
  | { stdinEnd: true };

/** From the holder: output as it comes, a request for standard input, and the exit code last. */
export type HostFrame =
  | { out: string }
  | { err: string }
  | { wantStdin: true }
  | { exit: number }
  /** An import's batch has opened: if the holder dies, the caller can look up whether it committed. */
  | { batch: string };

export type CommandRunner = (session: CliSession) => Promise<void>;

let runner: CommandRunner | undefined;

/** The command line registers how to run a command (this module cannot import it: it imports us). */
export function setCommandRunner(run: CommandRunner): void {
  runner = run;
}

export interface CommandHost {
  /** Stops taking commands; waits up to graceMs for those running, then cuts them off. */
  stop(graceMs: number): Promise<void>;
}

const MAX_HEADER_BYTES = 1_000_000;

function lines(socket: Socket, onFrame: (frame: ClientFrame) => void, onBad: () => void): void {
  let pending = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    pending += chunk;
    if (pending.length > MAX_HEADER_BYTES && !pending.includes('\n')) return onBad();
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      const text = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      try {
        onFrame(JSON.parse(text) as ClientFrame);
      } catch {
        return onBad();
      }
      newline = pending.indexOf('\n');
    }
  });
}

export async function serveCommands(path: string, shared: SharedDatabase, log: Logger): Promise<CommandHost> {
  // We hold the lock, so a socket file here was left by a holder that died.
  try {
    unlinkSync(path);
  } catch {
    // None.
  }
  const running = new Map<Socket, Promise<void>>();
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const send = (frame: HostFrame) => {
      if (!socket.destroyed) socket.write(`${JSON.stringify(frame)}\n`);
    };
    let stdinAsked = false;
    const stdin = new Readable({
      read() {
        if (!stdinAsked) {
          stdinAsked = true;
          send({ wantStdin: true });
        }
      },
    });
    let started = false;
    lines(
      socket,
      (frame) => {
        if ('stdin' in frame) return void stdin.push(frame.stdin);
        if ('stdinEnd' in frame) return void stdin.push(null);
        if (started || !Array.isArray(frame.args)) return;
        started = true;
        // The console echoes piped input, not typed input: tell it which this is.
        Object.assign(stdin, { isTTY: Boolean(frame.stdinTTY) });
        const output = (key: 'out' | 'err', isTTY: boolean): Output => ({
          isTTY,
          write: (text: string) => send(key === 'out' ? { out: text } : { err: text }),
        });
        let code = 0;
        const session: CliSession = {
          args: frame.args.map(String),
          cwd: String(frame.cwd),
          stdout: output('out', Boolean(frame.stdoutTTY)),
          stderr: output('err', Boolean(frame.stderrTTY)),
          stdin,
          shared,
          announceBatch: (batch) => send({ batch }),
          exit: (c) => {
            code = c;
          },
          setExitCode: (c) => {
            code = c;
          },
        };
        log.debug({ command: session.args[0] }, 'running a command for another process');
        const run = (runner ? runner(session) : Promise.reject(new Error('no command runner')))
          .catch((error: unknown) => {
            log.error({ err: error }, 'a command from another process failed');
            send({ err: 'patrolcast: unexpected error in the running server; see its log\n' });
            code = 1;
          })
          .then(() => {
            send({ exit: code });
            socket.end();
          });
        running.set(socket, run);
        void run.finally(() => running.delete(socket));
      },
      () => socket.destroy(),
    );
    // The caller went away (Ctrl-C): the command still finishes, so nothing is left half done.
    socket.on('error', () => {});
    socket.on('close', () => stdin.push(null));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
  chmodSync(path, 0o600);
  return {
    async stop(graceMs) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      });
      await Promise.race([Promise.allSettled([...running.values()]), grace]);
      clearTimeout(timer);
      for (const socket of running.keys()) {
        socket.write(
          `${JSON.stringify({ err: 'patrolcast: the server stopped before this command finished\n' })}\n`,
        );
        socket.end(`${JSON.stringify({ exit: 1 })}\n`);
        setTimeout(() => socket.destroy(), 1000).unref();
      }
      for (const socket of sockets) if (!running.has(socket)) socket.destroy();
      await closed;
      try {
        unlinkSync(path);
      } catch {
        // Already gone.
      }
    },
  };
}
