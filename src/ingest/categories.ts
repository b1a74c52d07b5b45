// The normalised vocabulary every source is mapped to. Unknown types become 'other'.

export const CATEGORIES = [
  'homicide',
  'assault',
  'robbery',
  'burglary',
  'theft',
  'vehicle_theft',
  'vandalism',
  'arson',
  'sex_offense',
  'weapons',
  'drugs',
  'fraud',
  'disorder',
  'traffic',
  'other',
] as const;

export type Category = (typeof CATEGORIES)[number];

export const isCategory = (value: string): value is Category =>
  (CATEGORIES as readonly string[]).includes(value);

const PLURALS: Partial<Record<string, string>> = {
  burglary: 'burglaries',
  robbery: 'robberies',
  vandalism: 'acts of vandalism',
  arson: 'arsons',
  sex_offense: 'sex offenses',
  drugs: 'drug offenses',
  weapons: 'weapons offenses',
  fraud: 'frauds',
  disorder: 'disorder incidents',
  traffic: 'traffic incidents',
  other: 'other incidents',
};

/** A count of a category in words: '1 burglary', '3 burglaries'. */
export function countOf(category: string, count: number): string {
  // Numbers read one way everywhere: 1,445, not 1445.
  const n = count.toLocaleString('en-US');
  if (category === 'all') return `${n} ${count === 1 ? 'incident' : 'incidents'}`;
  const one = categoryLabel(category);
  if (count === 1)
    return `1 ${category === 'vandalism' ? 'act of vandalism' : category === 'drugs' ? 'drug offense' : one}`;
  return `${n} ${PLURALS[category] ?? `${one}s`}`;
}

/** How a category reads in a message: 'vehicle theft', not 'vehicle_theft'. */
export const categoryLabel = (category: string): string => category.replaceAll('_', ' ');

export const ORIGINS = ['reported', 'discovered', 'unknown'] as const;
export type Origin = (typeof ORIGINS)[number];

export const TIME_PRECISIONS = ['minute', 'hour', 'day', 'month'] as const;
export type TimePrecision = (typeof TIME_PRECISIONS)[number];
