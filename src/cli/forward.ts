// Sends a command to the process that holds the embedded database, and relays its output here.
import { connect } from 'node:net';
import type { LockHolder } from '../db/data-dir-lock.ts';
import type { ClientFrame, HostFrame } from './command-host.ts';
import type { CliSession } from './session.ts';

/**
 * The command ran there, with this exit code; or nobody answered on the holder's socket; or the holder
 * went away before the command finished, with the import batches it had opened (to look up).
 */
export type Forwarded =
  | { kind: 'done'; code: number }
  | { kind: 'unreachable' }
  | { kind: 'lost'; batches: string[] };

export function forwardCommand(holder: LockHolder, session: CliSession): Promise<Forwarded> {
  return new Promise((resolve) => {
    const socket = connect(holder.socket);
    let connected = false;
    let settled = false;
    const batches: string[] = [];
    // Ctrl-C here stops the waiting, not the command: it runs on in the holder, which finishes it.
    const interrupted = () => {
      session.stderr.write(
        `\npatrolcast: stopped waiting for \`${session.args.join(' ').slice(0, 120)}\`; it goes on in patrolcast ${holder.command} (pid ${holder.pid}) and finishes there${batches.length ? ` (patrolcast batches show ${batches.at(-1)} tells how it ended)` : ''}\n`,
      );
      settle({ kind: 'done', code: 130 });
      socket.destroy();
    };
    const local = session.stdin === process.stdin;
    if (local) process.once('SIGINT', interrupted);
    const settle = (result: Forwarded) => {
      if (settled) return;
      settled = true;
      if (local) process.off('SIGINT', interrupted);
      session.stdin.unpipe?.();
      resolve(result);
    };
    const send = (frame: ClientFrame) => socket.write(`${JSON.stringify(frame)}\n`);
    socket.on('connect', () => {
      connected = true;
      send({
        args: session.args,
        cwd: session.cwd,
        stdinTTY: Boolean((session.stdin as NodeJS.ReadStream).isTTY),
        stdoutTTY: session.stdout.isTTY,
        stderrTTY: session.stderr.isTTY,
      });
    });
    let pending = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      pending += chunk;
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        const frame = JSON.parse(pending.slice(0, newline)) as HostFrame;
        pending = pending.slice(newline + 1);
        if ('batch' in frame) batches.push(frame.batch);
        else if ('out' in frame) session.stdout.write(frame.out);
        else if ('err' in frame) session.stderr.write(frame.err);
        else if ('wantStdin' in frame) {
          session.stdin.setEncoding?.('utf8');
          session.stdin.on('data', (data: string | Buffer) => send({ stdin: String(data) }));
          session.stdin.on('end', () => send({ stdinEnd: true }));
        } else if ('exit' in frame) {
          settle({ kind: 'done', code: frame.exit });
          socket.end();
        }
        newline = pending.indexOf('\n');
      }
    });
    socket.on('error', () => {
      if (!connected) settle({ kind: 'unreachable' });
    });
    socket.on('close', () => {
      if (!connected) return settle({ kind: 'unreachable' });
      if (!settled) {
        session.stderr.write(
          `patrolcast: lost the connection to patrolcast ${holder.command} (pid ${holder.pid}) before the command finished\n`,
        );
        settle({ kind: 'lost', batches });
      }
    });
  });
}
