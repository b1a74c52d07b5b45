// /visited <unit or place> [minutes]: an officer records a visit to a unit's places (Z1) or to one place
// (#3, or a street). Also what the "Visited Z1" button under a plan runs. Visits are never incidents.
import type { CommandSpec } from '../src/bot/command-spec.ts';
import { composeBriefing } from '../src/briefing/compose.ts';
import { visitTarget } from '../src/briefing/visit-target.ts';
import { DEFAULT_TOP } from '../src/forecast/defaults.ts';
import { windowForModel } from '../src/forecast/model-window.ts';
import { windowHeadline } from '../src/forecast/windows.ts';
import { shortNames } from '../src/geo/place-names.ts';
import { recordVisits } from '../src/plan/visits.ts';
import {
  askedAt,
  atOption,
  categoryOption,
  districtCouldBe,
  districtOption,
  WHOLE_PLACE,
} from './options.ts';
import { type CommandServices, defineAction } from './services.ts';

export const visitedCommand: CommandSpec<CommandServices> = {
  name: 'visited',
  description: 'record a visit to a unit’s places (Z1) or to one place (#3, or its street)',
  action: defineAction({
    description: 'record a visit to a unit’s places (Z1) or to one place (#3, or its street)',
    role: 'viewer',
    options: [
      {
        name: 'where',
        description: 'a unit of the plan (Z1), a listed place (#3) or a street name',
        type: 'string',
        required: true,
        maxLength: 60,
        rest: true,
        whole: WHOLE_PLACE,
      },
      {
        name: 'minutes',
        description: 'how long, per place (default: the suggested stop)',
        type: 'integer',
        min: 1,
        max: 480,
        units: ['m', 'min', 'mins', 'minute', 'minutes'],
      },
      categoryOption,
      districtOption,
      // The plan's window, which a button pins; typed, the shift under way now.
      atOption,
    ],
    visibility: 'ephemeral',
    changes: true,
    async handler({ options, leftover, services, user }) {
      const now = services.now();
      const window = await windowForModel(
        services.database,
        { when: options.at ? undefined : 'now', at: askedAt(options.at) },
        now,
        services.forecasting,
      );
      // The same plan the answer showed: same window, category, district and units.
      const briefing = await composeBriefing(services.database, services.forecasting, {
        window,
        category: options.category ?? 'all',
        top: DEFAULT_TOP,
        units: services.units,
        agencyName: services.agencyName,
        ...(options.district ? { district: options.district, ...districtCouldBe(leftover) } : {}),
      });
      const target = visitTarget(briefing, options.where);
      const minutes = options.minutes ?? services.forecasting.visitMinutes;
      await recordVisits(
        services.database,
        target.places.map((p) => ({
          platform: user.platform,
          userId: user.id,
          cell: p.cell,
          district: p.district,
          unit: p.zone,
          windowStart: window.start,
          windowEnd: window.end,
          visitedAt: now,
          minutes,
        })),
      );
      const n = target.places.length;
      return {
        title: `Visit recorded: ${target.name}`,
        summary: `${n === 1 ? '' : `${n} places: ${shortNames(target.places.map((p) => p.label)).join('; ')}; `}${minutes} min${n === 1 ? '' : ' each'} · ${windowHeadline(window)}`,
        footer: ['Visits show in the next answers and briefings; they are never counted as incidents.'],
        tone: 'info',
      };
    },
  }),
};
