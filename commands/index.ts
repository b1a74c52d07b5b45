// Every chat command, in the order /help lists them. Adapters register exactly these.
import type { CommandSpec } from '../src/bot/command-spec.ts';
import { briefingCommand } from './briefing.ts';
import { explainCommand } from './explain.ts';
import { helpCommand } from './help.ts';
import { hotspotsCommand } from './hotspots.ts';
import { modelCommand } from './model.ts';
import { retrainCommand } from './retrain.ts';
import type { CommandServices } from './services.ts';
import { unitsCommand } from './units.ts';
import { visitedCommand } from './visited.ts';

const COMMANDS = [
  hotspotsCommand,
  visitedCommand,
  briefingCommand,
  explainCommand,
  modelCommand,
  retrainCommand,
  unitsCommand,
];

export const commands: readonly CommandSpec<CommandServices>[] = [...COMMANDS, helpCommand(COMMANDS)];
