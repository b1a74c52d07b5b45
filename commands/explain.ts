// /explain <rank or cell>: why a place is on the list, in the forecast's own words.
import { isValidCell } from 'h3-js';
import type { CommandSpec } from '../src/bot/command-spec.ts';
import { formatExpected } from '../src/bot/message.ts';
import { districtList, osmUrl, typicalExpected } from '../src/briefing/compose.ts';
import { placeByName, wordsOf } from '../src/briefing/place-by-name.ts';
import { riskWord } from '../src/briefing/risk-words.ts';
import { DEMO_LABEL } from '../src/demo/city.ts';
import { UserError } from '../src/errors.ts';
import { MAX_TOP } from '../src/forecast/defaults.ts';
import { ensureForecast, reasonsOfPlace } from '../src/forecast/forecast-service.ts';
import { LEFT_OUT_WORDS, servedNow } from '../src/forecast/left-out.ts';
import { windowForModel } from '../src/forecast/model-window.ts';
import { activeModel } from '../src/forecast/registry.ts';
import { windowHeadline } from '../src/forecast/windows.ts';
import { districtNamed } from '../src/geo/district-tag.ts';
import { findDistrict } from '../src/geo/districts.ts';
import { cellsOnStreet, placesOf } from '../src/geo/place-names.ts';
import { categoryLabel } from '../src/ingest/categories.ts';
import { askedAt, atOption, categoryOption, districtOption, WHOLE_PLACE, whenOption } from './options.ts';
import { type CommandServices, defineAction } from './services.ts';

type Ranked = { cell: string; lat: number; lon: number };

/** The place of `cells` (numbered from 1 in their order) whose name holds the words asked. */
async function placeOn<T extends Ranked>(
  services: CommandServices,
  cells: T[],
  asked: string,
  of: string,
  numbers: (cell: T, i: number) => number = (_, i) => i + 1,
): Promise<T | undefined> {
  const names = await placesOf(services.database, cells);
  const found = placeByName(
    cells.map((c, i) => ({
      number: numbers(c, i),
      cell: c.cell,
      label: names.get(c.cell)!.label,
      district: null,
    })),
    asked,
    of,
  );
  return found ? cells.find((c) => c.cell === found.cell) : undefined;
}

/** A place asked for by its street anywhere down the list, the best-ranked first. */
async function placeOffList<T extends Ranked>(
  services: CommandServices,
  numbered: T[],
  asked: string,
): Promise<T | undefined> {
  const longest = wordsOf(asked).sort((a, b) => b.length - a.length)[0];
  if (!longest || longest.length < 3) return undefined;
  const onStreet = await cellsOnStreet(services.database, longest);
  const rank = new Map(numbered.map((c, i) => [c.cell, i + 1]));
  const candidates = numbered.filter((c) => onStreet.has(c.cell));
  return placeOn(services, candidates, asked, 'this forecast', (c) => rank.get(c.cell)!);
}

export const explainCommand: CommandSpec<CommandServices> = {
  name: 'explain',
  description: 'why a place is on the hotspot list',
  action: defineAction({
    description: 'why a place is on the hotspot list',
    role: 'viewer',
    options: [
      {
        name: 'place',
        description: 'its rank on the list (e.g. 3), its street, or its cell id',
        type: 'string',
        required: true,
        maxLength: 60,
        rest: true,
        whole: WHOLE_PLACE,
      },
      whenOption,
      categoryOption,
      // A district's list and a past shift, as /hotspots was asked them: its #1 is the district's.
      districtOption,
      atOption,
    ],
    visibility: 'ephemeral',
    async handler({ options, services, user }) {
      // Unless told otherwise, the list the user was last shown: its window and category, and its
      // district unless another is named ("/explain 2 11" after district 11's briefing is its #2).
      const asked = [options.when, options.category, options.at].some((o) => o !== undefined);
      const last = asked ? undefined : await services.lastLists.recall(`${user.platform}:${user.id}`);
      const window = await windowForModel(
        services.database,
        last ? { at: askedAt(last.at) } : { when: options.when, at: askedAt(options.at) },
        services.now(),
        services.forecasting,
      );
      const district = options.district
        ? await findDistrict(services.database, options.district)
        : last?.district;
      // As lists serve it now: a place an analyst kept since reads as kept, not as a desk.
      const request = { window, category: last?.category ?? options.category ?? 'all' };
      const { forecast, leftOut } = await servedNow(
        services.database,
        await ensureForecast(services.database, services.forecasting, request),
      );
      const place = options.place.replace(/^#/, '');
      let cell: (typeof forecast.cells)[number] | undefined;
      // A number from a district's list counts down that list; from the city's, it is the city rank.
      const numbered = district ? await districtList(services.database, forecast, district) : forecast.cells;
      if (/^\d{1,6}$/.test(place)) {
        cell = numbered[Number(place) - 1];
        if (!cell) throw new UserError(`the list has ${numbered.length} places; ${place} is not one of them`);
      } else if (isValidCell(place)) {
        cell = forecast.cells.find((c) => c.cell === place);
        if (!cell)
          throw new UserError('that cell is outside the forecast area: no incidents there or nearby');
      } else {
        // A street, among the places a list can show; else anywhere in the forecast, since "why is
        // Gessner not on the list?" is asked as often as why a place is.
        const shown = numbered.slice(0, MAX_TOP);
        cell =
          (await placeOn(services, shown, place, 'the list')) ??
          (await placeOffList(services, numbered, place));
        if (!cell)
          throw new UserError(
            `"${place.slice(0, 40)}" is no place of this forecast: no incident on record names that street. Give its rank (3), a street on the list, or a cell id`,
          );
      }
      // Named as every other answer names it: its street where the source has one, and its district.
      const { label } = (await placesOf(services.database, [cell])).get(cell.cell)!;
      const n = forecast.cells.length;
      const risk = riskWord({
        expected: cell.expected,
        typical: typicalExpected(forecast.cells),
        rank: cell.rank,
        places: n,
        metrics: (await activeModel(services.database, forecast.category))?.metrics,
      });
      const what = forecast.category === 'all' ? 'all incidents' : categoryLabel(forecast.category);
      const why = leftOut.get(cell.cell);
      // A forecast keeps the reasons of its best places only; one asked for further down is worked out now.
      const reasons = cell.reasons.length
        ? cell.reasons
        : await reasonsOfPlace(services.database, services.forecasting, request, forecast, cell.cell);
      return {
        title: `${forecast.demo ? `${DEMO_LABEL} · ` : ''}#${numbered === forecast.cells ? cell.rank : numbered.indexOf(cell) + 1} · ${label}`,
        summary: `${last ? (last.district === district || !district ? 'From your last list: ' : `In your last list's window, ${districtNamed(district)}: `) : ''}${windowHeadline(window)} (${what}): ${risk} risk, ${formatExpected(cell.expected)} expected; rank ${cell.rank} of ${n.toLocaleString('en-US')} places.`,
        sections: [
          {
            title: 'Why',
            lines: reasons.length ? reasons : ['Nothing here raised its score: it ranks by its count alone.'],
          },
          ...(why ? [{ lines: [`Left out of lists and plans: ${LEFT_OUT_WORDS[why]}.`] }] : []),
          { lines: [osmUrl(cell.lat, cell.lon), `cell ${cell.cell}`] },
        ],
        footer: [
          `Model ${forecast.modelVersion} (${forecast.algorithm}). The reasons are the features that moved this place's score most.`,
        ],
      };
    },
  }),
};
