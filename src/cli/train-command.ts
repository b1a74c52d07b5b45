// patrolcast train

import type { Command } from 'commander';
import { DEFAULT_CATEGORY } from '../forecast/defaults.ts';
import { TRAINING_CHOICES } from '../forecast/models/algorithms.ts';
import { RetrainQueue } from '../forecast/retrain-queue.ts';
import { forecastSettings } from '../forecast/settings.ts';
import { deskLine } from '../forecast/train.ts';
import { describeRun } from '../forecast/training-runs.ts';
import type { WindowKind } from '../forecast/windows.ts';
import type { LocalDate } from '../time/zone.ts';
import { fromLocal } from '../time/zone.ts';
import { action, cliContext, dateOption } from './context.ts';
import { metricsTable } from './forecast-format.ts';
import { type CategoryChoice, categoryOption, windowOption } from './options.ts';

interface TrainFlags {
  algorithm: string;
  until?: LocalDate;
  category: CategoryChoice;
  window?: WindowKind;
  force?: boolean;
  json?: boolean;
}

export function registerTrainCommand(program: Command): void {
  program
    .command('train')
    .description(
      'train a model, compare it with the active one on held-out days, and promote it if it is not worse',
    )
    .option(
      '--algorithm <name>',
      `one of ${TRAINING_CHOICES.join(', ')}; auto compares the forest and the ewma on the held-out days and keeps the better (the simpler on a tie)`,
      'auto',
    )
    .option(
      '--until <date>',
      'learn from incidents before this local date, YYYY-MM-DD (default: now)',
      dateOption,
    )
    .option('--category <c>', 'forecast one category, or all', categoryOption, DEFAULT_CATEGORY)
    .option(
      '--window <kind>',
      'forecast shifts, days, weeks or months (default: shifts, or the finest the data are dated to)',
      windowOption,
    )
    .option('--force', 'promote even if it scores worse than the active model')
    .option('--json', 'print the outcome as JSON')
    .action(
      action(async (flags: TrainFlags) => {
        const ctx = cliContext();
        const { config, log } = ctx;
        const database = await ctx.openDatabase();
        try {
          const until = flags.until
            ? fromLocal({ ...flags.until, hour: 0, minute: 0 }, config.timeZone)
            : undefined;
          // The same queue as the server's retrains when this runs inside it: one training at a time.
          const started = RetrainQueue.for(database, forecastSettings(config), log).start({
            algorithm: flags.algorithm,
            until,
            category: flags.category,
            kind: flags.window,
            force: flags.force,
            actor: 'the command line',
          });
          if (started.behind) ctx.err.write(`queued: waiting behind ${describeRun(started.behind)}\n`);
          const outcome = await started.done;
          const { desks } = outcome;
          if (flags.json) {
            ctx.out.write(
              `${JSON.stringify({
                version: outcome.model.version,
                algorithm: outcome.model.algorithm,
                promoted: outcome.promoted,
                reason: outcome.reason,
                choice: outcome.choice,
                holdout: outcome.holdout,
                trainingRows: outcome.trainingRows,
                desks,
                models: outcome.evaluation,
              })}\n`,
            );
            return;
          }
          const { model } = outcome;
          ctx.out.write(
            // An ewma learns nothing from rows: it counts each place's past incidents.
            `model ${model.version} (${model.algorithm}, ${String(model.params.windowKind)} windows, ${flags.category}) ${outcome.trainingRows > 0 ? `trained on ${outcome.trainingRows.toLocaleString('en-US')} rows` : "counting each place's past incidents"}${model.demo ? ' of DEMO DATA' : ''}\n` +
              `chosen: ${outcome.choice.chosen}: ${outcome.choice.why}\n` +
              (outcome.choice.note ? `note: ${outcome.choice.note}\n` : '') +
              desks
                .map((d) => `report desk: ${deskLine(d)} (patrolcast desks keep ${d.cell} lists it again)\n`)
                .join('') +
              `${outcome.promoted ? 'promoted: it is now the active model' : 'not promoted: the active model stays'} (${outcome.reason})\n` +
              `held out ${outcome.holdout.from} to ${outcome.holdout.to}: ${outcome.holdout.windows} windows, ${outcome.holdout.incidents} incidents\n\n` +
              metricsTable(outcome.evaluation),
          );
        } finally {
          await database.close();
        }
      }),
    );
}
