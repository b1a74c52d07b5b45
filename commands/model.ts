// /model: the active model, its hit rates beside the baselines', and how fresh the data is.
import type { CommandSpec } from '../src/bot/command-spec.ts';
import { newestIncident } from '../src/forecast/forecast-service.ts';
import type { Metrics } from '../src/forecast/metrics.ts';
import { activeModel } from '../src/forecast/registry.ts';
import { formatLocalMinute } from '../src/time/zone.ts';
import { metricLines } from './retrain.ts';
import { type CommandServices, defineAction } from './services.ts';

export const modelCommand: CommandSpec<CommandServices> = {
  name: 'model',
  description: 'the model in use, how well it did against the baselines, and how fresh the data is',
  action: defineAction({
    description: 'the model in use, how well it did against the baselines, and how fresh the data is',
    role: 'viewer',
    options: [],
    visibility: 'ephemeral',
    async handler({ services }) {
      const model = await activeModel(services.database);
      const newest = await newestIncident(services.database);
      const tz = services.forecasting.timeZone;
      const freshness = newest
        ? `Newest incident stored: ${formatLocalMinute(newest, tz)} (${tz}).`
        : 'No incidents are stored.';
      if (!model) {
        return {
          title: 'No model is active yet',
          summary: 'An analyst can train one with /retrain.',
          footer: [freshness],
        };
      }
      const evaluation = (model.metrics.models ?? {}) as Record<string, Metrics>;
      const holdout = model.metrics.holdout as { from?: string; to?: string } | undefined;
      return {
        title: `Model ${model.version} (${model.algorithm})${model.demo ? ' · DEMO DATA' : ''}`,
        summary: `Active since ${model.activatedAt ? formatLocalMinute(model.activatedAt, tz) : 'unknown'}; learnt from ${model.trainFrom ? formatLocalMinute(model.trainFrom, tz).slice(0, 10) : '?'} to ${model.trainTo ? formatLocalMinute(model.trainTo, tz).slice(0, 10) : '?'}.`,
        sections: [
          {
            title: `Hit rate on its held-out days${holdout?.from ? ` (${holdout.from} to ${holdout.to})` : ''}`,
            lines: metricLines(evaluation, { candidate: `this model`, active: 'the model it replaced' }),
          },
          {
            title: 'What it learns from',
            lines: [
              `origins: ${services.forecasting.trainOrigins.join(', ')}`,
              `left out: ${services.forecasting.excludedCategories.join(', ') || 'nothing'}`,
            ],
          },
        ],
        footer: [freshness],
      };
    },
  }),
};
