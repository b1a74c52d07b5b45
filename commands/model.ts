// /model: the active model, its hit rates beside the baselines', and how fresh the data is.
import { driftLine, liveDrift } from '../src/accuracy/drift.ts';
import { lastTrainingSettings } from '../src/audit/settings-changes.ts';
import type { CommandSpec } from '../src/bot/command-spec.ts';
import { fairnessSummary } from '../src/fairness/fairness-text.ts';
import { type FairnessLimits, fairnessWarnings, storedFairness } from '../src/fairness/warnings.ts';
import { type FeedLag, feedLags } from '../src/feeds/feed-lag.ts';
import { type Feed, listFeeds } from '../src/feeds/feed-store.ts';
import { dataFreshness } from '../src/forecast/freshness.ts';
import type { Metrics } from '../src/forecast/metrics.ts';
import { activeModel, activeModels } from '../src/forecast/registry.ts';
import { NO_INCIDENTS } from '../src/forecast/why-no-model.ts';
import { categoryLabel } from '../src/ingest/categories.ts';
import { formatLocalMinute } from '../src/time/zone.ts';
import { metricLines } from './retrain.ts';
import { type CommandServices, defineAction } from './services.ts';

const list = (items: unknown) =>
  Array.isArray(items) && items.length > 0 ? [...items].map(String).sort().join(', ') : 'nothing';

/** The origins and categories the model learnt from, and the settings now if they have changed since. */
async function learntFrom(services: CommandServices, params: Record<string, unknown>): Promise<string[]> {
  const lines = [`origins: ${list(params.origins)}`, `left out: ${list(params.excludedCategories)}`];
  const now = {
    origins: list(services.forecasting.trainOrigins),
    excluded: list(services.forecasting.excludedCategories),
  };
  if (now.origins !== list(params.origins) || now.excluded !== list(params.excludedCategories)) {
    const changed = await lastTrainingSettings(services.database);
    const when = changed ? ` on ${formatLocalMinute(changed.at, services.forecasting.timeZone)}` : '';
    lines.push(
      `the settings changed${when} (origins: ${now.origins}; left out: ${now.excluded}); the next training uses them`,
    );
  }
  return lines;
}

function fairnessSection(metrics: Record<string, unknown>, limits: FairnessLimits) {
  const report = storedFairness(metrics);
  if (!report) return [];
  const warnings = fairnessWarnings(report, limits);
  return [
    {
      title: `Fairness on its held-out days (top ${report.coverage}% of places flagged)`,
      lines: [
        ...fairnessSummary(report, limits),
        ...(warnings.length > 0 ? warnings.map((w) => `warning: ${w}`) : ['no warnings']),
        '`patrolcast fairness` gives the report by district',
      ],
    },
  ];
}

/** The models that answer for single categories, each with the method kept for it. */
async function byCategorySection(database: CommandServices['database'], shown: number) {
  const others = (await activeModels(database)).filter((m) => m.id !== shown);
  if (others.length === 0) return [];
  return [
    {
      title: 'Categories with a model of their own',
      lines: others.map((m) => {
        const hr5 = typeof m.metrics.hr5 === 'number' ? `, ${Math.round(m.metrics.hr5 * 100)}% at 5%` : '';
        return `${categoryLabel(m.category)}: model ${m.version} (${m.algorithm}${hr5})`;
      }),
    },
  ];
}

/** Which methods were compared and why this one was kept, as the training recorded it. */
function choiceSection(choice: unknown) {
  const c = choice as { chosen?: string; why?: string; note?: string } | undefined;
  if (!c?.chosen || !c.why) return [];
  return [{ title: 'Why this method', lines: [`${c.why}.`, ...(c.note ? [`${c.note}.`] : [])] }];
}

/** Each feed in a line: whether it is failing, when it last ran well, and how old its newest incident is. */
function feedLines(feeds: readonly Feed[], lags: ReadonlyMap<string, FeedLag>, now: Date): string[] {
  return feeds.map((f) => {
    const ago = f.lastSuccessAt
      ? `${Math.max(0, Math.round((now.getTime() - f.lastSuccessAt.getTime()) / 60_000))} min ago`
      : 'never';
    const state = f.paused ? 'paused' : f.failures > 0 ? `failing ${f.failures} runs in a row` : 'ok';
    const hours = lags.get(f.name)?.hours;
    const lag =
      hours === null || hours === undefined
        ? ', no incidents yet'
        : `, newest incident ${hours < 48 ? `${Math.round(hours)} h` : `${Math.round(hours / 24)} days`} old`;
    return `Feed ${f.name}: ${state}, last success ${ago}${lag}.`;
  });
}

const pct = (x: number | undefined) => `${Math.round((x ?? 0) * 100)}%`;

