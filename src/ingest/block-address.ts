// Block addresses as sources publish them ("9650 marlive ln", "096XX S WOOD ST", "9600-9699 Main"),
// kept no finer than the hundred block: a house number never reaches the database.

// "096XX S WOOD ST", and Seattle's "15XX BLOCK OF E PINE ST".
const CHICAGO_STYLE = /^0*(\d+)XX\s+(?:block\s+of\s+)?(.+)$/i;
// "1234 Main St", "1200-1299 Main St", and the block said in words: Philadelphia's "3000 BLOCK KENSINGTON
// AVE", "800 Block of Bryant St"; but a street called Block ("120 Block Ave") keeps its name.
const NUMBERED =
  /^(\d+)(?:\s*-\s*\d+)?\s+(?:(?:block|blk)\s+(?:of\s+)?(?!(?:st|ave|rd|dr|ln|blvd|way|ct|pl|street|avenue|road|drive|lane|court|place)\.?$))?(.+)$/i;
const MAX_STREET = 60;

/** A quadrant or a direction of travel: "Peachtree Rd NE", "NE Sandy Blvd", "Mopac Expy SB". */
const QUADRANTS = new Set(['ne', 'nw', 'se', 'sw', 'nb', 'sb', 'eb', 'wb']);
const STREET_TYPE =
  /^(st|ave?|av|rd|blvd|dr|ln|way|pl|ct|cir|hwy|fwy|expy|pkwy|pky|trl|ter|sq|loop|plz|cv|pike|tpke|street|avenue|road|drive|lane|boulevard|highway|freeway|parkway)\.?$/;
// Before the street's name, or after its type: São Paulo's "PC DA SE" is the Praça da Sé.
const isQuadrant = (words: readonly string[], i: number) =>
  QUADRANTS.has(words[i]!) && ((i === 0 && words.length > 1) || (i > 0 && STREET_TYPE.test(words[i - 1]!)));

/**
 * "S WOOD ST" → "S Wood St"; "5TH AVE" → "5th Ave"; "RUE SAINT-DENIS" → "Rue Saint-Denis";
 * "MCKINNEY ST" → "McKinney St"; "O'NEIL AVE" → "O'Neil Ave"; "PEACHTREE RD NE" → "Peachtree Rd NE";
 * "AVENUE OF THE AMERICAS" → "Avenue of The Americas".
 */
const titleCase = (street: string) =>
  street
    .toLowerCase()
    .split(' ')
    .map((w, i, words) =>
      /^\d/.test(w) || (i > 0 && w === 'of')
        ? w
        : isQuadrant(words, i)
          ? w.toUpperCase()
          : w.replace(
              /(^mc|^[od]'|^|-)(\p{L})/gu,
              (_, before: string, c: string) =>
                (before.length > 1 ? before.charAt(0).toUpperCase() + before.slice(1) : before) +
                c.toUpperCase(),
            ),
    )
    .join(' ');

/** A US address's tail: ", PA 15213". */
const STATE_AND_ZIP = /,\s*[A-Z]{2}\s+\d{5}(-\d{4})?\s*$/i;
/** police.uk's snapped places: "On or near Banham Drive". */
const ON_OR_NEAR = /^on or near\s+(.+)$/i;
/** A point written where an address belongs ("(41.88, -87.63)", "POINT (-87.6 41.8)"): not a name. */
const COORDINATES = /^\(?\s*-?\d+(\.\d+)?\s*,|^point\s*\(/i;
/** A place the source hid on purpose ("OFFSET TO PROTECT PRIVACY"): the incident counts, the words are no name. */
const WITHHELD = /\b(protect privacy|withheld|redacted)\b/i;

/**
 * The source's own words for a place it does not know: Vancouver's "X NK_LOC ST", "UNKNOWN", "N/A".
 * Such a row has a point (the source's stand-in) but no place: it is refused, not ranked.
 */
export function unknownPlace(text: string | undefined): boolean {
  const t = text?.trim();
  if (!t) return false;
  return (
    /\bNK_LOC\b/i.test(t) ||
    /^(unknown|unk|n\/?a|none|null|not known|no location)\b/i.test(t) ||
    /^X\s+\S/.test(t)
  );
}

/**
 * "9600 block of Marlive Ln" from any of the published forms; a street or intersection without a
 * number is kept as named; police.uk's "On or near X" is "near X"; null when there is nothing to keep.
 */
export function hundredBlock(text: string | undefined): string | null {
  // What follows a comma is a city or a unit ("150 baybrook mall,friendswoo", "12 main st, apt 4"): it is
  // not the street, and a unit is finer than a block.
  // San Francisco writes a corner "MISSION ST \ 16TH ST"; Seattle "3RD AVE / PINE ST".
  const clean = text
    ?.split(',')[0]
    ?.replace(/\s+[\\/]\s+/g, ' & ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!clean || COORDINATES.test(clean) || WITHHELD.test(clean)) return null;
  const street = text && STATE_AND_ZIP.test(text) ? withoutCity(clean) : clean;
  return blockOf(street);
}

/**
 * Before ", PA 15213" a city can follow the street with no comma ("3400 Block Forbes Av Pittsburgh"):
 * the words after the street's type are the city's, and are dropped.
 */
function withoutCity(address: string): string {
  const words = address.split(' ');
  for (let i = words.length - 2; i > 0 && i >= words.length - 4; i--) {
    if (!STREET_TYPE.test(words[i]!.toLowerCase())) continue;
    const end = QUADRANTS.has(words[i + 1]!.toLowerCase()) ? i + 2 : i + 1;
    return words.slice(0, end).join(' ');
  }
  return address;
}

function blockOf(clean: string): string {
  const near = ON_OR_NEAR.exec(clean);
  if (near) return `near ${titleCase(near[1]!.slice(0, MAX_STREET))}`;
  const chicago = CHICAGO_STYLE.exec(clean);
  const numbered = chicago ?? NUMBERED.exec(clean);
  if (!numbered) return titleCase(clean.slice(0, MAX_STREET));
  const hundreds = chicago ? Number(numbered[1]) * 100 : Math.floor(Number(numbered[1]) / 100) * 100;
  const street = titleCase(numbered[2]!.slice(0, MAX_STREET));
  return `${hundreds} block of ${street}`;
}

/**
 * "in Yonge-Bay Corridor" from a neighbourhood as a source publishes it ("Yonge-Bay Corridor (170)"):
 * what names a place where the source gives no address; null for a bare number or code.
 */
export function areaName(text: string | undefined): string | null {
  const clean = text
    ?.replace(/\s*\(\d+\)\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!clean || !/\p{L}{2}/u.test(clean) || COORDINATES.test(clean) || WITHHELD.test(clean)) return null;
  // "ROMA NORTE" reads as "Roma Norte", as a street does; a name written in mixed case is kept as it is.
  const name = clean.slice(0, MAX_STREET);
  return `in ${name === name.toUpperCase() ? titleCase(name) : name}`;
}

/** Whether a place's name is only its neighbourhood's ("in Yonge-Bay Corridor"), which many places share. */
export const isAreaName = (name: string): boolean => name.startsWith('in ');

/** The street of a block address: "Marlive Ln" from "9600 block of Marlive Ln" or "near Marlive Ln". */
export const streetOf = (block: string): string => block.replace(/^(\d+ block of |near |in )/, '');
