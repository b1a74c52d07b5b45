// The monthly report in words: one message that the terminal prints and chat posts, with the chart.
import type { Message, Section } from '../bot/message.ts';
import { fairnessSummary } from '../fairness/fairness-text.ts';
import type { FairnessLimits } from '../fairness/warnings.ts';
import { categoryLabel } from '../ingest/categories.ts';
import { formatLocalMinute } from '../time/zone.ts';
import { accuracyChart } from './accuracy-chart.ts';
import { driftLine } from './drift.ts';
import type { LiveFigures } from './live-accuracy.ts';
import type { FiguresRow, MonthlyReport } from './monthly-report.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const times = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : '–');

/** "31.2% (95% 29.8–32.6%) at 5% of places; ×1.04 (0.99–1.09) the count of the last year; …" */
export function figuresLine(f: LiveFigures): string {
  const served = f.metrics.served!;
  const against = Object.entries(f.against)
    .map(
      ([name, r]) =>
        `${times(r.ratio)} (${Number.isFinite(r.low) ? `95% ${r.low.toFixed(2)}–${r.high.toFixed(2)}` : `${f.days} ${f.days === 1 ? 'day' : 'days'}: too few for an interval`}) ${name === 'naive' ? 'a count of the last year' : 'the weighted count (ewma)'}`,
    )
    .join('; ');
  const top = f.topTen.served;
  return [
    `caught ${pct(f.served.ratio)} (95% ${pct(f.served.low)}–${pct(f.served.high)}) of ${f.incidents.toLocaleString('en-US')} incidents at 5% of places, ${pct(served.hr[1])} at 1%, ${pct(served.hr[10])} at 10%; PAI ${served.pai[5].toFixed(1)} at 5%`,
    ...(against ? [`against the simple methods on the same windows: ${against}`] : []),
    ...(top !== null && top !== undefined
      ? [`top ten places: ${top.toFixed(2)} observed ÷ expected (1 is an honest list)`]
      : []),
  ].join('; ');
}

const rowTitle = (r: FiguresRow) =>
  `${r.category === 'all' ? 'All categories' : categoryLabel(r.category)}, ${r.shift ? `shift ${r.shift}` : `${r.kind} windows`} (${r.figures.windows} windows over ${r.figures.days} days)`;

/** Windows not scored because the data stopped: said, so that a quiet month is not read as a good one. */
function waitingLine(waiting: NonNullable<MonthlyReport['waiting']>, timeZone: string): string {
  const newest = waiting.newestIncident
    ? `the newest incident stored is of ${formatLocalMinute(waiting.newestIncident, timeZone)}`
    : 'no incident is stored';
  return `${waiting.windows} more ${waiting.windows === 1 ? 'window was' : 'windows were'} served but wait for their incidents: ${newest}, and a window is scored once a later one is (is a feed failing, or an import missing?).`;
}

export async function monthlyMessage(report: MonthlyReport, limits: FairnessLimits): Promise<Message> {
  const sections: Section[] = [];
  if (report.byCategory.length === 0)
    sections.push({
      lines: [
        'No served forecast of this month has been scored: none was served, or its incidents have not arrived.',
        ...(report.newestScoredMonth
          ? [`The newest scored forecasts are of ${report.newestScoredMonth}: ask for that month.`]
          : []),
      ],
    });
  for (const r of report.byCategory) {
    const categories = Object.entries(r.figures.byCategory);
    sections.push({
      title: rowTitle(r),
      lines: [
        figuresLine(r.figures),
        ...(categories.length > 1
          ? [
              `by category, in this list's top 5%: ${categories
                .map(
                  ([c, f]) =>
                    `${categoryLabel(c)} ${pct(f.ratio)} (95% ${pct(f.low)}–${pct(f.high)}) of ${f.incidents.toLocaleString('en-US')}`,
                )
                .join('; ')}`,
            ]
          : []),
      ],
    });
  }
  if (report.byShift.length > 0)
    sections.push({
      title: 'By shift',
      lines: report.byShift.map(
        (r) =>
          `${r.category === 'all' ? '' : `${categoryLabel(r.category)}, `}${r.shift}: ${pct(r.figures.served.ratio)} (95% ${pct(r.figures.served.low)}–${pct(r.figures.served.high)}) at 5%${r.figures.topTen.served !== null && r.figures.topTen.served !== undefined ? `, top ten ${r.figures.topTen.served.toFixed(2)} observed ÷ expected` : ''}`,
      ),
    });
  sections.push({
    title: 'Drift',
    lines:
      report.drift.length > 0
        ? report.drift.map((d) => driftLine(d))
        : ['Too few scored days in the last four weeks of the month to judge.'],
  });
  sections.push({
    title: 'Coverage',
    lines: [
      `Forecasts scored on ${report.coverage.daysServed} of the month's ${report.coverage.days} days (${report.coverage.windowsScored} windows).`,
      ...(report.waiting ? [waitingLine(report.waiting, report.timeZone)] : []),
    ],
  });
  if (report.visits) {
    const v = report.visits;
    sections.push({
      title: 'Where visits went',
      lines: [
        `Visited places (${v.visited.places} place-windows over ${v.windows} windows): ${v.visited.perPlaceDay.toFixed(2)} incidents each in the next 24 h, ${v.visited.perPlaceWeek.toFixed(2)} in the next 7 days.`,
        `Places of the same lists, rank band and district not visited (${v.comparison.places}): ${v.comparison.perPlaceDay.toFixed(2)} and ${v.comparison.perPlaceWeek.toFixed(2)}.`,
        `This is ${v.note}.`,
      ],
    });
  } else sections.push({ title: 'Where visits went', lines: ['No visits were recorded this month.'] });
  sections.push({
    title: 'Fairness',
    lines:
      'unavailable' in report.fairness
        ? [`Not available: ${report.fairness.unavailable}.`]
        : fairnessSummary(report.fairness, limits),
  });
  const title = `Forecast accuracy, ${report.month}`;
  return {
    title,
    summary:
      'Each forecast as it was served, scored once its incidents had arrived, beside simple counts scored with the data known at the time.',
    sections,
    ...(report.series.length > 0
      ? {
          image: {
            png: await accuracyChart(title, report.series),
            filename: `accuracy-${report.month}.png`,
            alt: `Hit rate at 5% of places through ${report.month}, the served forecast beside a weighted count and a count of the last year`,
          },
        }
      : {}),
    footer: [
      `Times in ${report.timeZone}. Scored now: ${report.scoredNow.scored} new, ${report.scoredNow.rescored} again.`,
    ],
  };
}

/** The report as JSON (instants as ISO text, nothing undefined): the figures without the chart. */
export const monthlyJson = (report: MonthlyReport): Record<string, unknown> =>
  JSON.parse(JSON.stringify({ ...report, visits: report.visits ?? null }));
