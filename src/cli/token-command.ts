// patrolcast token create | revoke | list, and patrolcast audit.
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { readAudit, recordAudit } from '../audit/audit-log.ts';
import { createToken, listTokens, parseScopes, revokeToken, SCOPES } from '../auth/tokens.ts';
import { UserError } from '../errors.ts';
import { action, withDatabase } from './context.ts';

const scopesOption = (value: string) => {
  try {
    return parseScopes(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
};

export function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('API tokens: create, revoke, list');
  token
    .command('create')
    .description('create a token; it is printed once and stored only as a digest')
    .requiredOption('--name <name>', 'who or what uses it, e.g. rms-nightly-export')
    .requiredOption('--scopes <list>', `comma-separated: ${SCOPES.join(', ')}`, scopesOption)
    .action(
      action(async (flags: { name: string; scopes: ReturnType<typeof parseScopes> }) =>
        withDatabase(async (database, ctx) => {
          const secret = await createToken(database, flags.name, flags.scopes, {
            actorKind: 'cli',
            actor: 'cli',
            action: 'token create',
            params: { name: flags.name, scopes: flags.scopes },
            outcome: 'ok',
          });
          ctx.out.write(`${secret}\n`);
          ctx.err.write(
            `token ${flags.name} (${flags.scopes.join(', ')}): keep it now, it is not shown again\n`,
          );
        }),
      ),
    );
  token
    .command('revoke')
    .description('revoke a token: it stops working at once')
    .requiredOption('--name <name>', 'the token to revoke')
    .action(
      action(async (flags: { name: string }) =>
        withDatabase(async (database, ctx) => {
          const entry = {
            actorKind: 'cli' as const,
            actor: 'cli',
            action: 'token revoke',
            params: { name: flags.name },
            outcome: 'ok',
          };
          const revoked = await revokeToken(database, flags.name, new Date(), entry);
          // A refusal changed nothing: its entry is written after.
          if (!revoked) await recordAudit(database, { ...entry, outcome: 'no such live token' });
          if (!revoked) throw new UserError(`there is no live token named ${flags.name}`);
          ctx.out.write(`token ${flags.name} revoked\n`);
        }),
      ),
    );
  token
    .command('list')
    .description('the tokens, their scopes and when each was last used (never the tokens themselves)')
    .option('--json', 'print as JSON')
    .action(
      action(async (flags: { json?: boolean }) =>
        withDatabase(async (database, ctx) => {
          const tokens = await listTokens(database);
          if (flags.json) return void ctx.out.write(`${JSON.stringify({ tokens })}\n`);
          for (const t of tokens) {
            ctx.out.write(
              `${t.name.padEnd(30)} ${t.scopes.join(',').padEnd(28)} last used ${t.lastUsedAt ? new Date(t.lastUsedAt).toISOString() : 'never'}${t.revokedAt ? '  REVOKED' : ''}\n`,
            );
          }
        }),
      ),
    );

  program
    .command('audit')
    .description('the audit log: who did what, when, and how it ended (newest first)')
    .option('--since <time>', 'ISO date or time, e.g. 2026-11-01')
    .option('--actor <who>', 'a token name, or platform:user id for chat')
    .option('--limit <n>', 'at most this many entries', (v) => Number.parseInt(v, 10), 200)
    .option('--json', 'print as JSON')
    .action(
      action(async (flags: { since?: string; actor?: string; limit: number; json?: boolean }) =>
        withDatabase(async (database, ctx) => {
          const since = flags.since ? new Date(flags.since) : undefined;
          if (since && Number.isNaN(since.getTime()))
            throw new UserError('--since must be a date such as 2026-11-01');
          if (!Number.isInteger(flags.limit) || flags.limit < 1)
            throw new UserError('--limit must be a positive number');
          const entries = await readAudit(database, {
            ...(since ? { since } : {}),
            ...(flags.actor ? { actor: flags.actor } : {}),
            limit: flags.limit,
          });
          if (flags.json) return void ctx.out.write(`${JSON.stringify({ entries })}\n`);
          for (const e of entries) {
            ctx.out.write(
              `${new Date(e.at).toISOString()}  ${e.actor}  ${e.action}  ${JSON.stringify(e.params)}  ${e.outcome}\n`,
            );
          }
        }),
      ),
    );
}
