// Options several commands share, declared once so that they read and validate the same everywhere.

import { windowForModel } from '../src/forecast/model-window.ts';
import { type AskedAt, parseAskedAt, SHIFT_ALIASES, WHEN, type When } from '../src/forecast/windows.ts';
import { CATEGORIES } from '../src/ingest/categories.ts';
import type { CommandServices } from './services.ts';

export const whenOption = {
  name: 'when',
  description: 'which shift or day (default: the shift under way until its middle, then the next)',
  type: 'string',
  choices: WHEN,
  aliases: SHIFT_ALIASES,
} as const;

export const categoryOption = {
  name: 'category',
  description: 'one kind of crime (default: all)',
  type: 'string',
  choices: ['all', ...CATEGORIES],
  autocomplete: true,
} as const;

export const districtOption = {
  name: 'district',
  description: 'only places in this district',
  type: 'string',
  autocomplete: true,
  maxLength: 60,
} as const;

export const atOption = {
  name: 'at',
  description:
    'a day as if it were then (YYYY-MM-DD), or the shift running at YYYY-MM-DDTHH:MM (or 22:00 today)',
  type: 'string',
  maxLength: 16,
  // A date (with a time after it, or apart from it), or a time alone.
  shape: /^(\d{4}-\d\d-\d\d([T ]([01]?\d|2[0-3]):[0-5]\d)?|([01]?\d|2[0-3]):[0-5]\d$)/,
} as const;

/** The typed `at` option read as a moment; a malformed one is the user's error, with the reason. */
/**
 * A place named by a unit (Z1), a number from the list (#190; bare, up to 99) or a cell id: one word,
 * so a district typed after it is read as the district. A longer bare number may begin a block's name.
 */
export const WHOLE_PLACE = /^(?:z\d{1,2}|#\d{1,6}|[1-9]\d?|[0-9a-f]{15})$/i;

/** What a typed word read as the district could also have been, for a refusal to name. */
export const districtCouldBe = (
  leftover: ReadonlySet<string>,
  also?: string,
): { districtCouldBe?: string } =>
  leftover.has('district') ? { districtCouldBe: `${also ? `${also}, ` : ''}a shift, a category` } : {};

export const askedAt = (text: string | undefined): AskedAt | undefined =>
  text === undefined ? undefined : parseAskedAt(text);

/** The window a list is asked for: `when` and `at` as typed, else the next shift by the clock. */
export const askedWindow = (
  services: Pick<CommandServices, 'database' | 'now' | 'forecasting'>,
  options: { when?: When | undefined; at?: string | undefined },
) =>
  windowForModel(
    services.database,
    { when: options.when, at: askedAt(options.at) },
    services.now(),
    services.forecasting,
  );
