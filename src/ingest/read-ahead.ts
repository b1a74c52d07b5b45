// What the first rows of a file settle before it is read in earnest: which known export it is (its
// columns), and, when nobody named a time zone, the zone of the place its incidents are in.
import tzlookup from '@photostructure/tz-lookup';
import type { FieldMaps } from './field-columns.ts';
import { isRawError, type RawEvent, type RawRecord } from './formats/record.ts';
import { withGivenOffence } from './given-offence.ts';
import { findProfile, normaliseName, PROFILES, type Profile } from './profiles.ts';

/** The first batch of records, and all of them (the first batch included) for the import to read. */
export async function readAhead(
  records: AsyncIterable<RawEvent[]>,
): Promise<{ first: RawEvent[]; all: AsyncIterable<RawEvent[]> }> {
  const iterator = records[Symbol.asyncIterator]();
  const head = await iterator.next();
  const first = head.done ? [] : head.value;
  return {
    first,
    all: {
      async *[Symbol.asyncIterator]() {
        if (!head.done) yield head.value;
        for (;;) {
          const next = await iterator.next();
          if (next.done) return;
          yield next.value;
        }
      },
    },
  };
}

/** The known export whose own columns the file has (police.uk's street-level files), if any. */
export function recognisedProfile(first: readonly RawEvent[]): Profile | undefined {
  const record = first.find((e): e is RawRecord => !isRawError(e));
  if (!record) return undefined;
  const names = new Set(record.columns.names.map(normaliseName));
  return PROFILES.find((p) => p.signature?.every((c) => names.has(c)));
}

/**
 * How a file is read: the profile asked for, else the known export its columns say, else a generic
 * reading; with an offence given for every row (a one-offence extract), that offence.
 */
export function profileOfFile(
  asked: Profile | undefined,
  first: readonly RawEvent[],
  maps: FieldMaps,
  offence: string | undefined,
): Profile {
  return withGivenOffence(asked ?? recognisedProfile(first) ?? findProfile('generic')!, maps, first, offence);
}

/** The time zone of the middle of these points, as a maintained lookup of zone borders has it. */
export function zoneOfPoints(points: readonly { lat: number; lon: number }[]): string | undefined {
  if (points.length === 0) return undefined;
  const middle = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  try {
    return tzlookup(middle(points.map((p) => p.lat)), middle(points.map((p) => p.lon)));
  } catch {
    return undefined;
  }
}
