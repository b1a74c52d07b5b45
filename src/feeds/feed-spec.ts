// A feed as an administrator describes it (command line or API), checked whole before anything is
// stored: exactly one source, a URL or force id of the right shape, a valid schedule, sane numbers.
import { validate as validCron } from 'node-cron';
import { UserError } from '../errors.ts';
import { findProfile, profileNames } from '../ingest/profiles.ts';
import { isTimeZone } from '../time/zone.ts';
import { arcgisLayerUrl } from './arcgis.ts';
import { ckanResourceUrl } from './ckan.ts';
import type { FeedKind, FeedOptions } from './feed-store.ts';
import { policeUkForce } from './police-uk.ts';
import { socrataUrl } from './socrata.ts';

export interface FeedSpec {
  socrata?: string | undefined;
  arcgis?: string | undefined;
  ckan?: string | undefined;
  policeUk?: string | undefined;
  /** A drop folder, already resolved and checked by the caller (only the command line may name one). */
  folder?: string | undefined;
  profile?: string | undefined;
  maps?: string[] | undefined;
  crs?: string | undefined;
  timeZone?: string | undefined;
  source?: string | undefined;
  rejectPoints?: string[] | undefined;
  appTokenFile?: string | undefined;
  categoriesFile?: string | undefined;
  idField?: string | undefined;
  dateField?: string | undefined;
  api?: string | undefined;
  months?: number | undefined;
  schedule?: string | undefined;
  quietHours?: number | undefined;
}

const FIELD = /^[a-z_][a-z0-9_]{0,62}$/i;

function whole(n: number | undefined, what: string, max: number): number | undefined {
  if (n === undefined) return undefined;
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new UserError(`${what} must be a whole number from 1 to ${max}`);
  return n;
}

/** Where the feed reads from, and how, as stored. */
export function feedOf(spec: FeedSpec): { kind: FeedKind; url: string; options: FeedOptions } {
  const given = [spec.socrata, spec.arcgis, spec.ckan, spec.policeUk, spec.folder].filter(Boolean).length;
  if (given !== 1)
    throw new UserError(
      'say where the feed reads from, once: --socrata <resource URL>, --arcgis <layer URL>, --ckan <resource URL>, --police-uk <force> or --folder <dir>',
    );
  const kind: FeedKind = spec.socrata
    ? 'socrata'
    : spec.arcgis
      ? 'arcgis'
      : spec.ckan
        ? 'ckan'
        : spec.policeUk
          ? 'police-uk'
          : 'folder';
  const url = spec.socrata
    ? socrataUrl(spec.socrata).toString()
    : spec.arcgis
      ? arcgisLayerUrl(spec.arcgis)
      : spec.ckan
        ? ckanResourceUrl(spec.ckan)
        : spec.policeUk
          ? policeUkForce(spec.policeUk)
          : spec.folder!;
  if (spec.schedule !== undefined && !validCron(spec.schedule))
    throw new UserError('the schedule must be a cron expression, such as "0 * * * *" (hourly)');
  if ((spec.api !== undefined || spec.months !== undefined) && kind !== 'police-uk')
    throw new UserError('--api and --months are for a police.uk feed');
  let apiBase: string | undefined;
  if (spec.api !== undefined) {
    try {
      const u = new URL(spec.api);
      if (!/^https?:$/.test(u.protocol)) throw new Error('not http');
      apiBase = u.toString().replace(/\/+$/, '');
    } catch {
      throw new UserError(`"${spec.api.slice(0, 80)}" is not an http(s) URL`);
    }
  }
  const profile = spec.profile ?? (kind === 'police-uk' ? 'uk-police' : undefined);
  if (profile && !findProfile(profile))
    throw new UserError(`unknown profile '${profile.slice(0, 40)}'; known: ${profileNames().join(', ')}`);
  if (spec.timeZone && !isTimeZone(spec.timeZone))
    throw new UserError(`"${spec.timeZone.slice(0, 40)}" is not a time zone`);
  for (const [what, f] of [
    ['--id-field', spec.idField],
    ['--date-field', spec.dateField],
  ] as const)
    if (f !== undefined && !FIELD.test(f))
      throw new UserError(`${what} "${f.slice(0, 40)}" is not a field name`);
  const months = whole(spec.months, '--months', 36);
  // police.uk publishes a month at a time, some weeks after it ends: quiet for weeks is its rhythm.
  const quietHours =
    whole(spec.quietHours, '--quiet-hours', 24 * 90) ?? (kind === 'police-uk' ? 24 * 45 : undefined);
  return {
    kind,
    url,
    options: {
      ...(profile ? { profile } : {}),
      ...(spec.maps?.length ? { maps: spec.maps } : {}),
      ...(spec.crs ? { crs: spec.crs } : {}),
      ...(spec.timeZone ? { timeZone: spec.timeZone } : {}),
      ...(spec.source ? { source: spec.source } : {}),
      ...(spec.rejectPoints?.length ? { rejectPoints: spec.rejectPoints } : {}),
      ...(spec.appTokenFile ? { appTokenFile: spec.appTokenFile } : {}),
      ...(spec.categoriesFile ? { categoriesFile: spec.categoriesFile } : {}),
      ...(spec.idField ? { idField: spec.idField } : {}),
      ...(spec.dateField ? { dateField: spec.dateField } : {}),
      ...(apiBase ? { apiBase } : {}),
      ...(months ? { months } : {}),
      ...(spec.schedule ? { schedule: spec.schedule } : {}),
      ...(quietHours ? { quietHours } : {}),
    },
  };
}
