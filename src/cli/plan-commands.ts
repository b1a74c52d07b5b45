// patrolcast units set | list, districts fill, and coverage: who is on duty where, in which districts,
// and what was visited.
import { type Command, Option } from 'commander';
import { listSubscriptions } from '../briefing/subscriptions.ts';
import type { Database } from '../db/client.ts';
import { UserError } from '../errors.ts';
import { districtLookup } from '../geo/district-lookup.ts';
import { districtTag } from '../geo/district-tag.ts';
import { listDistricts } from '../geo/districts.ts';
import { readDistrictFile } from '../ingest/district-file.ts';
import { fillDistricts } from '../ingest/fill-districts.ts';
import { coverageReport, coverageText } from '../plan/coverage-report.ts';
import {
  districtForUnits,
  listUnitCounts,
  MAX_UNITS,
  setUnitCount,
  shiftNamed,
  unitCountLine,
} from '../plan/unit-counts.ts';
import { addDays, type LocalDate, toLocal } from '../time/zone.ts';
import { action, type CliContext, dateOption, intOption, withDatabase } from './context.ts';

export function registerPlanCommands(program: Command): void {
  const units = program
    .command('units')
    .description('patrol units on duty per district and shift: set, list');
  units
    .command('set')
    .description('set the units on duty in a district, for every shift or one (0 clears)')
    .argument('<district>', 'a district as the incidents name it, e.g. "District East"')
    .argument('<units>', `how many units (0 to ${MAX_UNITS})`, intOption('units', 0, MAX_UNITS))
    .option('--shift <shift>', 'only this shift: its name, its start (22:00) or day, evening, night')
    .action(
      action(async (asked: string, count: number, flags: { shift?: string }) =>
        withDatabase(async (database, ctx) => {
          const shift = flags.shift ? shiftNamed(ctx.config.shifts, flags.shift) : null;
          const district = await districtForUnits(database, asked, count);
          await setUnitCount(database, { district, shift, units: count }, { actorKind: 'cli', actor: 'cli' });
          ctx.out.write(
            count === 0
              ? `${districtTag(district)}${shift ? `, shift ${shift}` : ''}: cleared\n`
              : `${districtTag(district)}: ${count} ${count === 1 ? 'unit' : 'units'} ${shift ? `on shift ${shift}` : 'on every shift'}\n`,
          );
        }),
      ),
    );
  units
    .command('list')
    .description('the units set per district and shift')
    .option('--json', 'print as JSON')
    .action(
      action(async (flags: { json?: boolean }) =>
        withDatabase(async (database, ctx) => {
          const counts = await listUnitCounts(database);
          if (flags.json) {
            ctx.out.write(`${JSON.stringify({ default: ctx.config.units, districts: counts })}\n`);
            return;
          }
          if (counts.length === 0)
            ctx.out.write(
              `no district has units set: ${ctx.config.units} units city-wide (PATROLCAST_UNITS)\n`,
            );
          const named = new Set(await listDistricts(database));
          for (const c of counts) ctx.out.write(`${unitCountLine(c, named.has(c.district))}\n`);
        }),
      ),
    );

  const districts = program
    .command('districts')
    .description(
      'districts from the boundary file (PATROLCAST_DISTRICTS) for stored incidents: fill, redraw',
    );
  districts
    .command('fill')
    .description(
      'give each stored incident that names no district the one its point lies in; imports do so from then on',
    )
    .action(action(() => withDatabase((database, ctx) => districtsFromFile(database, ctx, false))));
  districts
    .command('redraw')
    .description(
      'after a redistricting: put every stored incident in the district its point lies in now, replacing the one it names; one outside every district keeps its own',
    )
    .addOption(
      new Option(
        '--outside <what>',
        "what an incident outside every new district keeps: 'keep' its district, or 'none' where the new boundaries have no such district",
      )
        .choices(['keep', 'none'])
        .default('keep'),
    )
    .action(
      action((flags: { outside: 'keep' | 'none' }) =>
        withDatabase((database, ctx) => districtsFromFile(database, ctx, true, flags.outside)),
      ),
    );

  program
    .command('coverage')
    .description('visits officers recorded, by shift, district and place')
    .option('--from <date>', 'first day (default: 7 days before --to)', dateOption)
    .option('--to <date>', "last day (default: today, on the agency's clock)", dateOption)
    .option('--json', 'print as JSON')
    .action(
      action(async (flags: { from?: LocalDate; to?: LocalDate; json?: boolean }) =>
        withDatabase(async (database, ctx) => {
          const now = toLocal(new Date(), ctx.config.timeZone);
          const to = flags.to ?? { year: now.year, month: now.month, day: now.day };
          const from = flags.from ?? addDays(to, -7);
          if (dayNumber(from) > dayNumber(to)) throw new UserError('--from must not be after --to');
          const report = await coverageReport(database, from, to, ctx.config.timeZone);
          ctx.out.write(flags.json ? `${JSON.stringify(report)}\n` : `${coverageText(report)}\n`);
        }),
      ),
    );
}

