// patrolcast feeds add | list | run | pause | resume | remove: incidents that arrive by themselves.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../errors.ts';
import { DEFAULT_FEED_SCHEDULE, DEFAULT_QUIET_HOURS, quietFor } from '../feeds/feed-due.ts';
import { type FeedLag, feedLags } from '../feeds/feed-lag.ts';
import { feedOf } from '../feeds/feed-spec.ts';
import {
  addFeed,
  type Feed,
  feedNamed,
  listFeeds,
  pauseFeed,
  removeFeed,
  sourceOf,
} from '../feeds/feed-store.ts';
import { dropFolder } from '../feeds/folder-feed.ts';
import { runFeed } from '../feeds/run-feed.ts';
import { importSettings } from '../ingest/settings.ts';
import { afterDemoReplaced } from './after-demo-replaced.ts';
import { action, collect, withDatabase } from './context.ts';

const CLI = { actorKind: 'cli' as const, actor: 'cli' };

interface AddFlags {
  socrata?: string;
  arcgis?: string;
  ckan?: string;
  policeUk?: string;
  folder?: string;
  api?: string;
  months?: string;
  schedule?: string;
  quietHours?: string;
  idField?: string;
  dateField?: string;
  tokenFile?: string;
  profile?: string;
  map: string[];
  crs?: string;
  tz?: string;
  source?: string;
  rejectPoint: string[];
  appTokenFile?: string;
  categories?: string;
}

const age = (d: Date | null) => (d ? `${Math.round((Date.now() - d.getTime()) / 60_000)} min ago` : 'never');

function feedLine(f: Feed, lag: FeedLag | undefined): string {
  const quiet = quietFor(f, new Date());
  const state = f.paused
    ? 'paused'
    : f.failures > 0
      ? `failing (${f.failures} in a row: ${f.lastError})`
      : quiet !== undefined
        ? `quiet (no rows for ${quiet} h)`
        : 'ok';
  const n = Number(f.lastResult?.received ?? 0);
  const rows = f.lastResult ? `, last run ${n} ${n === 1 ? 'row' : 'rows'}` : '';
  const newest = lag?.newest ? `; newest incident ${lagWords(lag)}` : '';
  return `${f.name}  ${f.kind}  ${state}; last success ${age(f.lastSuccessAt)}${rows}${newest}; read up to ${f.highWater ?? 'nothing yet'}\n  ${f.url}`;
}

const lagWords = (lag: FeedLag) =>
  lag.newest
    ? `${lag.newest.toISOString().slice(0, 16).replace('T', ' ')} UTC (${Math.round(lag.hours!)} h ago)`
    : 'none yet';

/** A number option as typed: checked as a whole number where the feed is checked. */
const count = (text: string | undefined) => (text === undefined ? undefined : Number(text));

