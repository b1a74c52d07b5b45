// npm run bench:briefings -- [--db pglite|postgres] [--districts]
// 200 Slack channels subscribed to the same shift; one scheduler tick at the posting time delivers all
// (with --districts, units are set per district and each channel follows one of the six districts, as a
// city whose districts each brief their own watch does)
// their briefings through the Slack poster to the loopback Slack. Prints seconds to deliver all,
// duplicates (channels posted to more than once), whether every channel's posts were a second apart,
// and peak RSS. One JSON line. The trained demo city is made by another process first: this one opens
// it as a service does when it starts, so that its memory is the service's, not the training's.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { webApi } from '@slack/bolt';
import postgres from 'postgres';
import { SlackPoster } from '../../adapters/slack/slack-poster.ts';
import { subscribe } from '../../src/briefing/subscriptions.ts';
import { openDatabase } from '../../src/db/client.ts';
import { DISTRICTS } from '../../src/demo/city.ts';
import { resolveWindow } from '../../src/forecast/windows.ts';
import { setUnitCount } from '../../src/plan/unit-counts.ts';
import { BriefingScheduler } from '../../src/schedule/briefing-scheduler.ts';
import { DEMO_NOW, demoBot } from '../helpers/demo-city.ts';
import { SlackFake } from '../helpers/slack-fake.ts';
import { line } from './shared.ts';

const CHANNELS = 200;
const LEAD = 15 * 60_000;

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'pglite' },
    server: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    districts: { type: 'boolean', default: false },
  },
});
const scratch = mkdtempSync(join(tmpdir(), 'patrolcast-briefings-'));
const admin = postgres(values.server, { max: 1, onnotice: () => {} });
const dbName = `bench_briefings_${process.pid}`;
let target = join(scratch, 'pglite');
if (values.db === 'postgres') {
  await admin.unsafe(`create database ${dbName}`);
  const url = new URL(values.server);
  url.pathname = `/${dbName}`;
  target = url.toString();
}
execFileSync(process.execPath, ['--import', 'tsx', 'tests/bench/briefings-setup.ts', target], {
  stdio: 'inherit',
});
const rssOpened = process.memoryUsage().rss;
const database = await openDatabase(
  target.startsWith('postgres') ? { databaseUrl: target } : { dataDir: target },
);
const bot = demoBot(database);
const fake = new SlackFake({ keepFiles: false });
await fake.start();
if (values.districts)
  for (const [k, d] of DISTRICTS.entries())
    await setUnitCount(
      database,
      { district: d.name, shift: null, units: 2 + (k % 3) },
      { actorKind: 'system', actor: 'bench' },
    );
for (let i = 1; i <= CHANNELS; i++) {
  const s = await subscribe(database, {
    platform: 'slack',
    channelId: `C${String(i).padStart(4, '0')}`,
    shifts: ['22:00-06:00'],
    timeZone: 'America/Chicago',
    district: values.districts ? DISTRICTS[i % DISTRICTS.length]!.name : null,
    category: null,
    units: 3,
    createdBy: 'bench',
  });
  await database.query('update subscriptions set created_at = $1 where id = $2', [
    '2026-05-01T00:00:00Z',
    s.id,
  ]);
}
const client = new webApi.WebClient('xoxb-bench', {
  slackApiUrl: `${fake.url}/api/`,
  retryConfig: { retries: 0 },
});
const scheduler = new BriefingScheduler(bot.services, new Map([['slack', new SlackPoster(client)]]), {
  owner: 'bench',
  leadMs: LEAD,
  leaseMs: 5 * 60_000,
  attempts: 3,
  backoffMs: 1000,
  concurrency: 32,
});

// Calls per channel, with when they came, to check duplicates and pacing.
const seen = new Map<string, number[]>();
fake.on('call', (call: { method: string; body: Record<string, unknown> }) => {
  const channel =
    call.method === 'chat.postMessage'
      ? call.body.channel
      : call.method === 'files.completeUploadExternal'
        ? call.body.channel_id
        : undefined;
  if (typeof channel !== 'string') return;
  seen.set(channel, [...(seen.get(channel) ?? []), performance.now()]);
});

try {
  const tonight = resolveWindow('tonight', DEMO_NOW, bot.services.forecasting);
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const parts = { heapUsed: 0, external: 0, arrayBuffers: 0 };
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    if (m.rss > rssPeak) {
      rssPeak = m.rss;
      parts.heapUsed = m.heapUsed;
      parts.external = m.external;
      parts.arrayBuffers = m.arrayBuffers;
    }
  }, 50);
  const started = performance.now();
  const report = await scheduler.tick(new Date(tonight.start.getTime() - LEAD));
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const posts = fake.calls.filter((c) => c.method === 'chat.postMessage');
  const perChannel = new Map<string, number>();
  for (const p of posts)
    perChannel.set(String(p.body.channel), (perChannel.get(String(p.body.channel)) ?? 0) + 1);
  const paced = [...seen.values()].every((times) =>
    times.every((t, i) => i === 0 || t - times[i - 1]! >= 990),
  );
  line({
    bench: 'briefings',
    db: values.db,
    ...(values.districts ? { districts: DISTRICTS.length } : {}),
    channels: CHANNELS,
    posted: report.posted,
    failed: report.failed,
    seconds: Number(seconds.toFixed(2)),
    duplicates: [...perChannel.values()].filter((n) => n > 1).length,
    channelsReached: perChannel.size,
    uploads: fake.calls.filter((c) => c.method === 'files.completeUploadExternal').length,
    pacedOnePerSecondPerChannel: paced,
    // Peak RSS while delivering; before it, the process with its database open and 200 subscriptions.
    peakRssMB: Math.round(rssPeak / 1024 ** 2),
    rssBeforeMB: Math.round(rssBefore / 1024 ** 2),
    rssStartMB: Math.round(rssOpened / 1024 ** 2),
    atPeakMB: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, Math.round(v / 1024 ** 2)])),
    processPeakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    under60s: seconds < 60,
  });
} finally {
  await bot.close();
  await fake.stop();
  await database.close();
  if (values.db === 'postgres') await admin.unsafe(`drop database if exists ${dbName} with (force)`);
  await admin.end({ timeout: 5 });
  rmSync(scratch, { recursive: true, force: true });
}
