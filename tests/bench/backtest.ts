// npm run bench:backtest [chicago|chicago-shifts|houston|houston-shifts]
// Chicago 2019 (days, and 8-hour shifts) and Houston June–August 2010 (days; all categories and each
// one): every method's hit rate, its paired bootstrap interval against the best baseline, calibration
// by decile and Poisson deviance, and time. "chosen" is the method training would keep: forest and
// ewma scored on the four weeks before the test period, the better kept, the simpler on a tie.
import { type BacktestResult, backtest } from '../../src/forecast/backtest.ts';
import type { IncidentTable } from '../../src/forecast/history.ts';
import { chooseModel } from '../../src/forecast/model-choice.ts';
import { BASELINES, SHIFT_BASELINES } from '../../src/forecast/models/algorithms.ts';
import type { WindowKind } from '../../src/forecast/windows.ts';
import { CATEGORIES, type Category } from '../../src/ingest/categories.ts';
import type { LocalDate } from '../../src/time/zone.ts';
import { addDays } from '../../src/time/zone.ts';
import { CHICAGO, HOUSTON, line, loadTable, SETTINGS } from './shared.ts';

const TOLERANCE = 0.01;

const date = (text: string): LocalDate => {
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  return { year, month, day };
};

function verdict(result: BacktestResult, chosen: string) {
  const hr5 = (name: string) => result.models[name]!.hr[5];
  const best = BASELINES.filter((b) => result.models[b]).sort((a, b) => hr5(b) - hr5(a))[0]!;
  const vs = (name: string) => {
    const i = result.intervals[name];
    return i ? { ratio: i.ratio, interval: [i.low, i.high], against: i.against } : null;
  };
  const top3 = (name: string) =>
    result.calibration[name]!.deciles.slice(-3).map((d) => ({ decile: d.decile, ratio: d.ratio }));
  return {
    hr5: Object.fromEntries(Object.keys(result.models).map((name) => [name, hr5(name)])),
    bestBaseline: best,
    chosen,
    chosenVsBest: chosen === best ? { ratio: 1, note: 'the chosen method is the best baseline' } : vs(chosen),
    forestVsBest: vs('forest'),
    ...(result.models['ewma-shift'] ? { ewmaShiftVsBest: vs('ewma-shift') } : {}),
    ...(result.againstShiftBlind
      ? {
          chosenVsShiftBlind: (({ ratio, low, high }) => ({ ratio, interval: [low, high] }))(
            result.againstShiftBlind[chosen]!,
          ),
          shifts: Object.fromEntries(
            [chosen, 'ewma-all-hours'].map((n) => [
              n,
              {
                hr5: result.shifts![n]!.byShift.map((s) => [s.shift, s.hr[5]]),
                top10ObservedOverExpected: result.shifts![n]!.byShift.map((s) => [
                  s.shift,
                  s.top10ObservedOverExpected,
                ]),
                firstLastTop10Overlap: result.shifts![n]!.firstLastTop10Overlap,
              },
            ]),
          ),
        }
      : {}),
    deviance: Object.fromEntries(Object.entries(result.calibration).map(([n, c]) => [n, c.deviance])),
    calibrationTop3: Object.fromEntries(Object.keys(result.calibration).map((n) => [n, top3(n)])),
  };
}

async function run(
  name: string,
  { table }: { table: IncidentTable },
  category: Category | 'all',
  from: string,
  to: string,
  trainDays: number,
  kind: WindowKind = 'day',
) {
  const started = performance.now();
  const options = {
    category,
    kind,
    refitDays: 7,
    trainDays,
    settings: SETTINGS,
  };
  // What training would keep, judged on the four weeks before the test period only.
  const validation = await backtest(table, {
    ...options,
    from: addDays(date(from), -28),
    to: addDays(date(from), -1),
    algorithms: ['ewma', 'forest'],
  });
  const { chosen } = chooseModel(validation.models, ['ewma', 'forest'], TOLERANCE, validation.shifts);
  const result = await backtest(table, {
    ...options,
    from: date(from),
    to: date(to),
    algorithms: ['forest', ...BASELINES, ...(kind === 'shift' ? SHIFT_BASELINES : [])],
  });
  const seconds = Number(((performance.now() - started) / 1000).toFixed(1));
  line({ dataset: name, category, kind, totalSeconds: seconds, ...result });
  line({ dataset: name, category, kind, incidents: result.incidents, seconds, ...verdict(result, chosen) });
  return result;
}

const only = process.argv[2];
if (!only || only === 'chicago') {
  await run('chicago 2019', await loadTable(CHICAGO(), 'chicago'), 'all', '2019-01-01', '2019-12-31', 1825);
}
if (!only || only === 'chicago-shifts') {
  // Shifts over a quarter: three times the windows of a day run.
  const chicago = await loadTable(CHICAGO(), 'chicago');
  await run('chicago 2019-07..09', chicago, 'all', '2019-07-01', '2019-09-30', 1825, 'shift');
}
if (!only || only === 'houston-shifts') {
  // Shifts: does the chosen method know the time of day (against the shift-blind ewma)?
  const houston = await loadTable(HOUSTON(), 'houston');
  await run('houston 2010-06..08', houston, 'all', '2010-06-01', '2010-08-31', 365, 'shift');
  await run('houston 2010-06..08', houston, 'theft', '2010-06-01', '2010-08-31', 365, 'shift');
}
if (!only || only === 'houston' || only === 'houston-all') {
  const houston = await loadTable(HOUSTON(), 'houston');
  await run('houston 2010-06..08', houston, 'all', '2010-06-01', '2010-08-31', 365);
}
if (!only || only === 'houston') {
  const houston = await loadTable(HOUSTON(), 'houston');
  const present = new Set([...houston.table.category].map((k) => CATEGORIES[k]!));
  for (const category of CATEGORIES.filter((c) => present.has(c))) {
    await run('houston 2010-06..08', houston, category, '2010-06-01', '2010-08-31', 365);
  }
}
