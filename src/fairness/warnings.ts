// Limits on the fairness report (settings), turned into warnings for /model and the briefing footer.
import { districtNamed } from '../geo/district-tag.ts';
import { type FairnessReport, NO_DISTRICT } from './fairness-tally.ts';

export interface FairnessLimits {
  /** Gini of flagged cell-hours above this warns: the same few places get all the attention. */
  maxGini: number;
  /** Day-to-day overlap of the flagged places above this warns: the list has stopped moving. */
  maxPersistence: number;
  /** A district's share of flagged hours over its share of reported incidents above this warns. */
  maxDistrictRatio: number;
}

/** Districts with less than this share of the incidents are too small for their ratio to mean much. */
const MIN_INCIDENT_SHARE = 0.02;

const pct = (x: number) => `${Math.round(x * 100)}%`;

export function fairnessWarnings(report: FairnessReport, limits: FairnessLimits): string[] {
  const out: string[] = [];
  if (report.windows === 0) return out;
  if (report.gini > limits.maxGini) {
    out.push(
      `flagged hours are concentrated on few places (Gini ${report.gini.toFixed(3)}, limit ${limits.maxGini})`,
    );
  }
  if (report.persistence > limits.maxPersistence) {
    out.push(
      `the same places are flagged day after day (${pct(report.persistence)} overlap, limit ${pct(limits.maxPersistence)}): patrols there find more, which keeps them on the list`,
    );
  }
  for (const d of report.districts) {
    if (d.district === NO_DISTRICT || d.incidentShare < MIN_INCIDENT_SHARE || d.ratio === null) continue;
    if (d.ratio > limits.maxDistrictRatio) {
      out.push(
        `${districtNamed(d.district)} has ${pct(d.flaggedShare)} of flagged hours but ${pct(d.incidentShare)} of reported incidents (${d.ratio.toFixed(1)}×, limit ${limits.maxDistrictRatio}×)`,
      );
    }
  }
  return out;
}

/** The report with its limits and the warnings they give, as the API and --json return it. */
export const withWarnings = <R extends FairnessReport>(report: R, limits: FairnessLimits) => ({
  ...report,
  limits,
  warnings: fairnessWarnings(report, limits),
});

/** The warnings for a model's stored report (none when it has no report). */
export function fairnessWarningsOf(metrics: Record<string, unknown>, limits: FairnessLimits): string[] {
  const report = storedFairness(metrics);
  return report ? fairnessWarnings(report, limits) : [];
}

/** The fairness report a model keeps from its held-out days, if it has one (older models do not). */
export function storedFairness(metrics: Record<string, unknown>): FairnessReport | undefined {
  const report = metrics.fairness as FairnessReport | undefined;
  return report && typeof report.gini === 'number' && Array.isArray(report.districts) ? report : undefined;
}
