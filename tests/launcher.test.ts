// The `patrolcast` command starts node in the service's environment: two malloc arenas unless the
// operator chose otherwise (see adapters/service-env.sh).
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const ENV_SCRIPT = fileURLToPath(new URL('../adapters/service-env.sh', import.meta.url));
const COMMAND = fileURLToPath(new URL('../adapters/patrolcast', import.meta.url));
const arenas = (env: NodeJS.ProcessEnv) =>
  execFileSync(
    ENV_SCRIPT,
    [process.execPath, '-e', 'process.stdout.write(String(process.env.MALLOC_ARENA_MAX))'],
    {
      env,
      encoding: 'utf8',
    },
  );

test('the service runs with two malloc arenas, unless the environment already says how many', () => {
  const { MALLOC_ARENA_MAX: _, ...without } = process.env;
  expect(arenas(without)).toBe('2');
  expect(arenas({ ...without, MALLOC_ARENA_MAX: '8' })).toBe('8');
});

test('the patrolcast command runs from any directory', () => {
  const help = execFileSync(COMMAND, ['--help'], { cwd: tmpdir(), encoding: 'utf8' });
  expect(help).toContain('Usage: patrolcast');
});
