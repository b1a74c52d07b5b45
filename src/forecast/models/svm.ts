// A support vector machine (libsvm, WebAssembly) as a comparison model: an RBF classifier of "any
// incident in this cell-window", with probability estimates, on a capped sample with as many rows
// with incidents as without.
import { createRequire } from 'node:module';
import { createRandom } from '../../random.ts';
import { FeatureForecaster } from './feature-model.ts';
import type { Algorithm } from './forecaster.ts';

interface SvmModel {
  train(x: number[][], y: number[]): void;
  predictProbability(x: number[][]): { estimates: { label: number; probability: number }[] }[];
  serializeModel(): string;
  free(): void;
}
interface SvmClass {
  new (options: Record<string, unknown>): SvmModel;
  load(serialized: string): SvmModel;
  SVM_TYPES: Record<string, string>;
  KERNEL_TYPES: Record<string, string>;
}

const require = createRequire(import.meta.url);
let loading: Promise<SvmClass> | undefined;
const svmClass = () => {
  if (!loading) {
    // Its loader tries fetch() on a file path first and warns when that fails; without fetch it
    // reads the file directly.
    const realFetch = globalThis.fetch;
    Reflect.deleteProperty(globalThis, 'fetch');
    try {
      loading = require('libsvm-js/wasm') as Promise<SvmClass>;
    } finally {
      globalThis.fetch = realFetch;
    }
  }
  return loading;
};

export const SVM_MAX_ROWS = 6_000;

interface Serialized {
  features: string[];
  mean: number[];
  scale: number[];
  model: string;
}

function wrap(features: string[], mean: number[], scale: number[], model: SvmModel) {
  const f = features.length;
  const row = (x: Float64Array, i: number) =>
    Array.from({ length: f }, (_, j) => (x[i * f + j]! - mean[j]!) / scale[j]!);
  const rowModel = {
    features,
    predict(x: Float64Array, n: number) {
      const rows = Array.from({ length: n }, (_, i) => row(x, i));
      return Float64Array.from(
        model.predictProbability(rows),
        (p) => p.estimates.find((e) => e.label === 1)?.probability ?? 0,
      );
    },
  };
  return new FeatureForecaster(
    'svm',
    rowModel,
    (): Serialized => ({ features, mean, scale, model: model.serializeModel() }),
  );
}

export const svmAlgorithm: Algorithm = {
  name: 'svm',
  description: `support vector machine (libsvm, RBF kernel, probability estimates), on at most ${SVM_MAX_ROWS.toLocaleString('en-US')} rows`,
  learned: true,
  async fit(training, options) {
    const SVM = await svmClass();
    const f = training.names.length;
    const maxRows = Number(options.maxRows ?? SVM_MAX_ROWS);
    // A stratified sample: half rows with incidents, half without.
    const random = createRandom(Number(options.seed ?? 42));
    const positives: number[] = [];
    const negatives: number[] = [];
    for (let i = 0; i < training.n; i++) (training.y[i]! > 0 ? positives : negatives).push(i);
    const take = (from: number[], k: number) => {
      for (let i = from.length - 1; i > 0; i--) {
        const j = Math.floor(random.next() * (i + 1));
        [from[i], from[j]] = [from[j]!, from[i]!];
      }
      return from.slice(0, k);
    };
    const chosen = [...take(positives, maxRows / 2), ...take(negatives, maxRows / 2)];
    const mean = Array.from(
      { length: f },
      (_, j) => chosen.reduce((s, i) => s + training.x[i * f + j]!, 0) / chosen.length,
    );
    const scale = Array.from({ length: f }, (_, j) => {
      const v = chosen.reduce((s, i) => s + (training.x[i * f + j]! - mean[j]!) ** 2, 0) / chosen.length;
      return Math.sqrt(v) || 1;
    });
    const rows = chosen.map((i) =>
      Array.from({ length: f }, (_, j) => (training.x[i * f + j]! - mean[j]!) / scale[j]!),
    );
    const labels = chosen.map((i) => (training.y[i]! > 0 ? 1 : 0));
    const model = new SVM({
      type: SVM.SVM_TYPES.C_SVC,
      kernel: SVM.KERNEL_TYPES.RBF,
      probabilityEstimates: true,
      gamma: Number(options.gamma ?? 1 / f),
      cost: Number(options.cost ?? 1),
      quiet: true,
    });
    model.train(rows, labels);
    return wrap(training.names, mean, scale, model);
  },
  async load(serialized) {
    const SVM = await svmClass();
    const s = serialized as Serialized;
    return wrap(s.features, s.mean, s.scale, SVM.load(s.model));
  },
};
