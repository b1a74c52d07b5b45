// Maps a source's own offence names to the normalised categories: US, Canadian (English and French) and
// UK wordings alike ("break and enter", "theft of vehicle", "mischief", "introduction par effraction",
// "méfait", "criminal damage", "anti-social behaviour"). A name
// is filed by the offence it names first, its main meaning: "violence and sexual offences" is violence,
// "criminal damage and arson" is damage, "theft from vehicle" is theft. Where two rules match at the same
// place the earlier rule wins, so "theft of vehicle" is vehicle theft and "identity theft" fraud.
import { type Category, isCategory } from './categories.ts';

const RULES: readonly (readonly [Category, RegExp])[] = [
  ['homicide', /\b(homicide|murder|manslaughter|meurtre|entra[iî]nant la mort)/],
  ['sex_offense', /\b(rape|sexual|sex offen[cs]e|sex crime|indecent|agression sexuelle|sexuel)/],
  ['robbery', /\b(robbery|robb|hold ?up|mugging|carjack|vols? qualifi)/],
  ['fraud', /\b(fraud|forgery|counterfeit|deceptive|embezzl|identity theft|swindle)/],
  [
    'burglary',
    /\b(burglary|burg|breaking and entering|break (and|&) enter|b ?& ?e|break[- ]?in|prowl|introduction|effraction|cambriol)/,
  ],
  [
    'vehicle_theft',
    /\b(motor vehicle theft|auto theft|vehicle theft|theft of (a |an )?(motor )?(vehicle|car|auto)|stolen (auto|vehicle|car)|(vehicle|car|auto) stolen|vehicle crime|taking (a )?(motor )?vehicle|mvt|vehst|uuv|vols? (de|d'|d’)\s?(v[ée]hicule|voiture|auto|camion|moto)\w*)/,
  ],
  ['theft', /\b(theft|larceny|shoplift|stolen|pickpocket|purse snatch|thef|vols?\b)/],
  ['arson', /\b(arson|incendie criminel)/],
  [
    'assault',
    /\b(assault|battery|asslt|fight|stabbing|shooting|shots fired|violen|wounding|offen[cs]es? against (a |the )?person|voies? de fait|agression)/,
  ],
  ['vandalism', /\b(vandal|criminal damage|graffiti|mischief|damage to property|vand|m[ée]fait)/],
  ['weapons', /\b(weapons?|firearms?|guns?|ammunition|armes?)\b/],
  ['drugs', /\b(narcotic|drug|controlled substance|marijuana|cocaine|heroin|opioid|stup[ée]fiant|drogue)/],
  [
    'traffic',
    /\b(accident|collision|traffic|hazard|dui|dwi|driving under (the )?influence|crash|acc(non|inj|hr))/,
  ],
  // German names are compounds (Wohnungseinbruchdiebstahl, Ladendiebstahl, gefährliche Körperverletzung):
  // their stems are found inside words, and the one named first still wins.
  ['homicide', /(mord\b|totschlag|tötung)/],
  ['sex_offense', /(vergewaltigung|sexuell)/],
  ['robbery', /raub/],
  ['fraud', /betrug/],
  ['burglary', /einbruch/],
  [
    'vehicle_theft',
    /((kfz|pkw|fahrzeug|auto|kraftfahrzeug)-?diebstahl|diebstahl (von|eines) (kfz|pkw|fahrzeugen|fahrzeug|kraftfahrzeug))/,
  ],
  ['theft', /diebstahl/],
  ['arson', /brandstiftung/],
  ['assault', /(körperverletzung|koerperverletzung)/],
  ['vandalism', /(sachbeschädigung|sachbeschaedigung)/],
  ['drugs', /(betäubungsmittel|rauschgift|\bbtm)/],
  ['disorder', /(hausfriedensbruch|ruhestörung)/],
  [
    'disorder',
    /\b(disorder|disturb|noise|public peace|public order|anti[- ]?social|trespass|liquor|loiter|unwanted|prostitut|gambling)/,
  ],
];

/** The rule that names its offence first in the text (ties to the earlier rule). */
function firstNamed(text: string): Category | undefined {
  let best: Category | undefined;
  let at = Number.POSITIVE_INFINITY;
  for (const [category, pattern] of RULES) {
    const m = pattern.exec(text);
    if (m && m.index < at) {
      best = category;
      at = m.index;
    }
  }
  return best;
}

/** The category for an offence name, or 'other'. A name that already is a category is kept. */
export function classify(...names: (string | null | undefined)[]): Category {
  for (const name of names) {
    if (!name) continue;
    const text = name.toLowerCase().replaceAll('_', ' ');
    const exact = text.trim().replaceAll(' ', '_');
    if (isCategory(exact)) return exact;
    const found = firstNamed(text);
    if (found) return found;
  }
  return 'other';
}
