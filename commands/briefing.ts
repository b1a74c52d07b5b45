// /briefing now | subscribe <shifts> [tz] [district] [category] [units] | unsubscribe | list

import type { CommandSpec } from '../src/bot/command-spec.ts';
import {
  listSubscriptions,
  parseShiftChoice,
  subscribe,
  unsubscribe,
} from '../src/briefing/subscriptions.ts';
import { briefingView } from '../src/briefing/view.ts';
import { UserError } from '../src/errors.ts';
import { DEFAULT_CATEGORY } from '../src/forecast/defaults.ts';
import { districtNamed } from '../src/geo/district-tag.ts';
import { findDistrict, listDistricts } from '../src/geo/districts.ts';
import { categoryLabel } from '../src/ingest/categories.ts';
import { isTimeZone } from '../src/time/zone.ts';
import { completeDistrict } from './hotspots.ts';
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

const describeSubscription = (s: {
  shifts: string[];
  timeZone: string;
  district: string | null;
  category: string | null;
  units: number;
}) =>
  `shifts ${s.shifts.join(', ')} (${s.timeZone}), ${s.category ? categoryLabel(s.category) : 'all incidents'}${s.district ? `, ${districtNamed(s.district)}` : ''}, ${s.units} ${s.units === 1 ? 'unit' : 'units'}`;

const SHIFT = String.raw`(all|day|evening|night|\d{1,2}:\d\d(-\d{1,2}:\d\d)?)`;
const SHIFTS_SHAPE = new RegExp(`^${SHIFT}(,${SHIFT})*,?$`, 'i');

export const briefingCommand: CommandSpec<CommandServices> = {
  name: 'briefing',
  description: 'the shift briefing now, or subscribe this channel to it at every shift start',
  subcommands: {
    now: defineAction({
      description: 'post the briefing for a shift to this channel now',
      role: 'viewer',
      options: [whenOption, categoryOption, districtOption, atOption],
      visibility: 'channel',
      complete: completeDistrict,
      async handler({ options, leftover, services, user }) {
        const window = await askedWindow(services, options);
        const category = options.category ?? DEFAULT_CATEGORY;
        const { briefing, message } = await briefingView(services, {
          window,
          category,
          ...(options.district ? { district: options.district, ...districtCouldBe(leftover) } : {}),
        });
        // "/explain 2" after a briefing explains the briefing's #2, not the next shift's.
        await rememberList(services, user, window, category, briefing.district);
        return message;
      },
    }),
    subscribe: defineAction({
      description: 'post the briefing to this channel at the start of the shifts named',
      role: 'supervisor',
      options: [
        {
          name: 'shifts',
          description: 'start times such as 06:00,22:00, words such as day,night, or all',
          type: 'string',
          required: true,
          maxLength: 100,
          // "day night" typed apart is two shifts; a district after them is not one.
          shape: SHIFTS_SHAPE,
          rest: true,
        },
        {
          name: 'tz',
          description: 'time zone, e.g. America/Chicago (default: the agency’s)',
          type: 'string',
          maxLength: 60,
          shape: /^(UTC|[A-Za-z]+\/[A-Za-z0-9_+\-/]+)$/,
        },
        districtOption,
        categoryOption,
        { name: 'units', description: 'patrol units on the shift', type: 'integer', min: 1, max: 50 },
      ],
      visibility: 'channel',
      complete: completeDistrict,
      changes: true,
      async handler({ options, services, user, channelId }) {
        const shifts = parseShiftChoice(options.shifts, services.forecasting.shifts);
        const timeZone = options.tz ?? services.forecasting.timeZone;
        if (!isTimeZone(timeZone)) {
          throw new UserError(
            `"${timeZone.slice(0, 40)}" is not a time zone; use a name like America/Chicago`,
          );
        }
        const district = options.district ? await findDistrict(services.database, options.district) : null;
        const subscription = await subscribe(services.database, {
          platform: user.platform,
          channelId,
          shifts,
          timeZone,
          district,
          category: options.category && options.category !== 'all' ? options.category : null,
          units: options.units ?? services.units,
          createdBy: `${user.platform}:${user.id}`,
        });
        return {
          title: 'This channel will get the shift briefing',
          summary: describeSubscription(subscription),
          footer: [
            'Each briefing is posted shortly before its shift starts. /briefing unsubscribe stops it.',
          ],
        };
      },
    }),
    unsubscribe: defineAction({
      description: 'stop posting briefings to this channel',
      role: 'supervisor',
      options: [],
      visibility: 'channel',
      changes: true,
      async handler({ services, user, channelId }) {
        const removed = await unsubscribe(services.database, user.platform, channelId);
        return {
          title: removed
            ? 'This channel will no longer get briefings'
            : 'This channel had no briefing subscription',
        };
      },
    }),
    list: defineAction({
      description: 'the channels that get briefings on this platform',
      role: 'viewer',
      options: [],
      visibility: 'ephemeral',
      async handler({ services, user, channelId }) {
        const all = await listSubscriptions(services.database, user.platform);
        const named = new Set(await listDistricts(services.database));
        return {
          title: all.length
            ? `${all.length} ${all.length === 1 ? 'channel gets' : 'channels get'} briefings`
            : 'No channel gets briefings yet',
          sections: all.length
            ? [
                {
                  lines: all.map(
                    (s) =>
                      `${s.channelId === channelId ? 'this channel' : `channel ${s.channelId}`}: ${describeSubscription(s)}${s.enabled ? '' : ' (paused)'}${s.district === null || named.has(s.district) ? '' : ' (no incident names this district now: subscribe again with one that does)'}`,
                  ),
                },
              ]
            : [],
          ...(all.length ? {} : { footer: ['/briefing subscribe all sets this channel up.'] }),
        };
      },
    }),
  },
};
