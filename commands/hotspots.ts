// /hotspots [when] [category] [district] [top]: the ranked places, their reasons and the map.

import type { CommandSpec } from '../src/bot/command-spec.ts';
import { briefingView } from '../src/briefing/view.ts';
import { DEFAULT_TOP, MAX_TOP } from '../src/forecast/defaults.ts';
import { listDistricts } from '../src/geo/districts.ts';
import {
  askedWindow,
  atOption,
  categoryOption,
  districtCouldBe,
  districtOption,
  whenOption,
} from './options.ts';
import { rememberList } from './remember-list.ts';
import { type CommandServices, defineAction } from './services.ts';

export const completeDistrict = async (option: string, _typed: string, services: CommandServices) =>
  option === 'district'
    ? [...(await listDistricts(services.database))]
    : option === 'category'
      ? [...categoryOption.choices]
      : [];

export const hotspotsCommand: CommandSpec<CommandServices> = {
  name: 'hotspots',
  description: 'where incidents are most likely in a shift: ranked places, reasons and a map',
  action: defineAction({
    description: 'where incidents are most likely in a shift: ranked places, reasons and a map',
    role: 'viewer',
    options: [
      whenOption,
      categoryOption,
      districtOption,
      {
        name: 'top',
        description: `how many places (default ${DEFAULT_TOP})`,
        type: 'integer',
        min: 1,
        max: MAX_TOP,
        onlyInRange: true,
      },
      // Last: typed words fill options in order, and a date is the rarest thing asked.
      atOption,
    ],
    // Asked in a channel, answered to the one who asked; a button shares it.
    visibility: 'ephemeral',
    shareable: true,
    complete: completeDistrict,
    async handler({ options, leftover, services, user }) {
      const window = await askedWindow(services, options);
      const { briefing, message } = await briefingView(
        services,
        {
          window,
          category: options.category ?? 'all',
          ...(options.district
            ? {
                district: options.district,
                // "/hotspots 99": a count too large for a list, read as a district (Portland's 822).
                ...districtCouldBe(
                  leftover,
                  /^\d+$/.test(options.district) ? `a count of places from 1 to ${MAX_TOP}` : undefined,
                ),
              }
            : {}),
          top: options.top ?? DEFAULT_TOP,
        },
        'Hotspots',
      );
      // Chicago's districts are 1 to 25: "/hotspots 11" lists eleven places city-wide, which a district
      // 11 supervisor must not take for their own plan.
      if (options.top !== undefined && !options.district) {
        const asDistrict = String(options.top);
        if ((await listDistricts(services.database)).includes(asDistrict))
          // Under the headline, not at the foot: read before the list is taken for the district's.
          message.summary = `${message.summary ?? ''}\nThe whole city's top ${asDistrict}. District ${asDistrict}'s own plan: /hotspots district:${asDistrict}`;
      }
      // Shared later, it must be this window, not whatever "next" means by then; /explain explains it.
      const at = await rememberList(services, user, window, options.category ?? 'all', briefing.district);
      message.pinned = { when: null, at };
      return message;
    },
  }),
};
