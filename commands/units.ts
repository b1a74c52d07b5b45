// /units set <district> <units> [shift] | list: who is on duty where, as an administrator sets it.
import type { CommandSpec } from '../src/bot/command-spec.ts';
import { districtTag } from '../src/geo/district-tag.ts';
import { listDistricts } from '../src/geo/districts.ts';
import {
  districtForUnits,
  listUnitCounts,
  MAX_UNITS,
  setUnitCount,
  shiftNamed,
  unitCountLine,
} from '../src/plan/unit-counts.ts';
import { completeDistrict } from './hotspots.ts';
import { type CommandServices, defineAction } from './services.ts';

export const unitsCommand: CommandSpec<CommandServices> = {
  name: 'units',
  description: 'patrol units on duty per district and shift: set them, or list them',
  subcommands: {
    set: defineAction({
      description: 'set the units on duty in a district, for every shift or one (0 clears)',
      role: 'admin',
      options: [
        {
          name: 'district',
          description: 'a district as the incidents name it',
          type: 'string',
          required: true,
          autocomplete: true,
          maxLength: 60,
        },
        {
          name: 'units',
          description: `how many (0 to ${MAX_UNITS})`,
          type: 'integer',
          required: true,
          min: 0,
          max: MAX_UNITS,
        },
        {
          name: 'shift',
          description: 'only this shift: day, evening, night or its start (22:00)',
          type: 'string',
          maxLength: 20,
        },
      ],
      visibility: 'ephemeral',
      changes: true,
      complete: completeDistrict,
      async handler({ options, services, user }) {
        const shift = options.shift ? shiftNamed(services.forecasting.shifts, options.shift) : null;
        const district = await districtForUnits(services.database, options.district, options.units);
        await setUnitCount(
          services.database,
          { district, shift, units: options.units },
          { actorKind: 'user', actor: `${user.platform}:${user.id}` },
        );
        const on = shift ? `on shift ${shift}` : 'on every shift';
        return {
          title:
            options.units === 0
              ? `${districtTag(district)}: units cleared ${on}`
              : `${districtTag(district)}: ${options.units} ${options.units === 1 ? 'unit' : 'units'} ${on}`,
          summary:
            options.units === 0
              ? 'Plans no longer follow this setting; /units list shows the ones left.'
              : 'Plans from now on send these units inside the district.',
          tone: 'info',
        };
      },
    }),
    list: defineAction({
      description: 'the units set per district and shift',
      role: 'viewer',
      options: [],
      visibility: 'ephemeral',
      async handler({ services }) {
        const counts = await listUnitCounts(services.database);
        const named = new Set(await listDistricts(services.database));
        return {
          title: 'Units on duty',
          summary:
            counts.length === 0
              ? `No district has units set: ${services.units} units city-wide.`
              : 'Districts with units set; other districts get none planned.',
          sections: counts.length
            ? [
                {
                  lines: counts.map((c) => unitCountLine(c, named.has(c.district))),
                },
              ]
            : [],
          tone: 'info',
        };
      },
    }),
  },
};
