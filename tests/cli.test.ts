import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runCli, startCli } from './helpers/cli.ts';
import { createPostgresDatabase, DATABASE_KINDS } from './helpers/databases.ts';

const scratch = mkdtempSync(join(tmpdir(), 'patrolcast-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the patrolcast command', () => {
  test('--help lists every command, and every command has its own help', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    const commands = ['start', 'serve', 'migrate', 'demo-data'];
    for (const c of commands) expect(top.stdout).toMatch(new RegExp(`^\\s+${c}\\b`, 'm'));
    for (const c of commands) {
      const help = await runCli([c, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: patrolcast ${c}`);
    }
  });

  test('bad settings stop the start with one line per variable and no stack trace', async () => {
    const result = await runCli(['start'], {
      PORT: 'eighty',
      PATROLCAST_TZ: 'Mars/Olympus',
      LOG_LEVEL: 'loud',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^\s+PORT: /m);
    expect(result.stderr).toMatch(/^\s+PATROLCAST_TZ: /m);
    expect(result.stderr).toMatch(/^\s+LOG_LEVEL: /m);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  test('an unreachable DATABASE_URL names the host it tried, not the password, and exits non-zero', async () => {
    const result = await runCli(['start'], { DATABASE_URL: 'postgres://pc:hunter2@127.0.0.1:9/patrolcast' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('cannot reach PostgreSQL at 127.0.0.1:9/patrolcast: connection refused');
    expect(result.stderr).not.toContain('hunter2');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  test('bad options are refused with a reason', async () => {
    const result = await runCli(['demo-data', '--days', 'many'], {
      PATROLCAST_DATA_DIR: join(scratch, 'unused'),
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('--days must be a whole number');
  });

  const targets = DATABASE_KINDS.map((kind) => [kind] as const);
  test.each(targets)(
    'start on an empty %s database migrates, loads the demo city, serves health checks and stops on SIGTERM',
    async (kind) => {
      const env: Record<string, string> = { PORT: '0', PATROLCAST_DEMO_DAYS: '30' };
      let drop = async () => {};
      if (kind === 'postgres') {
        const created = await createPostgresDatabase({ migrated: false });
        env.DATABASE_URL = created.url;
        drop = created.drop;
      } else {
        env.PATROLCAST_DATA_DIR = join(scratch, 'pglite-start');
      }
      const app = startCli(['start'], env);
      try {
        const listening = await app.waitForLog((l) => l.msg === 'API listening');
        const url = String(listening.url);
        const health = await fetch(`${url}/healthz`);
        expect(health.status).toBe(200);
        const ready = await fetch(`${url}/readyz`);
        expect(ready.status).toBe(200);
        expect(await ready.json()).toMatchObject({ status: 'ok', database: 'ok' });
        const demo = app.logs.find((l) => String(l.msg).includes('DEMO DATA'));
        expect(demo?.incidents).toBeGreaterThan(1000);

        app.child.kill('SIGTERM');
        expect(await app.exited).toBe(0);
        expect(app.logs.some((l) => l.msg === 'stopped')).toBe(true);
      } finally {
        app.child.kill('SIGKILL');
        await drop();
      }
    },
  );

  test('demo-data with the same seed twice into two empty databases stores identical incidents', async () => {
    const args = ['demo-data', '--days', '20', '--seed', '7', '--end', '2026-11-01', '--json'];
    const a = await runCli(args, { PATROLCAST_DATA_DIR: join(scratch, 'demo-a') });
    const b = await runCli(args, { PATROLCAST_DATA_DIR: join(scratch, 'demo-b') });
    expect(a.code).toBe(0);
    const [sa, sb] = [JSON.parse(a.stdout), JSON.parse(b.stdout)];
    expect(sa.accepted).toBeGreaterThan(500);
    expect({ ...sa, batchId: undefined }).toEqual({ ...sb, batchId: undefined });
  });
});
