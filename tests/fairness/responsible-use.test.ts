// What models learn from, the settings' audit trail, and the fairness report where people see it.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Bot } from '../../adapters/bot.ts';
import { ConsoleAdapter } from '../../adapters/console/console-adapter.ts';
import { readAudit } from '../../src/audit/audit-log.ts';
import { recordTrainingSettings } from '../../src/audit/settings-changes.ts';
import { createToken } from '../../src/auth/tokens.ts';
import type { Database } from '../../src/db/client.ts';
import { loadIncidents } from '../../src/forecast/history.ts';
import { activeModel } from '../../src/forecast/registry.ts';
import { historyFilter } from '../../src/forecast/settings.ts';
import { train } from '../../src/forecast/train.ts';
import { bodyOf, TEST_FORECAST_SETTINGS as settings, testApi } from '../helpers/api.ts';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { demoIncidents } from '../helpers/demo-city.ts';
import { importPath, SETTINGS, tempFile } from '../helpers/import.ts';
import { demoBot, sharedTrainedDemo } from '../helpers/trained-demo.ts';

const until = new Date('2026-06-01T05:00:00Z');

describeEachDatabase('what a model learns from', (kind) => {
  test('officer-initiated incidents and drug records never reach training', async () => {
    const database = await demoIncidents(await freshDatabase(kind));
    const before = await loadIncidents(database, historyFilter(settings, until), 9);
    // A quiet corner of the demo city suddenly full of stops: discovered thefts and reported drugs.
    const planted = Array.from({ length: 300 }, (_, i) => {
      const at = new Date(until.getTime() - (i + 1) * 3_600_000).toISOString();
      const [origin, category] = i % 2 === 0 ? ['discovered', 'theft'] : ['reported', 'drugs'];
      return `planted-${i},${at},${category},stop,39.9000,-98.7000,${origin}`;
    });
    const file = tempFile(
      `planted-${kind}.csv`,
      `external_id,occurred_at,category,raw_type,lat,lon,origin\n${planted.join('\n')}\n`,
    );
    // Planted into the demo city itself (its source): real data would replace the whole demo city.
    expect(
      (await importPath(database, file, { profile: 'generic', source: 'demo' }, SETTINGS)).accepted,
    ).toBe(300);
    await train(database, settings, { until, options: { nEstimators: 5 }, holdoutDays: 14 });
    const model = await activeModel(database);
    // The model's data is exactly what it was before the planted rows.
    expect(model!.dataFingerprint).toBe(before.fingerprint);
    expect(model!.params).toMatchObject({
      origins: ['reported', 'unknown'],
      excludedCategories: ['drugs', 'traffic'],
    });
  }, 120_000);
});

test('changing what models learn from is written to the audit log once', async () => {
  const database = await freshDatabase('pglite');
  const first = { origins: ['reported', 'unknown'], excludedCategories: ['drugs', 'traffic'] };
  expect(await recordTrainingSettings(database, first)).toBe(true);
  expect(await recordTrainingSettings(database, { ...first, origins: ['unknown', 'reported'] })).toBe(false);
  expect(await recordTrainingSettings(database, { ...first, origins: ['reported'] })).toBe(true);
  const entries = await readAudit(database);
  expect(entries.map((e) => [e.actor, e.action, e.outcome, e.params])).toEqual([
    [
      'configuration',
      'training data settings',
      'changed',
      {
        origins: 'reported',
        excludedCategories: 'drugs,traffic',
        previousOrigins: 'reported,unknown',
        previousExcludedCategories: 'drugs,traffic',
      },
    ],
    [
      'configuration',
      'training data settings',
      'first recorded',
      { origins: 'reported,unknown', excludedCategories: 'drugs,traffic' },
    ],
  ]);
});

