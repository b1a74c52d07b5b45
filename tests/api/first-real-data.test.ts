// The first real import replaces the demo city: from the moment it has answered, no answer comes from the
// model of the synthetic city; a training on the real data is queued at once, and answers say so until
// it is done.
import { tmpdir } from 'node:os';
import { expect, test } from 'vitest';
import { ConsoleAdapter } from '../../adapters/console/console-adapter.ts';
import { createToken } from '../../src/auth/tokens.ts';
import { RetrainQueue } from '../../src/forecast/retrain-queue.ts';
import { silentLogger } from '../../src/log.ts';
import { bodyOf, TEST_FORECAST_SETTINGS, testApi } from '../helpers/api.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { captureLog } from '../helpers/log-capture.ts';
import { demoBot, trainedDemo } from '../helpers/trained-demo.ts';

/** Eight busy blocks of a real city, every day from May to November 2026 (or its first days only). */
function realExport(datesOnly = false, days = 214): string {
  const spots = [
    [41.881, -87.627],
    [41.874, -87.629],
    [41.892, -87.634],
    [41.866, -87.617],
    [41.9, -87.65],
    [41.853, -87.64],
    [41.885, -87.66],
    [41.87, -87.68],
  ] as const;
  const lines = ['occurred_at,raw_type,lat,lon'];
  let n = 0;
  for (let day = 0; day < days; day++) {
    const date = new Date(Date.UTC(2026, 4, 1 + day));
    for (let k = 0; k < 6; k++) {
      n++;
      const [lat, lon] = spots[(n * 7 + day) % spots.length]!;
      const at = new Date(date.getTime() + ((n * 5) % 24) * 3_600_000);
      const when = datesOnly ? at.toISOString().slice(0, 10) : at.toISOString();
      lines.push(`${when},${k % 2 ? 'THEFT' : 'BURGLARY'},${lat + (n % 3) * 1e-4},${lon}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

describeEachDatabase('the first real data', (kind) => {
  test('after the import answers, no answer is a demo answer; the real model trains at once', async () => {
    const database = await trainedDemo(kind);
    const retrain = RetrainQueue.for(database, TEST_FORECAST_SETTINGS, silentLogger());
    const token = await createToken(database, 'rms-export', ['ingest', 'read']);
    const headers = { authorization: `Bearer ${token}` };
    const api = testApi(database, { apiToken: undefined, retrain });
    // The demo model answers for the demo city.
    const before = await api.request('/v1/hotspots.geojson?at=2026-06-01', { headers });
    expect(before.status).toBe(200);

    const imported = await api.request('/v1/incidents?source=rms', {
      method: 'POST',
      body: realExport(),
      headers: { ...headers, 'content-type': 'text/csv' },
    });
    expect(imported.status).toBe(200);
    expect(await bodyOf(imported)).toMatchObject({
      accepted: 1284,
      demoRemoved: expect.any(Number),
      training: 'a model is training on your data now; hotspots answer once it is done',
    });

    // Right after: the API and chat say what is happening instead of showing the demo's streets.
    const during = await api.request('/v1/hotspots.geojson?at=2026-12-01', { headers });
    expect(during.status).toBe(409);
    expect((await bodyOf(during)).error).toMatch(
      /^your data has replaced the demo city, and a model is being trained on it \(the auto training asked by the system \(first real data, imported by token rms-export \(id \d+\)\), running for 0 min\)/,
    );
    const bot = demoBot(database, silentLogger(), {}, new Date('2026-12-01T18:00:00Z'));
    try {
      const ask = (words: string) =>
        new ConsoleAdapter(bot.dispatcher, { mapDir: tmpdir(), role: 'viewer' }, () => {}).ask(words);
      const answer = await ask('/hotspots today');
      expect(answer).not.toContain('DEMO DATA');
      expect(answer).toMatch(/^Your data has replaced the demo city, and a model is being trained on it/);

      await retrain.idle();
      const after = await api.request('/v1/hotspots.geojson?at=2026-12-01', { headers });
      expect(after.status).toBe(200);
      const geojson = (await after.json()) as { patrolcast: { demo: boolean } };
      expect(geojson.patrolcast.demo).toBe(false);
      const trained = await ask('/hotspots today');
      expect(trained).not.toContain('DEMO DATA');
      expect(trained).not.toContain('replaced the demo city');
    } finally {
      await bot.close();
    }
  }, 180_000);

  test("data dated to the day replace the demo's model of shifts, though the two cannot be scored alike", async () => {
    const database = await trainedDemo(kind);
    const retrain = RetrainQueue.for(database, TEST_FORECAST_SETTINGS, silentLogger());
    const token = await createToken(database, 'rms-export', ['ingest', 'read']);
    const headers = { authorization: `Bearer ${token}` };
    const api = testApi(database, { apiToken: undefined, retrain });
    const imported = await api.request('/v1/incidents?source=rms', {
      method: 'POST',
      body: realExport(true),
      headers: { ...headers, 'content-type': 'text/csv' },
    });
    expect(imported.status).toBe(200);
    await retrain.idle();
    const after = await api.request('/v1/hotspots.geojson?at=2026-12-01', { headers });
    expect(after.status).toBe(200);
    expect(((await after.json()) as { patrolcast: { demo: boolean } }).patrolcast.demo).toBe(false);
    const models = await api.request('/v1/models', { headers });
    const active = ((await models.json()) as { models: { status: string; demo: boolean }[] }).models.filter(
      (m) => m.status === 'active',
    );
    expect(active.map((m) => m.demo)).toEqual([false]);
  }, 180_000);

  test('a first sample too short to learn from: answers say why no model came of it, and the server logs it', async () => {
    const database = await trainedDemo(kind);
    const { lines, log } = captureLog('info');
    const retrain = RetrainQueue.for(database, TEST_FORECAST_SETTINGS, log);
    const token = await createToken(database, 'rms-export', ['ingest', 'read']);
    const headers = { authorization: `Bearer ${token}` };
    const api = testApi(database, { apiToken: undefined, retrain });
    const imported = await api.request('/v1/incidents?source=rms', {
      method: 'POST',
      body: realExport(false, 3),
      headers: { ...headers, 'content-type': 'text/csv' },
    });
    expect(imported.status).toBe(200);
    await retrain.idle();
    expect(lines.map((line) => JSON.parse(line) as unknown)).toContainEqual(
      expect.objectContaining({
        msg: 'could not train on the first real data',
        reason: expect.stringMatching(/^the data cover 3 days/),
      }),
    );

    const answer = await api.request('/v1/hotspots.geojson?at=2026-12-01', { headers });
    expect(answer.status).toBe(409);
    expect((await bodyOf(answer)).error).toMatch(
      /^your data has replaced the demo city, and the training on it failed: the data cover 3 days: even the simplest method needs \d+/,
    );
    const bot = demoBot(database, silentLogger(), {}, new Date('2026-12-01T18:00:00Z'));
    try {
      const chat = await new ConsoleAdapter(
        bot.dispatcher,
        { mapDir: tmpdir(), role: 'viewer' },
        () => {},
      ).ask('/hotspots today');
      expect(chat).toMatch(
        /^Your data has replaced the demo city, and the training on it failed: the data cover 3 days/,
      );
    } finally {
      await bot.close();
    }
  }, 180_000);
});
