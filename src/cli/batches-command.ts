// patrolcast batches list | show ID | delete ID: what each import stored and refused, and undoing one.
import type { Command } from 'commander';
import { UserError } from '../errors.ts';
import { batchDetail, deleteBatch, findBatchId, listBatches } from '../ingest/batches.ts';
import { action, cliContext, intOption } from './context.ts';

const n = (x: number) => x.toLocaleString('en-US');
const when = (d: Date | null) => (d ? new Date(d).toISOString().slice(0, 16).replace('T', ' ') : '-');

export function registerBatchCommands(program: Command): void {
  const batches = program.command('batches').description('import batches: list them, show one, delete one');

  batches
    .command('list')
    .description('the latest imports, newest first')
    .option('--limit <n>', 'at most this many', intOption('--limit', 1, 10_000), 50)
    .option('--all', "also the imports that changed nothing (a feed's runs over rows it had)")
    .option('--json', 'print as JSON')
    .action(
      action(async (flags: { limit: number; all?: boolean; json?: boolean }) => {
        const ctx = cliContext();
        const database = await ctx.openDatabase();
        try {
          const { batches: list, unchanged } = await listBatches(database, {
            limit: flags.limit,
            all: flags.all === true,
          });
          if (flags.json) return void ctx.out.write(`${JSON.stringify({ batches: list, unchanged })}\n`);
          if (list.length === 0 && unchanged === 0) return void ctx.out.write('no imports yet\n');
          for (const b of list) {
            // A feed's run that corrected or withdrew records stored none: say what it did.
            const changed = [
              b.updated > 0 ? `${n(b.updated)} updated` : '',
              b.withdrawn > 0 ? `${n(b.withdrawn)} withdrawn` : '',
            ].filter(Boolean);
            ctx.out.write(
              `${b.id}  ${when(b.createdAt)}  ${b.status.padEnd(9)} ${b.source.padEnd(12)} ${n(b.accepted).padStart(9)} stored ${n(b.rejected).padStart(7)} rejected  ${b.fileName ?? ''}${changed.length > 0 ? ` (${changed.join(', ')})` : ''}\n`,
            );
          }
          if (unchanged > 0)
            ctx.out.write(
              `(${n(unchanged)} ${unchanged === 1 ? 'import' : 'imports'} that changed nothing not listed: --all lists them)\n`,
            );
        } finally {
          await database.close();
        }
      }),
    );

  batches
    .command('show')
    .description('one import: its counts, why rows were refused, and every refused row with its line')
    .argument(
      '<id>',
      'the batch id (from the import summary or batches list), or its first 8 or more characters',
    )
    .option('--json', 'print as JSON')
    .action(
      action(async (id: string, flags: { json?: boolean }) => {
        const ctx = cliContext();
        const database = await ctx.openDatabase();
        try {
          const batchId = await findBatchId(database, id);
          const batch = await batchDetail(database, batchId);
          if (!batch) throw new UserError(`there is no batch ${batchId}`);
          if (flags.json) return void ctx.out.write(`${JSON.stringify(batch)}\n`);
          let out = `batch ${batch.id}: ${batch.status}, source ${batch.source}, profile ${batch.profile}${batch.fileName ? `, file ${batch.fileName}` : ''}\n`;
          // A failed import kept nothing, and its counts were never taken: say so rather than count zeros.
          out +=
            batch.status === 'failed'
              ? `  ${when(batch.createdAt)}: nothing stored\n`
              : `  ${when(batch.createdAt)}: received ${n(batch.received)}, stored ${n(batch.accepted)}, duplicates ${n(batch.duplicates)}, rejected ${n(batch.rejected)}\n`;
          if (batch.failure) out += `  failed: ${batch.failure}\n`;
          for (const [reason, count] of Object.entries(batch.reasons).sort((a, b) => b[1] - a[1]))
            out += `  ${n(count).padStart(8)}  ${reason}\n`;
          for (const e of batch.errors) out += `  line ${e.line}: ${e.field}: ${e.reason}\n`;
          ctx.out.write(out);
        } finally {
          await database.close();
        }
      }),
    );

  batches
    .command('delete')
    .description(
      'remove every incident an import stored, so the file can be imported again (recorded in the audit log)',
    )
    .argument('<id>', 'the batch id, or its first 8 or more characters')
    .action(
      action(async (id: string) => {
        const ctx = cliContext();
        const database = await ctx.openDatabase();
        try {
          const batchId = await findBatchId(database, id);
          const { removed } = await deleteBatch(database, batchId, {
            actorKind: 'cli',
            actor: 'cli',
            action: 'batch delete',
            params: { batch: batchId },
            outcome: 'ok',
          });
          ctx.out.write(
            `batch ${batchId}: ${n(removed)} incidents removed; the file can be imported again\n`,
          );
        } finally {
          await database.close();
        }
      }),
    );
}
