// The fairness report in words and a table, for the terminal and for chat.
import type { FairnessReport } from './fairness-tally.ts';
import { type FairnessLimits, fairnessWarnings } from './warnings.ts';

const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);

/** The Gini a list that never changed would give: the flagged share of places gets every hour. */
const fixedListGini = (r: FairnessReport) => (r.cells > 0 ? 1 - r.flaggedPerWindow / r.cells : 0);

/** The places passed over as lists pass them over, if any. */
function passedOver(report: FairnessReport): string {
  const n = report.leftOut ?? 0;
  if (n === 0) return '';
  return `, passing over ${n === 1 ? 'one place' : `${n} places`} lists leave out (report desks and geocoders' dumps)`;
}

/** Three lines: concentration, persistence and hit rate, with the limits beside. */
export function fairnessSummary(report: FairnessReport, limits: FairnessLimits): string[] {
  return [
    `concentration: Gini ${report.gini.toFixed(3)} of flagged hours (limit ${limits.maxGini}; a list that never changed: ${fixedListGini(report).toFixed(3)}); ${report.distinctFlagged.toLocaleString('en-US')} places flagged at some time, ${Math.round(report.flaggedPerWindow)} at once`,
    `persistence: ${pct(report.persistence)} of flagged places were flagged the day before (limit ${pct(limits.maxPersistence)})`,
    report.incidents > 0
      ? `hit rate: ${pct(report.hitRate)} of ${report.incidents.toLocaleString('en-US')} reported incidents fell in flagged places`
      : 'hit rate: none, for no incident of the period is stored (the data stops before it)',
  ];
}

export function fairnessText(report: FairnessReport, limits: FairnessLimits, heading: string): string {
  const rows = report.districts.map((d) => [
    d.district.slice(0, 24),
    pct(d.flaggedShare),
    pct(d.incidentShare),
    d.ratio === null ? '–' : `${d.ratio.toFixed(2)}×`,
    pct(d.hitRate),
  ]);
  const header = ['district', 'flagged hours', 'incidents', 'ratio', 'hit rate'];
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  ');
  const warnings = fairnessWarnings(report, limits);
  return [
    heading,
    `Flagged: the top ${report.coverage}% of places in each of ${report.windows} windows${passedOver(report)}.`,
    ...(report.incidents === 0
      ? [
          'No incident of this period is stored: only how concentrated and persistent the lists are can be judged, not whom they served; ask for a period the data covers.',
        ]
      : []),
    '',
    ...fairnessSummary(report, limits),
    '',
    line(header),
    ...rows.map(line),
    '',
    warnings.length === 0 ? 'No warnings.' : `Warnings:\n${warnings.map((w) => `  - ${w}`).join('\n')}`,
    '',
    "Ratio: a district's share of flagged hours over its share of reported incidents (1 = in proportion).",
  ].join('\n');
}
