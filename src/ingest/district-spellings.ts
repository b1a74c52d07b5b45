// One district, one name: exports mix "EAST PRECINCT", "East Precinct" and "east  precinct" (a records
// system's change of case, a hand-typed row), which would split a district's history in plans, units and
// the fairness report. A district is stored as it was first spelled: by the incidents already stored
// (the most common spelling), else by the file.
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { decodedRows } from '../db/rows.ts';

const keyOf = (district: string) => district.replace(/\s+/g, ' ').trim().toLowerCase();

export class DistrictSpellings {
  private readonly byKey = new Map<string, string>();

  /** The district as it is stored: the spelling first seen for it, case and spacing aside. */
  of(district: string): string {
    const key = keyOf(district);
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    this.byKey.set(key, district);
    return district;
  }
}

/** The spellings of the districts stored, most incidents first, for an import to follow. */
export async function storedDistrictSpellings(database: Database): Promise<DistrictSpellings> {
  const spellings = new DistrictSpellings();
  const rows = await decodedRows(
    database,
    z.object({ district: z.string() }),
    'select district from incidents where district is not null group by district order by count(*) desc, district',
  );
  for (const r of rows) spellings.of(r.district);
  return spellings;
}
