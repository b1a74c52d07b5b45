// A small seeded generator: the same seed gives the same numbers on any machine (demo data, forests).

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  normal(mean?: number, sd?: number): number;
  exponential(mean: number): number;
  poisson(mean: number): number;
  /** An index drawn with probability proportional to its weight. */
  weighted(weights: readonly number[]): number;
}

/** sfc32, seeded through splitmix32 so that nearby seeds give unrelated streams. */
export function createRandom(seed: number): Random {
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();

  const normal = (mean = 0, sd = 1) => {
    // Box–Muller; 1 - next() keeps the logarithm finite.
    const u = 1 - next();
    const v = next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const exponential = (mean: number) => -Math.log(1 - next()) * mean;
  const poisson = (mean: number) => {
    if (mean <= 0) return 0;
    if (mean > 60) return Math.max(0, Math.round(normal(mean, Math.sqrt(mean))));
    // Knuth's method: fine for the small means a day's count has.
    const limit = Math.exp(-mean);
    let k = 0;
    let p = next();
    while (p > limit) {
      k++;
      p *= next();
    }
    return k;
  };
  const weighted = (weights: readonly number[]) => {
    let total = 0;
    for (const w of weights) total += w;
    let r = next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!;
      if (r < 0) return i;
    }
    return weights.length - 1;
  };
  return { next, normal, exponential, poisson, weighted };
}