describeEachDatabase('the fairness report where people see it', (kind) => {
  let database: Database;
  let dispose: () => Promise<void>;
  const bots: Bot[] = [];
  const ask = (env: Record<string, string>, command: string) => {
    const bot = demoBot(database, undefined, env);
    bots.push(bot);
    return new ConsoleAdapter(bot.dispatcher, { mapDir: '/tmp', role: 'viewer' }, () => {}).ask(command);
  };
  beforeAll(async () => {
    ({ database, dispose } = await sharedTrainedDemo(kind));
  }, 120_000);
  afterAll(async () => {
    for (const bot of bots) await bot.close();
    await dispose?.();
  });

  test('/model shows the report of its held-out days, what it learnt from, and a change of settings', async () => {
    expect(await ask({}, '/model')).toContain('Fairness: no warnings on its held-out days.');
    const plain = await ask({}, '/model details');
    expect(plain).toContain('Fairness on its held-out days (top 5% of places flagged)');
    expect(plain).toMatch(/concentration: Gini 0\.\d{3} of flagged hours/);
    expect(plain).toMatch(/persistence: \d+\.\d% of flagged places were flagged the day before/);
    expect(plain).toContain('origins: reported, unknown');
    expect(plain).not.toContain('the settings changed');

    await recordTrainingSettings(database, {
      origins: ['reported'],
      excludedCategories: ['drugs', 'traffic'],
    });
    const changed = await ask({ PATROLCAST_TRAIN_ORIGINS: 'reported' }, '/model details');
    expect(changed).toMatch(
      /the settings changed on \d{4}-\d\d-\d\d \d\d:\d\d \(origins: reported; left out: drugs, traffic\); the next training uses them/,
    );
  });

  test('past a limit, /model and the briefing footer warn', async () => {
    const strict = { PATROLCAST_FAIRNESS_MAX_PERSISTENCE: '0.05' };
    expect(await ask(strict, '/model')).toContain('warning: the same places are flagged day after day');
    const briefing = await ask(strict, '/briefing now');
    expect(briefing).toMatch(
      /Fairness warning: the same places are flagged day after day \(\d+% overlap, limit 5%\)/,
    );
    expect(await ask({}, '/briefing now')).not.toContain('Fairness warning');
  });

  test('GET /v1/reports/fairness: the report by district with its warnings; bad periods are refused', async () => {
    const reader = await createToken(database, `reader-${kind}`, ['read']);
    const api = testApi(database, { apiToken: undefined });
    const get = (query: string) =>
      api.request(`/v1/reports/fairness${query}`, { headers: { authorization: `Bearer ${reader}` } });
    const response = await get('?from=2026-05-18&to=2026-05-31');
    expect(response.status).toBe(200);
    const report = (await response.json()) as {
      windows: number;
      hitRate: number;
      districts: { district: string; flaggedShare: number; incidentShare: number }[];
      warnings: string[];
      model: { version: number };
    };
    expect(report.windows).toBe(14 * 3);
    expect(report.model.version).toBe(1);
    expect(report.hitRate).toBeGreaterThan(0.1);
    // Shares add up to one over the districts.
    const sum = (k: 'flaggedShare' | 'incidentShare') => report.districts.reduce((a, d) => a + d[k], 0);
    expect(sum('flaggedShare')).toBeCloseTo(1, 9);
    expect(sum('incidentShare')).toBeCloseTo(1, 9);
    expect(report.districts.map((d) => d.district)).toContain('Central');
    expect(Array.isArray(report.warnings)).toBe(true);

    // No days named, and the incidents stop months before today: the data's own last 28 days, said so.
    const latest = (await (await get('')).json()) as {
      from: string;
      to: string;
      windows: number;
      note: string;
    };
    expect(latest).toMatchObject({
      from: '2026-05-04',
      to: '2026-05-31',
      windows: 28 * 3,
      note: 'The stored incidents stop at 2026-05-31: these are their last 28 days (name the days to see others).',
    });
    expect((await (await get('?from=2026-05-18&to=2026-05-31')).json()) as object).not.toHaveProperty('note');

    expect((await bodyOf(await get('?from=2026-05-31&to=2026-05-01'))).error).toBe(
      'from must not be after to',
    );
    expect((await get('?from=yesterday')).status).toBe(400);
    expect((await bodyOf(await get('?from=2026-01-01&to=2026-05-31'))).error).toMatch(/at most 92 days/);
  }, 60_000);
});
