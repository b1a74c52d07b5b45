// npm run bench:backtest
// Chicago 2019 (daily, weekly refit) and Houston June–August 2010 (daily, all categories and each
// category): the backtest --json object for each, with how long it took and how the forest compares
// with the best baseline.
import { type BacktestResult, backtest } from '../../src/forecast/backtest.ts';
import type { IncidentTable } from '../../src/forecast/history.ts';
import { BASELINES } from '../../src/forecast/models/algorithms.ts';
import { CATEGORIES, type Category } from '../../src/ingest/categories.ts';
import { CHICAGO, HOUSTON, line, loadTable, SETTINGS } from './shared.ts';

function verdict(result: BacktestResult) {
  const forest = result.models.forest!.hr[5];
  const [bestName, best] = BASELINES.map((b) => [b, result.models[b]!.hr[5]] as const).sort(
    (a, b) => b[1] - a[1],
  )[0]!;
  return {
    forestHr5: forest,
    bestBaseline: bestName,
    bestBaselineHr5: best,
    ratio: best > 0 ? Number((forest / best).toFixed(3)) : null,
  };
}

async function run(
  name: string,
  { table, districts }: { table: IncidentTable; districts: Map<string, string> },
  category: Category | 'all',
  from: string,
  to: string,
  trainDays: number,
) {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  const started = performance.now();
  const result = await backtest(table, {
    category,
    kind: 'day',
    from: { year: fy, month: fm, day: fd },
    to: { year: ty, month: tm, day: td },
    refitDays: 7,
    trainDays,
    algorithms: ['forest', ...BASELINES],
    settings: SETTINGS,
    fairness: { of: ['forest', 'naive'], districtOf: (cell) => districts.get(cell) },
  });
  const seconds = Number(((performance.now() - started) / 1000).toFixed(1));
  const { fairness, ...scores } = result;
  line({ dataset: name, category, seconds, ...scores });
  if (fairness) line({ dataset: name, category, fairness });
  line({ dataset: name, category, seconds, ...verdict(result) });
  return result;
}

const only = process.argv[2];
if (!only || only === 'chicago') {
  await run('chicago 2019', await loadTable(CHICAGO(), 'chicago'), 'all', '2019-01-01', '2019-12-31', 1825);
}
if (!only || only === 'houston') {
  const houston = await loadTable(HOUSTON(), 'houston');
  await run('houston 2010-06..08', houston, 'all', '2010-06-01', '2010-08-31', 365);
  const present = new Set([...houston.table.category].map((k) => CATEGORIES[k]!));
  for (const category of CATEGORIES.filter((c) => present.has(c))) {
    await run('houston 2010-06..08', houston, category, '2010-06-01', '2010-08-31', 365);
  }
}
