// Maps a source's own offence names to the normalised categories. Order matters: the first rule that
// matches wins, so 'identity theft' is fraud and 'carjacking' robbery before any theft rule sees them.
import { type Category, isCategory } from './categories.ts';

const RULES: readonly (readonly [Category, RegExp])[] = [
  ['homicide', /\b(homicide|murder|manslaughter)\b/],
  ['sex_offense', /\b(rape|sexual|sex offen[cs]e|sex crime|indecent)/],
  ['robbery', /\b(robbery|robb|hold ?up|mugging|carjack)/],
  ['fraud', /\b(fraud|forgery|counterfeit|deceptive|embezzl|identity theft|swindle)/],
  ['burglary', /\b(burglary|burg|breaking and entering|b ?& ?e|break[- ]?in|prowl)/],
  [
    'vehicle_theft',
    /\b(motor vehicle theft|auto theft|vehicle theft|stolen (auto|vehicle|car)|mvt|vehst|uuv)\b/,
  ],
  ['theft', /\b(theft|larceny|shoplift|stolen|pickpocket|purse snatch|thef)/],
  ['arson', /\barson/],
  ['assault', /\b(assault|battery|asslt|fight|stabbing|shooting|shots fired)/],
  ['vandalism', /\b(vandal|criminal damage|graffiti|mischief|damage to property|vand)/],
  ['weapons', /\b(weapon|firearm|gun|ammunition)\b/],
  ['drugs', /\b(narcotic|drug|controlled substance|marijuana|cocaine|heroin|opioid)/],
  ['traffic', /\b(accident|collision|traffic|hazard|dui|dwi|crash|acc(non|inj|hr))/],
  ['disorder', /\b(disorder|disturb|noise|public peace|trespass|liquor|loiter|unwanted|prostitut|gambling)/],
];

/** The category for an offence name, or 'other'. A name that already is a category is kept. */
export function classify(...names: (string | null | undefined)[]): Category {
  for (const name of names) {
    if (!name) continue;
    const text = name.toLowerCase().replaceAll('_', ' ');
    const exact = text.trim().replaceAll(' ', '_');
    if (isCategory(exact)) return exact;
    for (const [category, pattern] of RULES) if (pattern.test(text)) return category;
  }
  return 'other';
}
