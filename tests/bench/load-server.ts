// The API over the trained demo city, in a process of its own as in production: the load benchmark
// generates its requests in another process, so that the server's event loop is measured, not theirs.
import { createApi } from '../../src/api/app.ts';
import { listen } from '../../src/api/server.ts';
import { createToken } from '../../src/auth/tokens.ts';
import { silentLogger } from '../../src/log.ts';
import { TEST_FORECAST_SETTINGS } from '../helpers/api.ts';
import { demoDatabase } from '../helpers/demo-city.ts';

const database = await demoDatabase();
const token = await createToken(database, 'load-bench', ['read']);
const api = createApi({
  database,
  log: silentLogger(),
  importSettings: { timeZone: 'America/Chicago', h3Resolution: 9, limits: { maxExpandedBytes: 1 << 30 } },
  apiToken: undefined,
  maxBodyBytes: 1 << 20,
  forecastSettings: TEST_FORECAST_SETTINGS,
  // The benchmark is one caller asking as fast as it can: no per-token limit.
  ratePerMinute: 0,
});
const http = await listen(api, 0, '127.0.0.1');
// How late a 10 ms timer fires: the time any callback (a probe's answer) waits for the event loop.
const lateness: number[] = [];
let expected = performance.now() + 10;
const sampler = setInterval(() => {
  const now = performance.now();
  lateness.push(Math.max(0, now - expected));
  expected = now + 10;
}, 10);
process.send!({ url: http.url, token });
process.once('message', async () => {
  clearInterval(sampler);
  const sorted = lateness.sort((a, b) => a - b);
  const at = (p: number) =>
    Number((sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0).toFixed(1));
  const eventLoop = { p50Ms: at(0.5), p99Ms: at(0.99), maxMs: at(1) };
  await http.close();
  await database.close();
  process.send!({ eventLoop }, () => process.exit(0));
});
