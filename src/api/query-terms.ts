// The importer names the command line's flags in its warnings and errors ("--map "heure=time" reads
// them"); over the API the same choices are query parameters, so its answers name those instead. What
// only the command line can do (--categories) is left as the command line says it.
import { UserError } from '../errors.ts';

/** Each import flag and its query parameter. */
const PARAMETERS: Record<string, string> = {
  map: 'map',
  offence: 'offence',
  crs: 'crs',
  tz: 'tz',
  encoding: 'encoding',
  sheet: 'sheet',
  source: 'source',
  profile: 'profile',
  'reject-point': 'reject_point',
  'date-order': 'date_order',
};
// A value is quoted, or has a digit or a colon (EPSG:2913, 29.76,-95.38): "--offence names …" has none.
const FLAG = new RegExp(
  `--(${Object.keys(PARAMETERS).join('|')})\\b( "([^"]*)"| ([^\\s"();]*[\\d:][^\\s"();]*))?`,
  'g',
);

// "(no --tz, and …)": "no the tz parameter" would not read.
const NO_FLAG = new RegExp(`\\bno --(${Object.keys(PARAMETERS).join('|')})\\b`, 'g');

/** As it goes into a URL, with the = , and : that read well left as they are. */
const inUrl = (value: string) =>
  encodeURIComponent(value).replace(/%3D/g, '=').replace(/%3A/g, ':').replace(/%2C/g, ',');

/** `--map "Date occ=occurred_at"` → `map=Date%20occ=occurred_at`; `--crs EPSG:2913` → `crs=EPSG:2913`; `--offence is` → `the offence parameter is`. */
export function inQueryTerms(text: string): string {
  return text
    .replace(NO_FLAG, (_all, flag: string) => `no ${PARAMETERS[flag]} parameter`)
    .replace(FLAG, (_all, flag: string, valued?: string, quoted?: string, bare?: string) => {
      const name = PARAMETERS[flag]!;
      const value = quoted ?? bare;
      return valued ? `${name}=${inUrl(value!)}` : `the ${name} parameter`;
    })
    .replace(/--dry-run\b/g, 'dry_run=true')
    .replace(/patrolcast batches delete ([0-9a-f-]{36})/g, 'DELETE /v1/ingest/batches/$1')
    .replace(
      /patrolcast batches delete and the batch id above/g,
      'DELETE /v1/ingest/batches/ and the batchId above',
    )
    .replace(/--categories FILE\.csv/g, 'patrolcast import --categories FILE.csv (on the command line)');
}

/** The same UserError (its status and kind), worded in query parameters. */
export function withQueryTerms(error: unknown): unknown {
  if (!(error instanceof UserError)) return error;
  const message = inQueryTerms(error.message);
  if (message === error.message) return error;
  error.message = message;
  return error;
}