export function registerFeedCommands(program: Command): void {
  const feeds = program
    .command('feeds')
    .description('data feeds from open-data portals: add, list, show, run, pause, resume, remove');
  feeds
    .command('add')
    .description(
      'add a feed: a Socrata dataset, an ArcGIS layer, a CKAN resource, a police.uk force or a drop folder, read with the import options',
    )
    .argument('<name>', 'what to call it, e.g. chicago')
    .option(
      '--socrata <url>',
      "the dataset's resource URL, e.g. https://data.cityofchicago.org/resource/ijzp-q8t2.json",
    )
    .option('--arcgis <url>', 'an ArcGIS layer URL, ending in /FeatureServer/<n>')
    .option(
      '--ckan <url>',
      "a CKAN resource's page or DataStore URL, e.g. https://data.boston.gov/dataset/…/resource/<id>",
    )
    .option('--police-uk <force>', 'a UK force id as police.uk spells it, e.g. essex')
    .option(
      '--folder <dir>',
      'a drop folder: each new file is imported whole, then moved to processed/ or failed/',
    )
    .option('--schedule <cron>', 'when it runs, in the agency time zone (default hourly: "0 * * * *")')
    .option('--quiet-hours <n>', 'hours without a row before the administrators are told (default 48)')
    .option(
      '--id-field <field>',
      "the source's record id field (default: the profile's, or the layer's object id)",
    )
    .option('--date-field <field>', "the source's incident date field, for the reconciliation")
    .option('--months <n>', 'police.uk: how many recent months the first run reads (default 3)')
    .option('--api <url>', 'police.uk: a mirror of its API (default https://data.police.uk/api)')
    .option('--token-file <file>', 'an ArcGIS or CKAN token in a file (sent with each request, never stored)')
    .option('--profile <p>', 'a source profile, as for import')
    .option(
      '--categories <file>',
      'a CSV of (offence name, category) for the source’s own names, as for import',
    )
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
          const tokenFile = flags.appTokenFile ?? flags.tokenFile;
          if (tokenFile && !existsSync(ctx.path(tokenFile)))
            throw new UserError(`there is no file ${tokenFile}`);
          if (flags.categories && !existsSync(ctx.path(flags.categories)))
            throw new UserError(`there is no file ${flags.categories}`);
          const feed = feedOf({
            socrata: flags.socrata,
            arcgis: flags.arcgis,
            ckan: flags.ckan,
            policeUk: flags.policeUk,
            folder: flags.folder === undefined ? undefined : dropFolder(resolve(ctx.path(flags.folder))),
            profile: flags.profile,
            maps: flags.map,
            crs: flags.crs,
            timeZone: flags.tz,
            source: flags.source,
            rejectPoints: flags.rejectPoint,
            appTokenFile: tokenFile ? resolve(ctx.path(tokenFile)) : undefined,
            categoriesFile: flags.categories ? resolve(ctx.path(flags.categories)) : undefined,
            idField: flags.idField,
            dateField: flags.dateField,
            api: flags.api,
            months: count(flags.months),
            schedule: flags.schedule,
            quietHours: count(flags.quietHours),
          });
          await addFeed(database, { name, ...feed }, CLI);
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
          const lags = await feedLags(database, all);
          if (flags.json)
            ctx.out.write(`${JSON.stringify(all.map((f) => ({ ...f, lag: lags.get(f.name) ?? null })))}\n`);
          else
            ctx.out.write(
              all.length === 0
                ? 'no feeds: patrolcast feeds add adds one\n'
                : `${all.map((f) => feedLine(f, lags.get(f.name))).join('\n')}\n`,
            );
        }),
      ),
    );
  feeds
    .command('show')
    .description('one feed in full: where it reads, how, when, and how its last run went')
    .argument('<name>')
    .option('--json', 'print as JSON')
    .action(
      action(async (name: string, flags: { json?: boolean }) =>
        withDatabase(async (database, ctx) => {
          const feed = await feedNamed(database, name);
          const lag = (await feedLags(database, [feed])).get(feed.name);
          if (flags.json) {
            ctx.out.write(`${JSON.stringify({ ...feed, lag: lag ?? null })}\n`);
            return;
          }
          const o = feed.options;
          const r = feed.lastResult;
          ctx.out.write(
            `${[
              feedLine(feed, lag),
              `  read with: profile ${o.profile ?? 'generic'}${o.maps?.length ? `, ${o.maps.join(' ')}` : ''}${o.timeZone ? `, times in ${o.timeZone}` : ''}; stored as source ${sourceOf(feed)}`,
              `  runs: ${o.schedule ?? DEFAULT_FEED_SCHEDULE} (agency time zone); told when quiet for ${o.quietHours ?? DEFAULT_QUIET_HOURS} h`,
              `  last run: ${feed.lastRunAt ? feed.lastRunAt.toISOString().slice(0, 16).replace('T', ' ') : 'never'}${r ? `: received ${r.received}, added ${r.added}, updated ${r.updated}, deleted ${r.deleted}, rejected ${r.rejected}${r.batchId ? ` (batch ${r.batchId})` : ''}` : ''}`,
              ...(feed.lastError ? [`  last error: ${feed.lastError}`] : []),
            ].join('\n')}\n`,
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
          const training = r.demoRemoved ? afterDemoReplaced(ctx, database) : undefined;
          ctx.out.write(
            flags.json
              ? `${JSON.stringify({ ...r, ...(training ? { training } : {}) })}\n`
              : `feed ${name}: received ${r.received}, added ${r.added}, updated ${r.updated}, deleted ${r.deleted}, unchanged ${r.duplicates}, rejected ${r.rejected}${r.batchId ? ` (batch ${r.batchId})` : ''}\n${training ? `the synthetic demo city (${r.demoRemoved?.toLocaleString('en-US')} incidents) was removed: real data replaces it; ${training}\n` : ''}`,
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
