// One process at a time holds an embedded data directory. PGlite has no lock of its own, and two
// processes on one directory each keep their own view and can leave it unopenable; so the holder writes
// a lock file beside the directory, naming itself and the socket through which others reach it.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { processAlive } from '../process-alive.ts';

export interface LockHolder {
  pid: number;
  host: string;
  /** The Unix socket the holder serves commands on. */
  socket: string;
  /** What the holder runs, for messages: "start", "import". */
  command: string;
  since: string;
}

export interface DataDirLock {
  holder: LockHolder;
  release(): void;
}

export type LockAttempt = { kind: 'acquired'; lock: DataDirLock } | { kind: 'held'; holder: LockHolder };

/** Longest Unix socket path that every platform accepts. */
const MAX_SOCKET_PATH = 100;
/** A takeover left half done by a process that died in it is cleared after this long. */
const STALE_TAKEOVER_MS = 30_000;

export const lockPath = (dataDir: string): string => `${resolve(dataDir)}.lock`;

export function socketPath(dataDir: string): string {
  const beside = `${resolve(dataDir)}.sock`;
  if (beside.length <= MAX_SOCKET_PATH) return beside;
  const digest = createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16);
  return join(tmpdir(), `patrolcast-${digest}.sock`);
}

export const readHolder = (dataDir: string): LockHolder | undefined => readLockFile(lockPath(dataDir));

function readLockFile(path: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.socket !== 'string') return undefined;
    return {
      pid: parsed.pid,
      host: String(parsed.host ?? ''),
      socket: parsed.socket,
      command: String(parsed.command ?? 'patrolcast'),
      since: String(parsed.since ?? ''),
    };
  } catch {
    return undefined;
  }
}

/** Whether the process named in a lock is still running. Another host's process is taken as alive. */
export function holderAlive(holder: LockHolder): boolean {
  return holder.host !== hostname() || processAlive(holder.pid);
}

function writeExclusive(path: string, holder: LockHolder): boolean {
  try {
    writeFileSync(path, `${JSON.stringify(holder)}\n`, { flag: 'wx', mode: 0o600 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Clears a stale lock under a mutex (an atomic mkdir), so that two processes finding the same stale
 * lock cannot both take it: the second sees the first one's fresh lock when its turn comes.
 */
function clearStale(path: string, stale: LockHolder, isStale: (h: LockHolder) => boolean): void {
  const mutex = `${path}.takeover`;
  try {
    mkdirSync(mutex);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    try {
      if (Date.now() - statSync(mutex).mtimeMs > STALE_TAKEOVER_MS) rmdirSync(mutex);
    } catch {
      // Gone already: the other process finished its takeover.
    }
    return;
  }
  try {
    const now = readLockFile(path);
    if (now && now.pid === stale.pid && now.since === stale.since && isStale(now)) unlinkSync(path);
  } finally {
    rmdirSync(mutex);
  }
}

/**
 * Takes the directory's lock, or says who holds it. A lock whose process has died is taken over;
 * `isStale` may declare a live-looking holder stale too (a reused process id that serves no socket).
 */
export function acquireDataDirLock(
  dataDir: string,
  command: string,
  isStale: (holder: LockHolder) => boolean = (h) => !holderAlive(h),
): LockAttempt {
  const path = lockPath(dataDir);
  mkdirSync(dirname(path), { recursive: true });
  const holder: LockHolder = {
    pid: process.pid,
    host: hostname(),
    socket: socketPath(dataDir),
    command,
    since: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (writeExclusive(path, holder)) {
      let released = false;
      return {
        kind: 'acquired',
        lock: {
          holder,
          release() {
            if (released) return;
            released = true;
            // Only our own lock is removed: never one a later holder wrote.
            const now = readLockFile(path);
            if (now && now.pid === holder.pid && now.since === holder.since) unlinkSync(path);
          },
        },
      };
    }
    const current = readLockFile(path);
    if (!current) {
      // Unreadable: being written this instant, or left empty by a crash between create and write.
      try {
        if (Date.now() - statSync(path).mtimeMs > STALE_TAKEOVER_MS) unlinkSync(path);
      } catch {
        // Gone already.
      }
      continue;
    }
    if (!isStale(current)) return { kind: 'held', holder: current };
    clearStale(path, current, isStale);
  }
  const current = readLockFile(path);
  if (current) return { kind: 'held', holder: current };
  throw new Error(`could not take the lock ${path}`);
}
