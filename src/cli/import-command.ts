// patrolcast import FILE... : one batch per file, with a summary an analyst can act on.
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { type Command, Option } from 'commander';
import { isUserError } from '../errors.ts';
import { DATE_ORDERS, type DateOrder } from '../ingest/dates.ts';
import { MAX_DISTRICTS } from '../ingest/import-tally.ts';
import { type ImportResult, importFile } from '../ingest/importer.ts';
import { profileNames } from '../ingest/profiles.ts';
import { importSettings } from '../ingest/settings.ts';
import { afterDemoReplaced } from './after-demo-replaced.ts';
import { action, cliContext, collect } from './context.ts';
import { displayWidth, fitColumns, padColumns } from './display-width.ts';
import { progressBar } from './progress.ts';

interface ImportFlags {
  profile?: string;
  map: string[];
  crs?: string;
  tz?: string;
  source?: string;
  encoding?: string;
  sheet?: string;
  dateOrder?: DateOrder;
  offence?: string;
  categories?: string;
  dryRun?: boolean;
  rejectPoint: string[];
  json?: boolean;
}

const n = (x: number) => x.toLocaleString('en-US');

/** The options as the audit log keeps them: what was asked, not the file's content. */
const importParams = (f: ImportFlags): Record<string, unknown> => ({
  ...(f.profile ? { profile: f.profile } : {}),
  ...(f.source ? { source: f.source } : {}),
  ...(f.tz ? { tz: f.tz } : {}),
  ...(f.crs ? { crs: f.crs } : {}),
  ...(f.encoding ? { encoding: f.encoding } : {}),
  ...(f.sheet ? { sheet: f.sheet } : {}),
  ...(f.dateOrder ? { dateOrder: f.dateOrder } : {}),
  ...(f.offence ? { offence: f.offence } : {}),
  ...(f.map.length ? { map: f.map } : {}),
  ...(f.rejectPoint.length ? { rejectPoint: f.rejectPoint } : {}),
  ...(f.categories ? { categories: basename(f.categories) } : {}),
});

/** Offence names listed in the text summary. */
const SHOWN_TYPES = 15;

