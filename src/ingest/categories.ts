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

/** How a category reads in a message: 'vehicle theft', not 'vehicle_theft'. */
export const categoryLabel = (category: string): string => category.replaceAll('_', ' ');

export const ORIGINS = ['reported', 'discovered', 'unknown'] as const;
export type Origin = (typeof ORIGINS)[number];

export const TIME_PRECISIONS = ['minute', 'hour', 'day', 'month'] as const;
export type TimePrecision = (typeof TIME_PRECISIONS)[number];
