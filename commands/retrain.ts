// /retrain [algorithm] [force]: trains a candidate away from the request, answers at once, and posts
// the verdict (its hit rates beside the active model's and the baselines', promoted or not) when done.
import type { CommandSpec } from '../src/bot/command-spec.ts';
import type { Message } from '../src/bot/message.ts';
import { describeError, isUserError } from '../src/errors.ts';
import type { Metrics } from '../src/forecast/metrics.ts';
import { TRAINING_CHOICES } from '../src/forecast/models/algorithms.ts';
import { activeModel } from '../src/forecast/registry.ts';
import { deskLine, type TrainOutcome } from '../src/forecast/train.ts';
import { describeRun } from '../src/forecast/training-runs.ts';
import { type CommandServices, defineAction } from './services.ts';

const pct = (x: number | undefined) => (x === undefined ? '–' : `${(x * 100).toFixed(1)}%`);

/** One line per method: hit rate at 1, 5 and 10% of places. */
export function metricLines(
  evaluation: Record<string, Metrics>,
  names: Record<string, string> = {},
): string[] {
  const order = (name: string) => (name === 'candidate' ? 0 : name === 'active' ? 1 : 2);
  return Object.entries(evaluation)
    .sort(([a], [b]) => order(a) - order(b))
    .map(
      ([name, m]) =>
        `${names[name] ?? name}: ${pct(m.hr[5])} at 5% of places (1%: ${pct(m.hr[1])}, 10%: ${pct(m.hr[10])})`,
    );
}

export function outcomeMessage(outcome: TrainOutcome): Message {
  const m = outcome.model;
  return {
    title: outcome.promoted
      ? `Model ${m.version} (${m.algorithm}) is now active`
      : `Model ${m.version} (${m.algorithm}) was trained but not promoted`,
    summary: `${outcome.reason}\nChosen: ${outcome.choice.chosen}, because ${outcome.choice.why}.${outcome.choice.note ? `\n${outcome.choice.note[0]!.toUpperCase()}${outcome.choice.note.slice(1)}.` : ''}${outcome.desks.map((d) => `\nReport desk: ${deskLine(d)}.`).join('')}`,
    sections: [
      {
        title: `Hit rate on the held-out days ${outcome.holdout.from} to ${outcome.holdout.to} (${outcome.holdout.incidents} incidents)`,
        lines: metricLines(outcome.evaluation, {
          candidate: `new model ${m.version}`,
          active: outcome.previous ? `active model ${outcome.previous.version}` : 'active model',
        }),
      },
    ],
    footer: [`${outcome.trainingRows.toLocaleString('en-US')} training rows.`],
    tone: outcome.promoted ? 'info' : 'warning',
  };
}

export const retrainCommand: CommandSpec<CommandServices> = {
  name: 'retrain',
  description: 'train a new model on the latest data; it replaces the active one only if it is not worse',
  action: defineAction({
    description: 'train a new model on the latest data; it replaces the active one only if it is not worse',
    role: 'analyst',
    options: [
      {
        name: 'algorithm',
        description: 'default: auto (the forest and the ewma compared, the better kept)',
        type: 'string',
        choices: TRAINING_CHOICES,
      },
      { name: 'force', description: 'promote it even if it is worse', type: 'boolean' },
    ],
    visibility: 'channel',
    changes: true,
    async handler({ options, services, post, requestId, user }) {
      const algorithm = options.algorithm ?? 'auto';
      const answering = (await activeModel(services.database)) !== undefined;
      const meanwhile = answering ? '; the active model answers meanwhile' : '';
      const { done, behind } = services.retrain.start({
        algorithm,
        force: options.force ?? false,
        actor: `${user.platform} user ${user.id}`,
      });
      done
        .then(
          (outcome) => post(outcomeMessage(outcome)),
          (error: unknown) => {
            if (!isUserError(error)) services.log.error({ requestId, err: error }, 'retraining failed');
            return post({
              title: answering ? 'Training failed; the active model stays in use' : 'Training failed',
              summary: isUserError(error)
                ? describeError(error)
                : `Request id ${requestId}: the team can look it up.`,
              tone: 'error',
            });
          },
        )
        .catch((error: unknown) =>
          services.log.error({ requestId, err: error }, 'could not post the training result'),
        );
      return {
        title:
          algorithm === 'auto'
            ? `Training: the forest and the ewma, the better kept${options.force ? ' (forced)' : ''}`
            : `Training the ${algorithm} model${options.force ? ' (forced)' : ''}`,
        summary: behind
          ? `Queued behind ${describeRun(behind)}; it starts when that one ends. The result will be posted here${meanwhile}.`
          : `This takes a few minutes. The result will be posted here${meanwhile}.`,
      };
    },
  }),
};
