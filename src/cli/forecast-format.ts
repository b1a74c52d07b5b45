// Tables of metrics for a terminal.
import type { BacktestResult } from '../forecast/backtest.ts';
import { COVERAGES, type Metrics } from '../forecast/metrics.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(6);
const num = (x: number) => x.toFixed(2).padStart(6);

/** One line per method: hit rate, PAI, PEI* and precision/recall at each coverage. */
export function metricsTable(models: Record<string, Metrics>): string {
  const names = Object.keys(models);
  const width = Math.max(11, ...names.map((n) => n.length + 2));
  const head = COVERAGES.map((c) => `${c}%`.padStart(6)).join(' ');
  let out = '';
  const section = (title: string, pick: (m: Metrics, c: (typeof COVERAGES)[number]) => string) => {
    out += `${title.padEnd(width)}  ${head}\n`;
    for (const name of names)
      out += `  ${name.padEnd(width - 2)}  ${COVERAGES.map((c) => pick(models[name]!, c)).join(' ')}\n`;
  };
  section('hit rate', (m, c) => pct(m.hr[c]));
  section('PAI', (m, c) => num(m.pai[c]));
  section('PEI*', (m, c) => num(m.pei[c]));
  section('precision', (m, c) => pct(m.precision[c]));
  section('recall', (m, c) => pct(m.recall[c]));
  return out;
}

/**
 * Each method's edge over the best baseline with its 95% paired interval over days, and whether its
 * expected counts mean what they say: observed ÷ expected in the three highest deciles of prediction.
 */
export function edgeTable(result: Pick<BacktestResult, 'intervals' | 'calibration'>): string {
  const names = Object.keys(result.calibration);
  const width = Math.max(11, ...names.map((n) => n.length + 2));
  let out = `${'at 5%'.padEnd(width)}  ratio to the best baseline (95% interval over days)
`;
  for (const name of names) {
    const i = result.intervals[name];
    if (i)
      out += `  ${name.padEnd(width - 2)}  ${i.ratio.toFixed(3)} × ${i.against} (${i.low.toFixed(3)}–${i.high.toFixed(3)})
`;
  }
  out += `${'calibration'.padEnd(width)}  observed ÷ expected, top three deciles of expected; Poisson deviance
`;
  for (const name of names) {
    const c = result.calibration[name]!;
    const top = c.deciles
      .slice(-3)
      .map((d) => `d${d.decile} ${d.ratio === null ? '-' : d.ratio.toFixed(2)}`)
      .join('  ');
    out += `  ${name.padEnd(width - 2)}  ${top}   deviance ${c.deviance.toFixed(4)}
`;
  }
  return out;
}

/** For a backtest of shifts: each method's hit rate at 5% and top-ten observed ÷ expected by shift. */
export function shiftTable(result: Pick<BacktestResult, 'shifts' | 'againstShiftBlind'>): string {
  if (!result.shifts) return '';
  const names = Object.keys(result.shifts);
  const width = Math.max(11, ...names.map((n) => n.length + 2));
  const shifts = result.shifts[names[0]!]!.byShift.map((s) => s.shift);
  let out = `${'by shift'.padEnd(width)}  hit rate at 5% · top ten observed ÷ expected, per shift; first/last shift top-ten overlap\n`;
  out += `  ${''.padEnd(width - 2)}  ${shifts.map((s) => s.padEnd(20)).join('')}overlap\n`;
  for (const name of names) {
    const s = result.shifts[name]!;
    const cells = s.byShift.map((b) =>
      `${(b.hr[5] * 100).toFixed(1)}% · ${b.top10ObservedOverExpected.toFixed(2)}`.padEnd(20),
    );
    const blind = result.againstShiftBlind?.[name];
    out += `  ${name.padEnd(width - 2)}  ${cells.join('')}${(s.firstLastTop10Overlap * 100).toFixed(0)}%${blind ? `   ${blind.ratio.toFixed(3)} × ewma-all-hours (${blind.low.toFixed(3)}–${blind.high.toFixed(3)})` : ''}\n`;
  }
  return out;
}