const dayNumber = (d: LocalDate) => Date.UTC(d.year, d.month - 1, d.day);

/** Up to twelve names, then how many more. */
const listed = (names: string[]) =>
  `${names.slice(0, 12).join(', ')}${names.length > 12 ? ` and ${names.length - 12} more` : ''}`;

async function districtsFromFile(
  database: Database,
  ctx: CliContext,
  redraw: boolean,
  beyond: 'keep' | 'none' = 'keep',
): Promise<void> {
  const file = ctx.config.map.districtsFile;
  if (!file)
    throw new UserError(
      'no boundary file: set PATROLCAST_DISTRICTS to the districts (GeoJSON, or a zipped shapefile)',
    );
  const boundaries = await readDistrictFile(file);
  const { filled, moved, outside, stranded, cleared } = await fillDistricts(
    database,
    districtLookup(boundaries),
    { actorKind: 'cli', actor: 'cli' },
    { redraw, outside: beyond, districts: boundaries.map((b) => b.name) },
  );
  const n = (v: number) => v.toLocaleString('en-US');
  const changed =
    filled + moved === 0
      ? redraw
        ? `every stored incident inside the boundaries is in its district already${cleared > 0 ? '' : ': nothing to redraw'}`
        : 'no stored incident without a district lies inside the boundaries: nothing to fill'
      : redraw
        ? `${n(filled + moved)} incidents put in their district from ${boundaries.length} in the file (${n(moved)} moved from another, ${n(filled)} that named none)`
        : `${n(filled)} incidents given their district from ${boundaries.length} in the file`;
  const rest =
    outside > 0
      ? cleared > 0
        ? `; ${n(outside)} lie outside every district, and ${n(cleared)} of them now name none`
        : `; ${n(outside)} lie outside every district and keep ${redraw ? 'the one they name' : 'none'}`
      : '';
  ctx.out.write(`${changed}${rest}\n`);
  // Districts of the old map that only incidents beyond the new one name: listed as districts still.
  const shown = listed(stranded.map(districtTag));
  if (stranded.length > 0)
    ctx.out.write(
      cleared > 0
        ? `${shown}, which the new boundaries do not have, ${stranded.length === 1 ? 'is' : 'are'} no district now\n`
        : `those outside keep ${shown}, which the new boundaries do not have and which stay listed as districts: \`patrolcast districts redraw --outside none\` clears them\n`,
    );
  // A model's fairness report counted the districts of its training: the old map until the next one.
  if (filled + moved + cleared > 0)
    ctx.out.write(
      "answers' fairness warnings by district count these districts from the next training (`patrolcast train`)\n",
    );
  // Units and briefings set for a district that no incident names any more plan nothing: say which.
  const named = new Set(await listDistricts(database));
  const gone = (districts: (string | null)[]) =>
    [...new Set(districts.flatMap((d) => (d === null || named.has(d) ? [] : [d])))].map(districtTag);
  const units = gone((await listUnitCounts(database)).map((c) => c.district));
  if (units.length > 0)
    ctx.out.write(
      `units are set for ${listed(units)}, which no incident names now: \`patrolcast units set <district> 0\` clears one\n`,
    );
  const subscribed = await listSubscriptions(database);
  const briefings = gone(subscribed.map((s) => s.district));
  if (briefings.length > 0)
    ctx.out.write(
      `briefings are subscribed for ${listed(briefings)}, which no incident names now: subscribe those channels again (/briefing subscribe) with a district of the new boundaries\n`,
    );
}
