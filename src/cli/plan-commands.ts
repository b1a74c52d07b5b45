// patrolcast units set | list, districts fill, and coverage: who is on duty where, in which districts,
// and what was visited.
import type { Command } from 'commander';
import { UserError } from '../errors.ts';
import { districtLookup } from '../geo/district-lookup.ts';
import { districtTag } from '../geo/district-tag.ts';
import { findDistrict } from '../geo/districts.ts';
import { readDistrictFile } from '../ingest/district-file.ts';
import { fillDistricts } from '../ingest/fill-districts.ts';
import { coverageReport, coverageText } from '../plan/coverage-report.ts';
import { listUnitCounts, MAX_UNITS, setUnitCount, shiftNamed } from '../plan/unit-counts.ts';
import { addDays, type LocalDate, toLocal } from '../time/zone.ts';
import { action, dateOption, intOption, withDatabase } from './context.ts';

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
          const district = await findDistrict(database, asked);
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
          for (const c of counts)
            ctx.out.write(
              `${c.district}: ${c.units} ${c.shift ? `on shift ${c.shift}` : 'on every shift'}\n`,
            );
        }),
      ),
    );

  program
    .command('districts')
    .description(
      'districts from the boundary file (PATROLCAST_DISTRICTS) for stored incidents that name none: fill',
    )
    .command('fill')
    .description(
      'give each stored incident that names no district the one its point lies in; imports do so from then on',
    )
    .action(
      action(async () =>
        withDatabase(async (database, ctx) => {
          const file = ctx.config.map.districtsFile;
          if (!file)
            throw new UserError(
              'no boundary file: set PATROLCAST_DISTRICTS to the districts (GeoJSON, or a zipped shapefile)',
            );
          const districts = await readDistrictFile(file);
          const { filled, outside } = await fillDistricts(database, districtLookup(districts), {
            actorKind: 'cli',
            actor: 'cli',
          });
          ctx.out.write(
            filled + outside === 0
              ? 'every stored incident names its district: nothing to fill\n'
              : `${filled.toLocaleString('en-US')} incidents given their district from ${districts.length} in the file${outside > 0 ? `; ${outside.toLocaleString('en-US')} lie outside every district and keep none` : ''}\n`,
          );
        }),
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
