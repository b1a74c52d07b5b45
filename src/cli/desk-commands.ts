// patrolcast desks [keep|drop CELL]: the places the forecast took for report desks, left out of lists
// and plans; an analyst who knows one is no desk keeps it.
import type { Command } from 'commander';
import { keepDesk, listDesks } from '../forecast/kept-desks.ts';
import { action, withDatabase } from './context.ts';

const CLI = { actorKind: 'cli' as const, actor: 'cli' };

export function registerDeskCommands(program: Command): void {
  const desks = program
    .command('desks')
    .description('places taken for report desks, left out of lists and plans: list, keep, drop')
    .option('--json', 'print as JSON')
    .action(
      action(async (flags: { json?: boolean }) =>
        withDatabase(async (database, ctx) => {
          const all = await listDesks(database);
          if (flags.json) ctx.out.write(`${JSON.stringify(all)}\n`);
          else
            ctx.out.write(
              all.length === 0
                ? 'no report desks found by the latest forecast, and none kept\n'
                : `${all
                    .map(
                      (d) =>
                        `${d.cell}  ${d.place}  ${d.kept ? 'kept: counted and listed as any place' : 'a report desk: left out'}`,
                    )
                    .join('\n')}\n`,
            );
        }),
      ),
    );
  for (const [verb, kept] of [
    ['keep', true],
    ['drop', false],
  ] as const)
    desks
      .command(verb)
      .description(
        kept
          ? 'this place is no desk: count its incidents of unknown time and list it'
          : 'let the forecast judge this place again',
      )
      .argument('<cell>', 'the place’s cell id, as patrolcast desks or train names it')
      .action(
        action(async (cell: string) =>
          withDatabase(async (database, ctx) => {
            await keepDesk(database, cell, kept, CLI);
            ctx.out.write(
              kept
                ? `${cell.trim()}: kept; lists and plans send units there, and forecasts still to come count its incidents of unknown time (train again to teach the model)\n`
                : `${cell.trim()}: the forecast judges it again; forecasts still to come leave it out if it is a desk\n`,
            );
          }),
        ),
      );
}
