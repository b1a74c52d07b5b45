// npm run bench:train
// Chicago 2010–2018: the forest trains on all of it; ml-random-forest on the largest sample it
// finishes within 60 s. One JSON line each, the ratio of their time per 1,000 rows, and the time to
// score every cell for one window.

import { trainingWindows } from '../../src/forecast/backtest.ts';
import { buildFeatureContext, featuresForWindow } from '../../src/forecast/features.ts';
import { DAY } from '../../src/forecast/history.ts';
import { DEFAULT_FOREST_OPTIONS, HistForest } from '../../src/forecast/models/forest/forest.ts';
import { buildStudyArea } from '../../src/forecast/study-area.ts';
import { buildTrainingSet, DEFAULT_SAMPLING } from '../../src/forecast/training-set.ts';
import { dayWindow } from '../../src/forecast/windows.ts';
import { startWorker } from '../../src/workers/start.ts';
import { CHICAGO, line, loadTable, SETTINGS } from './shared.ts';

const LIMIT_SECONDS = 60;
const rss = () => Math.round(process.resourceUsage().maxRSS / 1024);

const { table } = await loadTable(CHICAGO(), 'chicago');
const cutoff = dayWindow({ year: 2019, month: 1, day: 1 }, SETTINGS.timeZone).start.getTime();
const trainDays = Math.round((cutoff - table.time[0]!) / DAY);
const started = performance.now();
const area = buildStudyArea(table, { from: table.time[0]!, to: cutoff });
const ctx = buildFeatureContext(table, area, 'all', SETTINGS, 'day');
const training = buildTrainingSet(
  ctx,
  trainingWindows(table, 'day', cutoff, trainDays, SETTINGS),
  DEFAULT_SAMPLING,
);
const featureSeconds = (performance.now() - started) / 1000;
const fitStarted = performance.now();
const forest = await HistForest.fit(
  training.x,
  training.y,
  training.w,
  training.names,
  DEFAULT_FOREST_OPTIONS,
);
const trainSeconds = (performance.now() - fitStarted) / 1000;
const forestPerThousand = trainSeconds / (training.n / 1000);
line({
  model: 'forest',
  data: 'chicago 2010-2018',
  rows: training.n,
  featureSeconds: Number(featureSeconds.toFixed(2)),
  trainSeconds: Number(trainSeconds.toFixed(2)),
  totalSeconds: Number((featureSeconds + trainSeconds).toFixed(2)),
  secondsPer1000Rows: Number(forestPerThousand.toFixed(4)),
  trees: DEFAULT_FOREST_OPTIONS.nEstimators,
  rssMB: rss(),
});

// Scoring every cell of the study area for one window (features and prediction).
const window = dayWindow({ year: 2019, month: 1, day: 1 }, SETTINGS.timeZone);
const scoreStarted = performance.now();
forest.predict(featuresForWindow(ctx, window), area.cells.length);
line({
  model: 'forest',
  scoreOneWindowSeconds: Number(((performance.now() - scoreStarted) / 1000).toFixed(3)),
  cells: area.cells.length,
});

// ml-random-forest: double the sample until a fit would not finish within the limit.
const f = training.names.length;
const options = { ...DEFAULT_FOREST_OPTIONS, noOOB: true, seed: 42 };
let best: { rows: number; seconds: number } | undefined;

/** Trains on an evenly spaced sample in a worker; undefined if it does not finish within the limit. */
async function timeMlForest(rows: number): Promise<number | undefined> {
  const step = Math.floor(training.n / rows);
  const sample = Array.from({ length: rows }, (_, i) =>
    Array.from(training.x.subarray(i * step * f, (i * step + 1) * f)),
  );
  const y = Array.from({ length: rows }, (_, i) => training.y[i * step]!);
  const worker = startWorker(new URL('./ml-forest-worker.ts', import.meta.url), { rows: sample, y, options });
  return new Promise<number | undefined>((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      resolve(undefined);
    }, LIMIT_SECONDS * 1000);
    worker.once('message', (s: number) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(s);
    });
    worker.once('error', reject);
  });
}

// Double the sample while a fit would finish (its time grows with the square of the rows)...
for (let rows = 500; rows <= training.n; rows *= 2) {
  if (best && best.seconds * 4.2 > LIMIT_SECONDS) break;
  const seconds = await timeMlForest(rows);
  if (seconds === undefined) break;
  best = { rows, seconds };
}
// ...then one step closer to the limit, aiming at nine tenths of it.
if (best) {
  const rows = Math.floor(best.rows * Math.sqrt((0.9 * LIMIT_SECONDS) / best.seconds));
  if (rows > best.rows) {
    const seconds = await timeMlForest(rows);
    if (seconds !== undefined) best = { rows, seconds };
  }
}
if (best) {
  const perThousand = best.seconds / (best.rows / 1000);
  line({
    model: 'ml-random-forest',
    data: 'chicago 2010-2018, evenly spaced sample',
    rows: best.rows,
    trainSeconds: Number(best.seconds.toFixed(2)),
    secondsPer1000Rows: Number(perThousand.toFixed(4)),
    trees: options.nEstimators,
  });
  line({
    ratio: { secondsPer1000Rows: Number((perThousand / forestPerThousand).toFixed(1)) },
    of: 'ml-random-forest / forest',
  });
}
