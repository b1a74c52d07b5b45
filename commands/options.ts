// Options several commands share, declared once so that they read and validate the same everywhere.
import { WHEN } from '../src/forecast/windows.ts';
import { CATEGORIES } from '../src/ingest/categories.ts';

export const whenOption = {
  name: 'when',
  description: 'which shift or day (default: next)',
  type: 'string',
  choices: WHEN,
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
