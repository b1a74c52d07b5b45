// The fairness report for the active model over past days: each window is scored with only the data
// before it, as a forecast would have been, and compared with what was reported. The database work is
// here; the scoring runs in a worker.

import type { Database } from '../db/client.ts';
import { ConflictError, UserError } from '../errors.ts';
import { readCovariates } from '../forecast/covariates.ts';
import { DEFAULT_CATEGORY } from '../forecast/defaults.ts';
import { newestIncidentAt } from '../forecast/freshness.ts';
import { DAY, loadIncidents } from '../forecast/history.ts';
import { placeChoices } from '../forecast/left-out.ts';
import { activeModel, modelById } from '../forecast/registry.ts';
import { type ForecastSettings, historyFilter } from '../forecast/settings.ts';
import { noActiveModel } from '../forecast/why-no-model.ts';
import { type WindowKind, windowsBetween } from '../forecast/windows.ts';
import { districtsOf } from '../geo/districts.ts';
import { coverageReport } from '../plan/coverage-report.ts';
import type { LocalDate } from '../time/zone.ts';
import { addDays, formatDate, fromLocal, toLocal } from '../time/zone.ts';
import { runTask } from '../workers/start.ts';
import type { FairnessInput } from './fairness-compute.ts';
import type { FairnessReport } from './fairness-tally.ts';

/** Longest period one report covers: each window is scored, so the cost grows with the days. */
export const MAX_REPORT_DAYS = 92;

export interface FairnessPeriod {
  from?: LocalDate;
  to?: LocalDate;
}

export interface PeriodReport extends FairnessReport {
  model: { version: number; algorithm: string; demo: boolean };
  /** Where officers recorded visits in the period, by district: the patrol the list led to. */
  patrolExposure: { district: string | null; visits: number; minutes: number; share: number }[];
  from: string;
  to: string;
  /** Why the days are not the ones asked for by default. */
  note?: string;
  windowKind: WindowKind;
}

export const periodHeading = (r: PeriodReport) =>
  `Fairness report: model ${r.model.version} (${r.model.algorithm}), ${r.from} to ${r.to}, ${r.windowKind} windows${r.model.demo ? ' · DEMO DATA' : ''}${r.note ? `\n${r.note}` : ''}`;

/** Days from..to (default: the 28 days before today), checked. */
export function reportDays(
  period: FairnessPeriod,
  now: Date,
  timeZone: string,
): { from: LocalDate; to: LocalDate } {
  const yesterday = addDays(toLocal(now, timeZone), -1);
  const to = period.to ?? yesterday;
  const from = period.from ?? addDays(to, -27);
  if (formatDate(from) > formatDate(to)) throw new UserError('from must not be after to');
  if (formatDate(to) > formatDate(yesterday))
    throw new UserError(`to must be a day that has ended (${formatDate(yesterday)} or earlier)`);
  const days =
    Math.round(
      (Date.UTC(to.year, to.month - 1, to.day) - Date.UTC(from.year, from.month - 1, from.day)) / DAY,
    ) + 1;
  if (days > MAX_REPORT_DAYS)
    throw new UserError(`a report covers at most ${MAX_REPORT_DAYS} days (asked for ${days})`);
  return { from, to };
}

/**
 * The days reportDays gives; but where none was named and the stored incidents stop before them (an
 * export of past years), the data's own last 28 days, and a note that says so: a report of days with
 * no incident judges nothing.
 */
export async function reportPeriod(
  database: Database,
  period: FairnessPeriod,
  now: Date,
  timeZone: string,
): Promise<{ from: LocalDate; to: LocalDate; note?: string }> {
  const days = reportDays(period, now, timeZone);
  if (period.from || period.to) return days;
  const at = await newestIncidentAt(database);
  if (!at) return days;
  const newest = toLocal(at, timeZone);
  const to = { year: newest.year, month: newest.month, day: newest.day };
  if (formatDate(to) >= formatDate(days.from)) return days;
  return {
    from: addDays(to, -27),
    to,
    note: `The stored incidents stop at ${formatDate(to)}: these are their last 28 days (name the days to see others).`,
  };
}

/** The report over days already checked by reportDays. */
export async function fairnessForPeriod(
  database: Database,
  settings: ForecastSettings,
  { from, to, note }: { from: LocalDate; to: LocalDate; note?: string },
): Promise<PeriodReport> {
  const active = await activeModel(database);
  if (!active) throw new ConflictError(await noActiveModel(database));
  const record = await modelById(database, active.id);
  if (!record?.artifact) throw new ConflictError(`model ${active.version} has no stored model to score with`);
  const kind = record.params.windowKind ?? 'shift';
  const category = record.params.category ?? DEFAULT_CATEGORY;
  const windows = windowsBetween(kind, from, to, settings);
  const start = windows[0]!.start.getTime();
  const until = fromLocal({ ...addDays(to, 2), hour: 0, minute: 0 }, settings.timeZone);
  const table = await loadIncidents(database, historyFilter(settings, until), settings.h3Resolution);
  if (table.time.length === 0 || table.time[0]! >= start)
    throw new ConflictError('there are no incidents before this period to forecast from');
  const input: FairnessInput = {
    table,
    settings,
    model: { algorithm: record.algorithm, artifact: record.artifact, kind, category },
    windows,
    ...(settings.covariatesFile
      ? { covariates: await readCovariates(settings.covariatesFile, settings.h3Resolution) }
      : {}),
    districts: await districtsOf(database, table.cells),
    dumps: [...(await placeChoices(database)).dumps],
  };
  const report = await runTask<FairnessReport>(
    new URL('../workers/fairness-worker.ts', import.meta.url),
    input,
  );
  const visits = await coverageReport(database, from, to, settings.timeZone);
  return {
    model: { version: record.version, algorithm: record.algorithm, demo: record.demo || table.demo },
    patrolExposure: visits.byDistrict.map((d) => ({
      district: d.district,
      visits: d.visits,
      minutes: d.minutes,
      share: visits.minutes > 0 ? d.minutes / visits.minutes : 0,
    })),
    from: formatDate(from),
    to: formatDate(to),
    ...(note ? { note } : {}),
    windowKind: kind,
    ...report,
  };
}
