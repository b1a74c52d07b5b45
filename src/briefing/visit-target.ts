// What "/visited Z1", "/visited #3" or "/visited gessner" means in a briefing's plan: a unit's places,
// one numbered place, or the place whose street name holds the words.
import { UserError } from '../errors.ts';
import { shortNames } from '../geo/place-names.ts';
import type { Briefing } from './compose.ts';

export interface VisitTarget {
  /** How the answer names it: "Z1", "#3 900 block of Gessner Dr". */
  name: string;
  places: { cell: string; label: string; district: string | null; zone: number | null }[];
}

export function visitTarget(b: Briefing, asked: string): VisitTarget {
  const text = asked.trim();
  const zoneOf = (cell: string) => b.zones.find((z) => z.cells.includes(cell));
  const zone = /^z(?:one)?\s*(\d{1,2})$/i.exec(text);
  if (zone) {
    const z = b.zones.find((u) => u.zone === Number(zone[1]));
    if (!z)
      throw new UserError(`there is no Z${zone[1]} in this plan; its units are Z1 to Z${b.zones.length}`);
    if (z.general) throw new UserError(`Z${z.zone} is on general patrol: it has no places to record`);
    return {
      name: `Z${z.zone}`,
      places: z.stops.map((s) => ({ cell: s.cell, label: s.label, district: s.district, zone: z.zone })),
    };
  }
  const rank = /^#?\s*(\d{1,4})$/.exec(text);
  const stops = b.zones.flatMap((z) => z.stops);
  const candidates = [
    ...b.places.map((p) => ({
      number: p.number,
      cell: p.cell,
      label: p.place ?? p.label,
      district: p.district,
    })),
    ...stops.map((s) => ({ number: s.number, cell: s.cell, label: s.label, district: s.district })),
  ];
  const found = rank ? candidates.find((c) => c.number === Number(rank[1])) : byName(candidates, text);
  if (!found)
    throw new UserError(
      `"${text.slice(0, 40)}" is not a unit or a place of this plan: name a unit (Z1), a number from the list (#3) or a street`,
    );
  // Its block alone, unless another place of the plan shares that block.
  const others = candidates.filter((c) => c.cell !== found.cell).map((c) => c.label);
  const [name] = shortNames([found.label, ...others]);
  return {
    name: `${found.number === null ? '' : `#${found.number} `}${name}`,
    places: [
      {
        cell: found.cell,
        label: found.label,
        district: found.district,
        zone: zoneOf(found.cell)?.zone ?? null,
      },
    ],
  };
}

type Candidate = { number: number | null; cell: string; label: string; district: string | null };

/** Words that do not tell one place from another: "2700 block of Yarrow" is "2700 yarrow". */
const NOISE = new Set(['block', 'of', 'near', 'the', 'and', 'at', 'on']);
const wordsOf = (text: string) =>
  text
    .toLowerCase()
    .split(/[\s,]+/)
    .filter((w) => w !== '' && !NOISE.has(w));

/**
 * The place whose name holds every word asked, its own street first ("yarrow" is Yarrow Ave, not a
 * place near it); where several places answer, the officer is asked which rather than one being guessed.
 */
function byName(candidates: Candidate[], text: string): Candidate | undefined {
  const asked = wordsOf(text);
  if (asked.length === 0) return undefined;
  const holds = (name: string) => {
    const words = wordsOf(name);
    return asked.every((a) => words.some((w) => w.startsWith(a)));
  };
  const unique = (list: Candidate[]) => [...new Map(list.map((c) => [c.cell, c])).values()];
  const own = unique(candidates.filter((c) => holds(c.label.split(', near ')[0]!)));
  const matches = own.length > 0 ? own : unique(candidates.filter((c) => holds(c.label)));
  if (matches.length <= 1) return matches[0];
  const named = (c: Candidate) => `${c.number === null ? '' : `#${c.number} `}${c.label}`;
  const numbered = matches.find((c) => c.number !== null);
  throw new UserError(
    `"${text.slice(0, 40)}" could be ${matches.length} places of this plan: ${matches
      .slice(0, 4)
      .map(named)
      .join(
        '; ',
      )}${matches.length > 4 ? '; …' : ''}. Give ${numbered ? `its number (#${numbered.number}) or ` : ''}more of its name`,
  );
}
