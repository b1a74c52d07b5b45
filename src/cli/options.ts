// Parsers and help for options several commands share. Light on purpose: the command list loads them.
import { InvalidArgumentError } from 'commander';
import { type AskedAt, parseAskedAt, WHEN, WINDOW_KINDS, type WindowKind } from '../forecast/windows.ts';
import { CATEGORIES, type Category } from '../ingest/categories.ts';

/** One category, or all of them. */
export type CategoryChoice = Category | 'all';

export const categoryOption = (value: string): CategoryChoice => {
  const found = value === 'all' ? 'all' : CATEGORIES.find((c) => c === value);
  if (!found) throw new InvalidArgumentError(`expected all or one of ${CATEGORIES.join(', ')}.`);
  return found;
};

export const windowOption = (value: string): WindowKind => {
  const kind = WINDOW_KINDS.find((k) => k === value);
  if (!kind) throw new InvalidArgumentError(`expected ${WINDOW_KINDS.join(', ')}.`);
  return kind;
};

export const whenOption = (value: string) => {
  if (!(WHEN as readonly string[]).includes(value))
    throw new InvalidArgumentError(`expected one of ${WHEN.join(', ')}.`);
  return value;
};

export const atOption = (value: string): AskedAt => {
  try {
    return parseAskedAt(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
};

export const WHEN_HELP = `${WHEN.join(', ')} (default: the shift under way until its middle, then the next; with --at: that day, or the shift at its time)`;
export const AT_HELP =
  'forecast a past or future date as if it were then: YYYY-MM-DD, or YYYY-MM-DDTHH:MM in local time';
