// One process holds an embedded data directory; every other command runs through it, never beside it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, test } from 'vitest';
import { INTERRUPTED } from '../src/db/interrupted-imports.ts';
import { runCli, startCli } from './helpers/cli.ts';

const scratch = mkdtempSync(join(tmpdir(), 'patrolcast-holder-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A made-up export: `rows` incidents around one downtown, one a minute from 1 June 2026. */
function writeExport(path: string, rows: number, idPrefix = 'r'): void {
  const lines = ['id,occurred_at,offense,lat,lon'];
  const start = Date.UTC(2026, 5, 1, 12);
  for (let i = 0; i < rows; i++) {
    const when = new Date(start + i * 60_000).toISOString();
    lines.push(`${idPrefix}${i},${when},burglary,${(41.85 + (i % 97) * 0.0005).toFixed(5)},-87.65`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

/** Counts what a directory holds, opening it as the next process would. */
/** What users see (incidents of settled batches), what the table holds, and the API tokens. */
async function countStored(dataDir: string): Promise<{ incidents: number; written: number; tokens: number }> {
  const db = await PGlite.create(dataDir);
  try {
    const [row] = (
      await db.query<{ incidents: number; written: number; tokens: number }>(
        `select (select count(*)::int from settled_incidents) as incidents,
          (select count(*)::int from incidents) as written,
          (select count(*)::int from api_tokens) as tokens`,
      )
    ).rows;
    return row!;
  } finally {
    await db.close();
  }
}

async function batchStatuses(dataDir: string): Promise<{ status: string; failure: string | null }[]> {
  const db = await PGlite.create(dataDir);
  try {
    return (
      await db.query<{ status: string; failure: string | null }>(
        'select status, failure from ingest_batches order by created_at',
      )
    ).rows;
  } finally {
    await db.close();
  }
}

describe('an embedded database has one holder', () => {
  test('commands beside a running server run inside it; a second server is refused; the data survive', async () => {
    const dataDir = join(scratch, 'beside-server');
    const env = { PATROLCAST_DATA_DIR: dataDir, PORT: '0', PATROLCAST_DEMO_ON_EMPTY: 'false' };
    const server = startCli(['start'], env);
    try {
      const url = String((await server.waitForLog((l) => l.msg === 'API listening')).url);

      const created = await runCli(['token', 'create', '--name', 'beside', '--scopes', 'read,ingest'], env);
      expect(created.code).toBe(0);
      const token = created.stdout.trim();
      // The server knows the token at once: it was stored through the server itself.
      const jobs = await fetch(`${url}/v1/jobs`, { headers: { authorization: `Bearer ${token}` } });
      expect(jobs.status).toBe(200);

      const file = join(scratch, 'beside.csv');
      writeExport(file, 500);
      const imported = await runCli(['import', file, '--json'], env);
      expect(imported.code).toBe(0);
      const summary = JSON.parse(imported.stdout) as { accepted: number; batchId: string };
      expect(summary.accepted).toBe(500);
      const batch = await fetch(`${url}/v1/ingest/batches/${summary.batchId}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(batch.status).toBe(200);

      // A mistake in a command sent through the server still gets its own one-line answer and code.
      const refused = await runCli(['token', 'create', '--name', 'beside', '--scopes', 'read'], env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('a token named beside exists already');

      const second = await runCli(['start'], env);
      expect(second.code).not.toBe(0);
      expect(second.stderr).toContain(`in use by patrolcast start (pid ${server.child.pid}`);
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toBe(0);
    expect(await countStored(dataDir)).toEqual({ incidents: 500, written: 500, tokens: 1 });
  });

  test('a holder killed with SIGKILL leaves a stale lock that the next command takes over', async () => {
    const dataDir = join(scratch, 'killed-server');
    const env = { PATROLCAST_DATA_DIR: dataDir, PORT: '0', PATROLCAST_DEMO_ON_EMPTY: 'false' };
    const server = startCli(['start'], env);
    await server.waitForLog((l) => l.msg === 'API listening');
    const created = await runCli(['token', 'create', '--name', 'before-kill', '--scopes', 'read'], env);
    expect(created.code).toBe(0);
    server.child.kill('SIGKILL');
    await server.exited;

    const listed = await runCli(['token', 'list'], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('before-kill');
    expect(await countStored(dataDir)).toMatchObject({ tokens: 1 });
  });

  test('an import killed mid-way stores nothing, and the same file imports whole afterwards', async () => {
    const dataDir = join(scratch, 'killed-import');
    const env = { PATROLCAST_DATA_DIR: dataDir, LOG_LEVEL: 'debug' };
    const file = join(scratch, 'big.csv');
    writeExport(file, 60_000);
    const importing = startCli(['import', file], env);
    // Killed once rows are streaming in.
    await importing.waitForLog((l) => l.msg === 'importing' && Number(l.received) > 0);
    importing.child.kill('SIGKILL');
    await importing.exited;

    // Rows written before the kill are out of sight; the next opening removes them.
    expect((await countStored(dataDir)).incidents).toBe(0);
    const again = await runCli(['import', file, '--json'], env);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ accepted: 60_000, duplicates: 0 });
    expect(await countStored(dataDir)).toMatchObject({ incidents: 60_000, written: 60_000 });
    expect(await batchStatuses(dataDir)).toEqual([
      { status: 'failed', failure: INTERRUPTED },
      { status: 'committed', failure: null },
    ]);
  });

  test('a server killed while it runs a forwarded import: the caller says whether anything was stored', async () => {
    const dataDir = join(scratch, 'killed-holder-import');
    // The server's log level is the forwarded command's: its progress comes back to the caller.
    const env = {
      PATROLCAST_DATA_DIR: dataDir,
      PORT: '0',
      PATROLCAST_DEMO_ON_EMPTY: 'false',
      LOG_LEVEL: 'debug',
    };
    const server = startCli(['start'], env);
    await server.waitForLog((l) => l.msg === 'API listening');
    const file = join(scratch, 'forwarded-big.csv');
    writeExport(file, 60_000, 'f');
    const importing = startCli(['import', file], env);
    await importing.waitForLog((l) => l.msg === 'importing' && Number(l.received) > 0);
    server.child.kill('SIGKILL');
    expect(await importing.exited).toBe(1);
    expect(importing.stderr()).toContain(
      `lost the connection to patrolcast start (pid ${server.child.pid}) before the command finished`,
    );
    expect(importing.stderr()).toMatch(
      /nothing of the import was stored \(batch [0-9a-f-]{36} was never committed\): import the file again/,
    );
    expect((await countStored(dataDir)).incidents).toBe(0);
  });
});
