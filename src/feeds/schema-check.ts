// A source that changes its columns under a feed (a date or coordinate column renamed or dropped)
// would have every row refused: the feed stops instead, says which column went, and stores nothing.
import { findProfile, normaliseName } from '../ingest/profiles.ts';
import type { FeedOptions } from './feed-store.ts';

/** The fields a row cannot be stored without, each as the groups of columns that can carry it. */
const NEEDED: { field: string; groups: string[][] }[] = [
  // A report's date alone dates each row to its report's day (Raleigh's reported_date).
  { field: 'the date', groups: [['occurred_at'], ['year', 'month', 'day'], ['reported_at']] },
  {
    field: 'the place',
    groups: [['lat', 'lon'], ['x', 'y'], ['point']],
  },
];

/** What the rows lack that the feed needs, in words; undefined when they have it all. */
export function missingColumns(
  options: FeedOptions,
  rows: readonly Record<string, unknown>[],
): string | undefined {
  if (rows.length === 0) return undefined;
  const profile = findProfile(options.profile ?? 'generic') ?? findProfile('generic')!;
  const present = new Set(rows.slice(0, 50).flatMap((r) => Object.keys(r).map(normaliseName)));
  // Columns the analyst named with --map count for their field.
  const mapped = new Map<string, string[]>();
  for (const pair of options.maps ?? []) {
    const at = pair.lastIndexOf('=');
    if (at > 0)
      mapped.set(pair.slice(at + 1).trim(), [
        ...(mapped.get(pair.slice(at + 1).trim()) ?? []),
        normaliseName(pair.slice(0, at)),
      ]);
  }
  const candidates = (field: string): string[] => [
    ...(mapped.get(field) ?? []),
    ...((profile.columns as Record<string, readonly string[] | undefined>)[field] ?? []).map(normaliseName),
  ];
  for (const need of NEEDED) {
    // Only the ways this profile can read the field at all.
    const groups = need.groups.filter((g) => g.every((f) => candidates(f).length > 0));
    if (groups.length === 0) continue;
    const met = groups.some((group) => group.every((f) => candidates(f).some((c) => present.has(c))));
    if (!met) {
      const wanted = groups
        .map((g) => g.map((f) => candidates(f).slice(0, 3).join(' or ')).join(' + '))
        .join('; or ');
      return `the source's rows no longer have ${need.field} (looked for ${wanted})`;
    }
  }
  return undefined;
}
