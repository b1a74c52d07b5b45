// A place named as an officer types it ("yarrow", "2700 block of Yarrow Ave near 5th"): the place whose
// name holds every word, its own street before one it is only near, and a question where several do.
import { UserError } from '../errors.ts';

/** A place of a list or plan, as an officer may name it. */
export type NamedPlace = { number: number | null; cell: string; label: string; district: string | null };

/** Words that do not tell one place from another: "2700 block of Yarrow" is "2700 yarrow". */
const NOISE = new Set(['block', 'of', 'near', 'the', 'and', 'at', 'on', 'in']);
export const wordsOf = (text: string) =>
  text
    .toLowerCase()
    .split(/[\s,]+/)
    .filter((w) => w !== '' && !NOISE.has(w));

/**
 * The place whose name holds every word asked, its own street first ("yarrow" is Yarrow Ave, not a
 * place near it); where several places answer, the officer is asked which rather than one being guessed.
 */
export function placeByName<T extends NamedPlace>(
  candidates: T[],
  text: string,
  /** What the places are of, for the question: "this plan", "the list". */
  of = 'this plan',
): T | undefined {
  const asked = wordsOf(text);
  if (asked.length === 0) return undefined;
  const holds = (name: string) => {
    const words = wordsOf(name);
    return asked.every((a) => words.some((w) => w.startsWith(a)));
  };
  const unique = (list: T[]) => [...new Map(list.map((c) => [c.cell, c])).values()];
  const own = unique(candidates.filter((c) => holds(c.label.split(', near ')[0]!)));
  const matches = own.length > 0 ? own : unique(candidates.filter((c) => holds(c.label)));
  if (matches.length <= 1) return matches[0];
  const named = (c: T) => `${c.number === null ? '' : `#${c.number} `}${c.label}`;
  const numbered = matches.find((c) => c.number !== null);
  throw new UserError(
    `"${text.slice(0, 40)}" could be ${matches.length} places of ${of}: ${matches
      .slice(0, 4)
      .map(named)
      .join(
        '; ',
      )}${matches.length > 4 ? `; and ${matches.length - 4} more` : ''}. Give ${numbered ? `its number (#${numbered.number}) or ` : ''}more of its name`,
  );
}
