// What "/visited Z1", "/visited #3" or "/visited gessner" means in a briefing's plan: a unit's places,
// one numbered place, or the place whose street name holds the words.
import { UserError } from '../errors.ts';
import { shortNames } from '../geo/place-names.ts';
import type { Briefing } from './compose.ts';
import { placeByName } from './place-by-name.ts';

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
  const found = rank ? candidates.find((c) => c.number === Number(rank[1])) : placeByName(candidates, text);
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
