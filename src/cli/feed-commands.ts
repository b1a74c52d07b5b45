// patrolcast feeds add | list | run | pause | resume | remove: incidents that arrive by themselves.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../errors.ts';
import { addFeed, type Feed, feedNamed, listFeeds, pauseFeed, removeFeed } from '../feeds/feed-store.ts';
import { dropFolder } from '../feeds/folder-feed.ts';
import { runFeed } from '../feeds/run-feed.ts';
import { socrataUrl } from '../feeds/socrata.ts';
import { importSettings } from '../ingest/settings.ts';
import { action, collect, withDatabase } from './context.ts';

const CLI = { actorKind: 'cli' as const, actor: 'cli' };

interface AddFlags {
  socrata?: string;
  folder?: string;
  profile?: string;
  map: string[];
  crs?: string;
  tz?: string;
  source?: string;
  rejectPoint: string[];
  appTokenFile?: string;
}

const age = (d: Date | null) => (d ? `${Math.round((Date.now() - d.getTime()) / 60_000)} min ago` : 'never');

function feedLine(f: Feed): string {
  const state = f.paused
    ? 'paused'
    : f.failures > 0
      ? `failing (${f.failures} in a row: ${f.lastError})`
      : 'ok';
  const n = Number(f.lastResult?.received ?? 0);
  const rows = f.lastResult ? `, last run ${n} ${n === 1 ? 'row' : 'rows'}` : '';
  return `${f.name}  ${f.kind}  ${state}; last success ${age(f.lastSuccessAt)}${rows}; read up to ${f.highWater ?? 'nothing yet'}\n  ${f.url}`;
}

export function registerFeedCommands(program: Command): void {
  const feeds = program
    .command('feeds')
    .description('data feeds from open-data portals: add, list, run, pause, resume, remove');
  feeds
    .command('add')
    .description('add a feed: a Socrata dataset, or a drop folder, read with the import options')
    .argument('<name>', 'what to call it, e.g. chicago')
    .option(
      '--socrata <url>',
      "the dataset's resource URL, e.g. https://data.cityofchicago.org/resource/ijzp-q8t2.json",
    )
    .option(
      '--folder <dir>',
      'a drop folder: each new file is imported whole, then moved to processed/ or failed/',
    )
    .option('--profile <p>', 'a source profile, as for import')
    .option('--map <column=field>', 'map a source column to a field (repeatable)', collect, [])
    .option('--crs <crs>', 'EPSG:n of projected x/y')
    .option('--tz <zone>', 'zone of local times')
    .option('--source <name>', 'the source name incidents are stored under (default: the profile’s)')
    .option('--reject-point <lat,lon>', "a geocoder's placeholder point to refuse (repeatable)", collect, [])
    .option(
      '--app-token-file <file>',
      "a file holding the portal's app token (sent as X-App-Token, never stored)",
    )
    .action(
      action(async (name: string, flags: AddFlags) =>
        withDatabase(async (database, ctx) => {
          if (Boolean(flags.socrata) === Boolean(flags.folder))
            throw new UserError('say where the feed reads from: --socrata <resource URL> or --folder <dir>');
          const kind = flags.socrata ? 'socrata' : 'folder';
          const url = flags.socrata
            ? socrataUrl(flags.socrata).toString()
            : dropFolder(resolve(ctx.path(flags.folder!)));
          if (flags.appTokenFile && !existsSync(ctx.path(flags.appTokenFile)))
            throw new UserError(`there is no file ${flags.appTokenFile}`);
          await addFeed(
            database,
            {
              name,
              kind,
              url,
              options: {
                ...(flags.profile ? { profile: flags.profile } : {}),
                ...(flags.map.length ? { maps: flags.map } : {}),
                ...(flags.crs ? { crs: flags.crs } : {}),
                ...(flags.tz ? { timeZone: flags.tz } : {}),
                ...(flags.source ? { source: flags.source } : {}),
                ...(flags.rejectPoint.length ? { rejectPoints: flags.rejectPoint } : {}),
                ...(flags.appTokenFile ? { appTokenFile: ctx.path(flags.appTokenFile) } : {}),
              },
            },
            CLI,
          );
          ctx.out.write(`feed ${name} added: patrolcast feeds run ${name} reads it now\n`);
        }),
      ),
    );
  feeds
    .command('list')
    .description('the feeds, each with its state, last success, rows and how far it has read')
    .option('--json', 'print as JSON')
    .action(
      action(async (flags: { json?: boolean }) =>
        withDatabase(async (database, ctx) => {
          const all = await listFeeds(database);
          if (flags.json) ctx.out.write(`${JSON.stringify(all)}\n`);
          else
            ctx.out.write(
              all.length === 0
                ? 'no feeds: patrolcast feeds add adds one\n'
                : `${all.map(feedLine).join('\n')}\n`,
            );
        }),
      ),
    );
  feeds
    .command('run')
    .description('run a feed now: what changed at the source since its last run, stored as one batch')
    .argument('<name>')
    .option('--json', 'print the run as JSON')
    .action(
      action(async (name: string, flags: { json?: boolean }) =>
        withDatabase(async (database, ctx) => {
          const feed = await feedNamed(database, name);
          const r = await runFeed(database, feed, importSettings(ctx.config));
          ctx.out.write(
            flags.json
              ? `${JSON.stringify(r)}\n`
              : `feed ${name}: received ${r.received}, added ${r.added}, updated ${r.updated}, deleted ${r.deleted}, unchanged ${r.duplicates}, rejected ${r.rejected}${r.batchId ? ` (batch ${r.batchId})` : ''}\n`,
          );
        }),
      ),
    );
  for (const [verb, paused] of [
    ['pause', true],
    ['resume', false],
  ] as const)
    feeds
      .command(verb)
      .description(paused ? 'stop running a feed on its schedule' : 'run a paused feed again')
      .argument('<name>')
      .action(
        action(async (name: string) =>
          withDatabase(async (database, ctx) => {
            await pauseFeed(database, name, paused, CLI);
            ctx.out.write(`feed ${name} ${paused ? 'paused' : 'resumed'}\n`);
          }),
        ),
      );
  feeds
    .command('remove')
    .description('remove a feed; what it stored stays (batches delete undoes a run)')
    .argument('<name>')
    .action(
      action(async (name: string) =>
        withDatabase(async (database, ctx) => {
          await removeFeed(database, name, CLI);
          ctx.out.write(`feed ${name} removed\n`);
        }),
      ),
    );
}
