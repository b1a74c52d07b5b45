// npm run bench:cli
// How long the command line takes to answer, beside `node -e 0` in the same run (the machine is shared:
// compare the ratios). Each is run 7 times; the median and the slowest are given. `patrolcast hotspots`
// runs on a demo city made for the run (demo-data, then train), from the build in dist/ when it is
// current; the same commands from the TypeScript sources (tsx) follow, for comparison.
// `npm run bench:cli -- --against <checkout>` times another checkout's `patrolcast` in the same run too
// (an earlier commit, installed), on a demo city of its own: a before and after on the same machine state.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { line } from './shared.ts';

const RUNS = 7;
const root = resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'patrolcast-bench-cli-'));
const env = { ...process.env, PATROLCAST_DATA_DIR: dataDir, PATROLCAST_LOG_LEVEL: 'warn' };
const bin = join(root, 'adapters/bin.js');
const fromSources = ['--import', 'tsx', join(root, 'adapters/program.ts')];

const against = process.argv.includes('--against')
  ? resolve(process.argv[process.argv.indexOf('--against') + 1] ?? '.')
  : undefined;

function time(args: string[], runEnv = env, cwd = root): { medianMs: number; maxMs: number } {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const run = spawnSync(process.execPath, args, { env: runEnv, cwd, encoding: 'utf8' });
    times.push(performance.now() - started);
    if (run.status !== 0) throw new Error(`${args.join(' ')} failed: ${run.stderr}`);
  }
  times.sort((a, b) => a - b);
  return { medianMs: Math.round(times[Math.floor(RUNS / 2)]!), maxMs: Math.round(times.at(-1)!) };
}

try {
  execFileSync(process.execPath, [bin, 'demo-data'], { env, cwd: root, stdio: 'ignore' });
  execFileSync(process.execPath, [bin, 'train'], { env, cwd: root, stdio: 'ignore' });
  // The first hotspots stores the forecast; the timed ones read it, as a supervisor's second ask would.
  execFileSync(process.execPath, [bin, 'hotspots'], { env, cwd: root, stdio: 'ignore' });
  const baseline = time(['-e', '0']);
  line({ bench: 'cli', command: 'node -e 0', ...baseline });
  const built = existsSync(join(root, 'dist/.built'));
  for (const [command, args] of [
    ['patrolcast --help', [bin, '--help']],
    ['patrolcast hotspots', [bin, 'hotspots']],
    ['patrolcast --help (from sources)', [...fromSources, '--help']],
    ['patrolcast hotspots (from sources)', [...fromSources, 'hotspots']],
  ] as const) {
    const measured = time([...args]);
    line({
      bench: 'cli',
      command,
      ...(command.includes('sources') ? {} : { built }),
      ...measured,
      timesNodeAlone: Number((measured.medianMs / baseline.medianMs).toFixed(1)),
    });
  }
  if (against) timeOther(against, baseline.medianMs);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

/** The same two commands from another checkout, on a demo city made by that checkout. */
function timeOther(checkout: string, baselineMs: number): void {
  const otherData = mkdtempSync(join(tmpdir(), 'patrolcast-bench-cli-other-'));
  const otherEnv = { ...env, PATROLCAST_DATA_DIR: otherData };
  const otherBin = join(checkout, 'adapters/bin.js');
  try {
    for (const step of ['demo-data', 'train', 'hotspots'])
      execFileSync(process.execPath, [otherBin, step], { env: otherEnv, cwd: checkout, stdio: 'ignore' });
    for (const command of ['--help', 'hotspots']) {
      const measured = time([otherBin, command], otherEnv, checkout);
      line({
        bench: 'cli',
        command: `patrolcast ${command}`,
        checkout,
        ...measured,
        timesNodeAlone: Number((measured.medianMs / baselineMs).toFixed(1)),
      });
    }
  } finally {
    rmSync(otherData, { recursive: true, force: true });
  }
}
