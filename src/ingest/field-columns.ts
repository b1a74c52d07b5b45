// Which column of a record holds a field: the analyst's --map first, then the profile's names.
import { type Columns, isRawError, type RawEvent } from './formats/record.ts';
import type { MappableField, Profile } from './profiles.ts';

export type FieldMaps = Partial<Record<MappableField, string[]>>;

/** The column's index in the record, or -1 when none of the field's names is there. */
export function fieldColumn(
  profile: Profile,
  maps: FieldMaps,
  columns: Columns,
  field: MappableField,
): number {
  for (const name of maps[field] ?? []) if (columns.index.has(name)) return columns.index.get(name)!;
  for (const name of profile.columns[field] ?? [])
    if (columns.index.has(name)) return columns.index.get(name)!;
  return -1;
}

/** The field's values in a sample of records (the first of a file), where they have the field. */
export function fieldValues(
  profile: Profile,
  maps: FieldMaps,
  events: readonly RawEvent[],
  fields: readonly MappableField[],
): unknown[] {
  const out: unknown[] = [];
  for (const e of events) {
    if (isRawError(e)) continue;
    for (const field of fields) {
      const at = fieldColumn(profile, maps, e.columns, field);
      if (at >= 0) {
        out.push(e.values[at]);
        break;
      }
    }
  }
  return out;
}
