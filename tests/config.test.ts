import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseConfig, SETTINGS } from '../src/config.ts';
import { ConfigError } from '../src/errors.ts';

function problems(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('configuration', () => {
  test('an empty environment gives a working embedded set-up', () => {
    const config = parseConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toMatch(/data\/pglite$/);
    expect(config.timeZone).toBe('America/Chicago');
    expect(config.h3Resolution).toBe(9);
    expect(config.demoOnEmpty).toBe(true);
  });

  test('every bad variable is named at once, one line each', () => {
    const lines = problems({
      PORT: 'eighty',
      PATROLCAST_TZ: 'Mars/Olympus_Mons',
      DATABASE_URL: 'mysql://root@db/x',
      PATROLCAST_DEMO_ON_EMPTY: 'perhaps',
      LOG_LEVEL: 'loud',
      PATROLCAST_H3_RESOLUTION: '99',
    });
    expect(lines).toHaveLength(6);
    for (const name of [
      'PORT',
      'PATROLCAST_TZ',
      'DATABASE_URL',
      'PATROLCAST_DEMO_ON_EMPTY',
      'LOG_LEVEL',
      'PATROLCAST_H3_RESOLUTION',
    ]) {
      expect(lines.some((l) => l.startsWith(`${name}: `))).toBe(true);
    }
  });

  test('a postgres URL selects PostgreSQL, and the error for a bad one does not echo it', () => {
    expect(parseConfig({ DATABASE_URL: 'postgresql://u:p@db:5432/pc' }).databaseUrl).toBe(
      'postgresql://u:p@db:5432/pc',
    );
    const [line] = problems({ DATABASE_URL: 'http://u:secret@db' });
    expect(line).not.toContain('secret');
  });

  test('time zones are checked against the real zone database', () => {
    expect(parseConfig({ PATROLCAST_TZ: 'Asia/Kolkata' }).timeZone).toBe('Asia/Kolkata');
    expect(problems({ PATROLCAST_TZ: 'Chicago' })[0]).toMatch(/^PATROLCAST_TZ: /);
  });

  test('ports and flags accept what people write', () => {
    expect(parseConfig({ PORT: '8080', PATROLCAST_DEMO_ON_EMPTY: 'no' })).toMatchObject({
      port: 8080,
      demoOnEmpty: false,
    });
    expect(problems({ PORT: '70000' })[0]).toMatch(/^PORT: /);
    expect(problems({ PORT: '30.5' })[0]).toMatch(/^PORT: /);
  });
});

describe('.env.example', () => {
  test('documents every setting the configuration reads', () => {
    const example = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
    const documented = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    const missing = Object.keys(SETTINGS.shape).filter((name) => !documented.has(name));
    expect(missing).toEqual([]);
  });
});