function summaryText(file: string, r: ImportResult, training?: string): string {
  const width = Math.max(...[r.received, r.accepted, r.duplicates, r.rejected].map((x) => n(x).length));
  const line = (label: string, x: number) => `  ${label.padEnd(11)}${n(x).padStart(width)}\n`;
  let out = r.dryRun
    ? `${file}: dry run, nothing stored; an import would give:\n`
    : `${file}: batch ${r.batchId}\n`;
  out += line('received', r.received) + line(r.dryRun ? 'new' : 'accepted', r.accepted);
  out += line('duplicates', r.duplicates).replace(
    /\n$/,
    // Not a second import: the file lists one event on several rows (one per offence), stored once.
    r.repeated > 0 ? `  (${n(r.repeated)} repeat an id read earlier in this file: stored once)\n` : '\n',
  );
  if (r.updated > 0) out += line('updated', r.updated);
  out += line('rejected', r.rejected);
  out += `  times read in ${r.timeZone}${r.encoding && r.encoding !== 'utf-8' ? `, text as ${r.encoding}` : ''}\n`;
  if (r.dateRange) out += `  dates      ${r.dateRange.from} to ${r.dateRange.to}\n`;
  if (r.bbox) out += `  area       ${r.bbox.join(', ')} (west, south, east, north)\n`;
  // Plans and units go by district: a wrong column or boundary file shows here, as 3,000 or none.
  if (r.districts)
    out += `  districts  ${n(r.districts.named)}${r.districts.named >= MAX_DISTRICTS ? ' or more' : ''}${r.districts.withoutDistrict ? `; ${n(r.districts.withoutDistrict)} ${r.districts.withoutDistrict === 1 ? 'incident is' : 'incidents are'} in none` : ''}\n`;
  if (r.types.length > 0) {
    // What each offence name became: a misfiled one shows here, not weeks later in a forecast.
    const shown = r.types.slice(0, SHOWN_TYPES);
    const nameWidth = Math.min(
      44,
      Math.max(...shown.map((t) => displayWidth(t.rawType)), 'offence name'.length),
    );
    out += `  ${'offence name'.padEnd(nameWidth)}  ${'category'.padEnd(13)} ${'rows'.padStart(width)}\n`;
    for (const t of shown)
      out += `  ${padColumns(fitColumns(t.rawType, nameWidth), nameWidth)}  ${t.category.padEnd(13)} ${n(t.count).padStart(width)}\n`;
    const more = r.types.length - shown.length;
    if (more > 0) out += `  (${more} more names: --json lists the first 100)\n`;
  }
  if (r.demoRemoved)
    out += r.dryRun
      ? `  the synthetic demo city (${n(r.demoRemoved)} incidents) would be removed: real data replaces it\n`
      : `  the synthetic demo city (${n(r.demoRemoved)} incidents) was removed: real data replaces it; ${training}\n`;
  for (const w of r.warnings) out += `  warning: ${w}\n`;
  const reasons = Object.entries(r.reasons).sort((a, b) => b[1] - a[1]);
  if (reasons.length > 0) {
    out += '  rejected because:\n';
    for (const [reason, count] of reasons) out += `    ${n(count).padStart(width)}  ${reason}\n`;
    const sample = r.errors.slice(0, 5).map((e) => `${e.line} (${e.field}: ${e.reason})`);
    out += `  first rejected lines: ${sample.join('; ')}\n`;
    if (!r.dryRun) out += `  every rejected line: patrolcast batches show ${r.batchId}\n`;
  }
  return out;
}

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description(
      'import incident exports (CSV, JSON, NDJSON, GeoJSON, Excel workbooks, zipped shapefiles; gzip too), one batch per file',
    )
    .argument('<files...>', 'the files to import')
    .option(
      '--profile <name>',
      `how to read the export: ${profileNames().join(', ')} (default: the known export whose columns the file has, else generic)`,
    )
    .option(
      '--map <column=field>',
      'map a source column to a field (repeatable), e.g. --map "Offense Date=occurred_at"',
      collect,
      [],
    )
    .option(
      '--offence <name>',
      'the offence every row is, for a one-offence extract with no offence column, e.g. --offence "aggravated assault"',
    )
    .option('--crs <EPSG:n>', 'coordinate system of projected x/y columns, e.g. EPSG:2913')
    .option(
      '--tz <zone>',
      'time zone of local times in the file (default: the profile’s, else PATROLCAST_TZ)',
    )
    .option('--source <name>', 'store under this source name (ids are unique per source)')
    .option('--dry-run', 'read, check and summarise the file as an import would, and store nothing')
    .option(
      '--reject-point <lat,lon>',
      "refuse incidents at this point (a geocoder's placeholder; repeatable)",
      collect,
      [],
    )
    .option(
      '--categories <file.csv>',
      "a CSV of (offence name, category) for this source's own names; kept for its later imports",
    )
    .option(
      '--encoding <name>',
      'text encoding: utf-8, utf-16le, utf-16be or latin1 (default: found from the file; a BOM decides)',
    )
    .option('--sheet <name>', "an Excel workbook's sheet to read, by its tab's name (default: its largest)")
    .addOption(
      new Option(
        '--date-order <order>',
        'which number of a numeric date (03/04/2026) is the day (default: found from the file, else its time zone)',
      ).choices(DATE_ORDERS),
    )
    .option('--json', 'print each file’s summary as one JSON object per line')
    .action(
      action(async (files: string[], flags: ImportFlags) => {
        const ctx = cliContext();
        const { config, log } = ctx;
        const database = await ctx.openDatabase();
        let failed = 0;
        try {
          for (const file of files) {
            let size = 0;
            try {
              size = statSync(ctx.path(file)).size;
            } catch {
              ctx.err.write(`patrolcast: ${file}: no such file\n`);
              failed++;
              continue;
            }
            const bar = progressBar(basename(file), size, process.stderr);
            try {
              const result = await importFile(
                database,
                {
                  path: ctx.path(file),
                  fileName: basename(file),
                  ...(flags.profile ? { profile: flags.profile } : {}),
                  maps: flags.map,
                  crs: flags.crs,
                  timeZone: flags.tz,
                  source: flags.source,
                  encoding: flags.encoding,
                  ...(flags.sheet ? { sheet: flags.sheet } : {}),
                  ...(flags.dateOrder ? { dateOrder: flags.dateOrder } : {}),
                  ...(flags.offence !== undefined ? { offence: flags.offence } : {}),
                  ...(flags.categories ? { categoriesFile: ctx.path(flags.categories) } : {}),
                  ...(flags.dryRun ? { dryRun: true } : {}),
                  rejectPoints: flags.rejectPoint,
                  actor: 'the command line',
                  // Committed with the batch, or the batch is not.
                  audit: {
                    actorKind: 'cli',
                    actor: 'cli',
                    action: 'import',
                    params: { file: basename(file), ...importParams(flags) },
                    outcome: 'ok',
                  },
                  onBatch: (id) => ctx.session.announceBatch?.(id),
                  onProgress: (p) => {
                    bar.update(p.bytes, p.rows);
                    log.debug({ file: basename(file), received: p.rows, bytes: p.bytes }, 'importing');
                  },
                },
                importSettings(config),
              );
              bar.done();
              const training =
                result.demoRemoved && !result.dryRun ? afterDemoReplaced(ctx, database) : undefined;
              if (flags.json) {
                const { reasons: _reasons, ...summary } = result;
                ctx.out.write(`${JSON.stringify({ ...summary, ...(training ? { training } : {}) })}\n`);
              } else {
                ctx.out.write(summaryText(basename(file), result, training));
              }
            } catch (error) {
              bar.done();
              if (!isUserError(error)) throw error;
              // Nothing of this file was stored; say why and go on with the next one.
              ctx.err.write(`patrolcast: ${basename(file)}: nothing imported: ${error.message}\n`);
              failed++;
            }
          }
        } finally {
          await database.close();
        }
        if (failed > 0) ctx.session.setExitCode(1);
      }),
    );
}
