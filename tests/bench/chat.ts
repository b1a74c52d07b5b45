// npm run bench:chat
// 50 concurrent /hotspots over Slack's HTTP mode, through Bolt, against the loopback Slack: how long
// each acknowledgement (Slack's 3-second rule) and each final answer take, with the map already cached
// (a supervisor asking what a colleague just asked). Then the same question asked every quarter second
// while a model trains (an analyst's /retrain at the start of a shift). One JSON line for each.
import { runSlack } from '../../adapters/slack/slack-adapter.ts';
import { databaseReplayGuard } from '../../src/auth/replay-guard.ts';
import type { Dispatcher } from '../../src/bot/dispatcher.ts';
import { silentLogger } from '../../src/log.ts';
import { DEMO_NOW, demoBot, demoDatabase } from '../helpers/demo-city.ts';
import { SlackFake, sendToSlackApp } from '../helpers/slack-fake.ts';
import { line } from './shared.ts';

const CONCURRENT = 50;
const SECRET = 'bench-signing-secret';

const database = await demoDatabase();
const bot = demoBot(database);
const fake = new SlackFake();
await fake.start();
const slack = await runSlack(
  bot.dispatcher as Dispatcher<unknown>,
  {
    botToken: 'xoxb-bench',
    signingSecret: SECRET,
    appToken: undefined,
    mode: 'http',
    port: 0,
    apiUrl: `${fake.url}/api/`,
    roles: { supervisor: [], analyst: [], admin: [] },
    commandPrefix: '',
  },
  'viewer',
  silentLogger(),
  {
    host: '127.0.0.1',
    retries: 0,
    botId: 'B0BENCH',
    botUserId: 'U0BENCH',
    replays: databaseReplayGuard(database),
  },
);

let next = 0;
async function ask(): Promise<{ ackMs: number; replyMs: number }> {
  const id = `r${++next}`;
  const answered = fake.waitFor((c) => c.method === 'response' && c.body.responseId === id);
  const started = performance.now();
  const sent = await sendToSlackApp(
    slack.port!,
    {
      command: '/hotspots',
      text: 'tonight',
      user_id: `U${next}`,
      channel_id: 'C0BENCH',
      team_id: 'T0',
      response_url: `${fake.url}/response/${id}`,
      trigger_id: `trigger-${id}`,
      api_app_id: 'A0',
    },
    { secret: SECRET },
  );
  if (sent.status !== 200) throw new Error(`Slack answered ${sent.status}`);
  const ackMs = performance.now() - started;
  await answered;
  return { ackMs, replyMs: performance.now() - started };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

try {
  // The first ask scores the forecast and renders the map; the rest reuse both.
  const first = await ask();
  const results = await Promise.all(Array.from({ length: CONCURRENT }, () => ask()));
  const acks = results.map((r) => r.ackMs).sort((a, b) => a - b);
  const replies = results.map((r) => r.replyMs).sort((a, b) => a - b);
  const round = (x: number) => Math.round(x);
  line({
    bench: 'chat',
    platform: 'slack-http',
    concurrent: CONCURRENT,
    firstReplyMs: round(first.replyMs),
    ackP50Ms: round(percentile(acks, 50)),
    ackMaxMs: round(acks.at(-1)!),
    replyP50Ms: round(percentile(replies, 50)),
    replyP95Ms: round(percentile(replies, 95)),
    replyMaxMs: round(replies.at(-1)!),
    everyAckUnder3s: acks.at(-1)! < 3000,
    replyP95Under2s: percentile(replies, 95) < 2000,
  });

  // During a training: its arithmetic runs in a worker, so the adapters keep answering.
  const started = performance.now();
  const { done } = bot.services.retrain.start({ until: DEMO_NOW, holdoutDays: 14 });
  let training = true;
  void done.finally(() => {
    training = false;
  });
  const during: { ackMs: number; replyMs: number }[] = [];
  // Also how long the event loop is ever held up, checked every 20 ms.
  let worstStall = 0;
  let tick = performance.now();
  const watch = setInterval(() => {
    const now = performance.now();
    worstStall = Math.max(worstStall, now - tick - 20);
    tick = now;
  }, 20);
  while (training) {
    during.push(await ask());
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  clearInterval(watch);
  await done;
  const duringAcks = during.map((r) => r.ackMs).sort((a, b) => a - b);
  line({
    bench: 'chat',
    platform: 'slack-http',
    scenario: 'while a model trains',
    trainingSeconds: Number(((performance.now() - started) / 1000).toFixed(1)),
    asks: during.length,
    ackP50Ms: Math.round(percentile(duringAcks, 50)),
    ackMaxMs: Math.round(duringAcks.at(-1)!),
    worstEventLoopStallMs: Math.round(worstStall),
    everyAckUnder3s: duringAcks.at(-1)! < 3000,
  });
} finally {
  await slack.stop();
  await bot.close();
  await fake.stop();
  await database.close();
}
