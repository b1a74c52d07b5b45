// patrolcast placeholders [keep|drop POINT]: the geocoders' dumps imports found, left out of lists and
// maps; an analyst who knows one is a real place keeps it.
import type { Command } from 'commander';
import { keepPlaceholder, listPlaceholders } from '../ingest/placeholder-points.ts';
import { action, withDatabase } from './context.ts';

const CLI = { actorKind: 'cli' as const, actor: 'cli' };

export function registerPlaceholderCommands(program: Command): void {
  const placeholders = program
    .command('placeholders')
    .description("geocoders' dumps found by imports, left out of lists and maps: list, keep, drop")
    .option('--json', 'print as JSON')
    .action(
      action(async (flags: { json?: boolean }) =>
        withDatabase(async (database, ctx) => {
          const all = await listPlaceholders(database);
          if (flags.json) ctx.out.write(`${JSON.stringify(all)}\n`);
          else
            ctx.out.write(
              all.length === 0
                ? "no geocoder's dumps found\n"
                : `${all
                    .map(
                      (p) =>
                        `${p.point}  ${p.source}  ${p.incidents} incidents on ${p.streets} streets  ${p.kept ? 'kept in lists' : 'left out'}`,
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
    placeholders
      .command(verb)
      .description(
        kept ? 'list this point’s place again: it is a real place' : 'leave it out of lists and maps again',
      )
      .argument('<point>', 'lat,lon as the import named it')
      .action(
        action(async (point: string) =>
          withDatabase(async (database, ctx) => {
            await keepPlaceholder(database, point, kept, CLI);
            ctx.out.write(`${point}: ${kept ? 'kept in lists and maps' : 'left out of lists and maps'}\n`);
          }),
        ),
      );
}
