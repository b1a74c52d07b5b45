// The FBI's NIBRS offence codes, which US agencies' exports carry beside (or instead of) the offence's
// name: "23F" is a theft from a motor vehicle, "13A" an aggravated assault, "240" a vehicle theft.
import type { Category } from './categories.ts';

const CODES: Record<string, Category> = {
  '09A': 'homicide',
  '09B': 'homicide',
  '09C': 'homicide',
  '100': 'other',
  '11A': 'sex_offense',
  '11B': 'sex_offense',
  '11C': 'sex_offense',
  '11D': 'sex_offense',
  '120': 'robbery',
  '13A': 'assault',
  '13B': 'assault',
  '13C': 'assault',
  '200': 'arson',
  '210': 'other',
  '220': 'burglary',
  '23A': 'theft',
  '23B': 'theft',
  '23C': 'theft',
  '23D': 'theft',
  '23E': 'theft',
  '23F': 'theft',
  '23G': 'theft',
  '23H': 'theft',
  '240': 'vehicle_theft',
  '250': 'fraud',
  '26A': 'fraud',
  '26B': 'fraud',
  '26C': 'fraud',
  '26D': 'fraud',
  '26E': 'fraud',
  '26F': 'fraud',
  '26G': 'fraud',
  '26H': 'fraud',
  '270': 'fraud',
  '280': 'other',
  '290': 'vandalism',
  '35A': 'drugs',
  '35B': 'drugs',
  '36A': 'sex_offense',
  '36B': 'sex_offense',
  '370': 'other',
  '39A': 'disorder',
  '39B': 'disorder',
  '39C': 'disorder',
  '39D': 'disorder',
  '40A': 'disorder',
  '40B': 'disorder',
  '40C': 'disorder',
  '510': 'other',
  '520': 'weapons',
  '64A': 'other',
  '64B': 'other',
  '720': 'other',
  '90A': 'fraud',
  '90B': 'disorder',
  '90C': 'disorder',
  '90D': 'traffic',
  '90E': 'disorder',
  '90F': 'other',
  '90G': 'disorder',
  '90H': 'other',
  '90I': 'other',
  '90J': 'disorder',
  '90Z': 'other',
};

/** A column whose name says it holds NIBRS codes ("NIBRS Code", "nibrs_offense_code"). */
export const isNibrsColumn = (name: string): boolean => /(^|_)nibrs(_|$)/.test(name);

/**
 * The category of a NIBRS code. A code with its letter ("23F") is one wherever it is written; one of
 * three digits ("220") only in a column named for NIBRS, since agencies number their own offences so.
 */
export function nibrsCategory(value: string | undefined, nibrsColumn: boolean): Category | undefined {
  const code = value?.trim().toUpperCase();
  if (code?.length !== 3) return undefined;
  if (/^\d{2}[A-Z]$/.test(code) || (nibrsColumn && /^\d{3}$/.test(code))) return CODES[code];
  return undefined;
}