/** How well the forecast did, in words a supervisor reads: against a simple count, the strongest plain method. */
function plainVerdict(
  algorithm: string,
  evaluation: Record<string, Metrics>,
  holdout: { from?: string; to?: string } | undefined,
): string[] {
  const own = evaluation.candidate ?? evaluation.active;
  if (!own) return ['It has no held-out figures.'];
  const days = holdout?.from ? ` (${holdout.from} to ${holdout.to})` : '';
  const lines = [
    `On days it had not seen${days}, the 5% of places it ranked highest saw ${pct(own.hr[5])} of the incidents that followed.`,
  ];
  if (algorithm === 'ewma' || algorithm === 'naive') {
    lines.push(
      'It is itself a simple count of each place’s past incidents: no learnt method did better here.',
    );
    return lines;
  }
  const simple = [evaluation.ewma, evaluation.naive].filter((m): m is Metrics => Boolean(m));
  if (simple.length === 0) return lines;
  const best = Math.max(...simple.map((m) => m.hr[5] ?? 0));
  const gap = Math.round(((own.hr[5] ?? 0) - best) * 100);
  lines.push(
    gap > 0
      ? `A simple count of each place’s past incidents would have caught ${pct(best)}: the forecast does better, by ${gap} ${gap === 1 ? 'point' : 'points'}.`
      : `A simple count of each place’s past incidents would have caught ${pct(best)}: it does no better than that count.`,
  );
  return lines;
}

export const modelCommand: CommandSpec<CommandServices> = {
  name: 'model',
  description: 'the model in use, how well it did against the baselines, and how fresh the data is',
  action: defineAction({
    description: 'the model in use, how well it did against the baselines, and how fresh the data is',
    role: 'viewer',
    options: [
      {
        name: 'details',
        description: "the analysts' figures: hit rates beside every baseline, fairness, what it learnt from",
        type: 'boolean',
      },
    ] as const,
    visibility: 'ephemeral',
    async handler({ services, options }) {
      const model = await activeModel(services.database);
      const tz = services.forecasting.timeZone;
      const judged = await dataFreshness(services.database, { start: services.now() }, services.forecasting);
      const freshness = [
        judged.newestIncidentLocal
          ? `Newest incident stored: ${judged.newestIncidentLocal} (${tz}).${judged.staleNote ? ` ${judged.staleNote}` : ''}`
          : `${NO_INCIDENTS.charAt(0).toUpperCase()}${NO_INCIDENTS.slice(1)}.`,
        ...(await (async () => {
          const feeds = await listFeeds(services.database);
          return feedLines(feeds, await feedLags(services.database, feeds, services.now()), services.now());
        })()),
      ];
      if (!model) {
        return {
          title: 'No model is active yet',
          summary: judged.newestIncidentLocal
            ? 'An analyst can train one with /retrain.'
            : 'There is nothing to learn from yet.',
          footer: freshness,
        };
      }
      const drift = await liveDrift(
        services.database,
        tz,
        services.now(),
        model.category,
        services.accuracy.drift,
        model,
      );
      const live = drift ? [{ title: 'Since it was served', lines: [driftLine(drift)] }] : [];
      const evaluation = (model.metrics.models ?? {}) as Record<string, Metrics>;
      const holdout = model.metrics.holdout as { from?: string; to?: string } | undefined;
      const title = `Model ${model.version} (${model.algorithm})${model.demo ? ' · DEMO DATA' : ''}`;
      const summary = `Active since ${model.activatedAt ? formatLocalMinute(model.activatedAt, tz) : 'unknown'}; learnt from ${model.trainFrom ? formatLocalMinute(model.trainFrom, tz).slice(0, 10) : '?'} to ${model.trainTo ? formatLocalMinute(model.trainTo, tz).slice(0, 10) : '?'}.`;
      if (!options.details) {
        const report = storedFairness(model.metrics);
        const warnings = report ? fairnessWarnings(report, services.forecasting.fairness) : [];
        return {
          title,
          summary,
          sections: [
            { title: 'How well it did', lines: plainVerdict(model.algorithm, evaluation, holdout) },
            ...live,
            {
              lines: [
                ...(report
                  ? warnings.length > 0
                    ? warnings.map((w) => `Fairness warning: ${w}.`)
                    : ['Fairness: no warnings on its held-out days.']
                  : []),
                "Analysts' figures (every baseline, fairness, what it learnt from): /model details",
              ],
            },
          ],
          footer: freshness,
        };
      }
      return {
        title,
        summary,
        sections: [
          {
            title: `Hit rate on its held-out days${holdout?.from ? ` (${holdout.from} to ${holdout.to})` : ''}`,
            lines: metricLines(evaluation, { candidate: `this model`, active: 'the model it replaced' }),
          },
          ...live,
          ...choiceSection(model.metrics.choice),
          ...(await byCategorySection(services.database, model.id)),
          {
            title: 'What it learnt from',
            lines: await learntFrom(services, model.params),
          },
          ...fairnessSection(model.metrics, services.forecasting.fairness),
        ],
        footer: freshness,
      };
    },
  }),
};
