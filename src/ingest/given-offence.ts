// A one-offence extract ("aggravated assaults 2010-2019") has no column saying what each row is: the
// analyst says it once (`--offence "aggravated assault"`), and every row is read as that offence.
import { UserError } from '../errors.ts';
import { type FieldMaps, fieldColumn } from './field-columns.ts';
import { isRawError, type RawEvent } from './formats/record.ts';
import type { Profile } from './profiles.ts';

const MAX_OFFENCE = 100;

/**
 * The profile with the offence given for every row. A file with an offence column of its own is
 * refused rather than overridden: its rows say what they are.
 */
export function withGivenOffence(
  profile: Profile,
  maps: FieldMaps,
  first: readonly RawEvent[],
  offence: string | undefined,
): Profile {
  if (offence === undefined) return profile;
  const name = offence.replace(/\s+/g, ' ').trim();
  if (name === '' || name.length > MAX_OFFENCE)
    throw new UserError(`--offence names the offence every row is, in 1 to ${MAX_OFFENCE} characters`);
  for (const record of first) {
    if (isRawError(record)) continue;
    const own = ['raw_type', 'category'] as const;
    const at = own.map((field) => fieldColumn(profile, maps, record.columns, field)).find((i) => i >= 0);
    if (at !== undefined)
      throw new UserError(
        `the file has an offence column of its own (${record.columns.names[at]?.slice(0, 40)}): --offence is for a file with none`,
      );
  }
  return { ...profile, defaults: { ...profile.defaults, rawType: name } };
}
