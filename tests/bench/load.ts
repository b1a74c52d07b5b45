// npm run bench:load
// 50 keep-alive connections asking for the hotspot GeoJSON for 20 s (a dashboard refreshing on every
// analyst's screen, QGIS layers reloading), with /healthz polled alongside as a liveness probe would.
// Loopback only, bounded in time; one JSON line for each.

import { fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { Worker } from 'node:worker_threads';
import { line } from './shared.ts';

const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 20);
const HEALTH_EVERY_MS = 50;

const server = fork(new URL('./load-server.ts', import.meta.url), { execArgv: ['--import', 'tsx'] });
const { url, token } = await new Promise<{ url: string; token: string }>((resolve, reject) => {
  server.once('message', (m) => resolve(m as { url: string; token: string }));
  server.once('error', reject);
  server.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
});

interface Answer {
  status: number;
  bytes: number;
  ms: number;
}

function get(path: string, agent: Agent, headers: Record<string, string> = {}): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { agent, headers }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, ms: performance.now() - started }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(60_000, () => req.destroy(new Error('no answer in 60 s')));
    req.end();
  });
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Number((sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0).toFixed(1));
};

const path = process.env.BENCH_LOAD_PATH ?? '/v1/hotspots.geojson?when=next&category=all';
const headers = { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' };
const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
// The first request scores the forecast; the benchmark measures serving it.
const first = await get(path, agent, headers);
if (first.status !== 200) throw new Error(`the first request answered ${first.status}`);

const until = performance.now() + SECONDS * 1000;
const answers: Answer[] = [];
const statuses = new Map<number, number>();
const loop = async () => {
  while (performance.now() < until) {
    const a = await get(path, agent, headers);
    answers.push(a);
    statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
  }
};
// The probe has a thread of its own, as an orchestrator's would be: the load generator's own busy
// event loop must not count as the server's slowness.
const PROBE = `
const { parentPort, workerData } = require('node:worker_threads');
const { Agent, request } = require('node:http');
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const until = Date.now() + workerData.ms;
const times = [];
const probe = () => new Promise((resolve, reject) => {
  const started = performance.now();
  const req = request(workerData.url + '/healthz', { agent }, (res) => {
    res.resume();
    res.on('end', () => resolve(performance.now() - started));
  });
  req.on('error', reject);
  req.end();
});
(async () => {
  while (Date.now() < until) {
    times.push(await probe());
    await new Promise((r) => setTimeout(r, workerData.every));
  }
  agent.destroy();
  parentPort.postMessage(times);
})();
`;
const prober = new Worker(PROBE, {
  eval: true,
  workerData: { url, ms: SECONDS * 1000, every: HEALTH_EVERY_MS },
});
const probed = new Promise<number[]>((resolve, reject) => {
  prober.once('message', resolve);
  prober.once('error', reject);
});
const started = performance.now();
await Promise.all(Array.from({ length: CONNECTIONS }, loop));
const health = await probed;
const elapsed = (performance.now() - started) / 1000;
const ms = answers.map((a) => a.ms);
line({
  scenario: 'hotspots.geojson',
  connections: CONNECTIONS,
  seconds: Number(elapsed.toFixed(1)),
  requests: answers.length,
  requestsPerSecond: Number((answers.length / elapsed).toFixed(1)),
  p50Ms: percentile(ms, 0.5),
  p99Ms: percentile(ms, 0.99),
  bytesPerAnswer: Math.round(answers.reduce((s, a) => s + a.bytes, 0) / Math.max(1, answers.length)),
  statuses: Object.fromEntries(statuses),
});
line({
  scenario: 'healthz during the load',
  probes: health.length,
  p50Ms: percentile(health, 0.5),
  p99Ms: percentile(health, 0.99),
  maxMs: percentile(health, 1),
});
agent.destroy();
server.send('stop');
const { eventLoop } = await new Promise<{ eventLoop: Record<string, number> }>((resolve) =>
  server.once('message', (m) => resolve(m as { eventLoop: Record<string, number> })),
);
line({ scenario: "the server's event loop delay during the load", ...eventLoop });
await new Promise((resolve) => server.once('exit', resolve));
