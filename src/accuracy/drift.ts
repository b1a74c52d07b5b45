// Is the forecast slipping? Its live hit rate over the last four weeks beside a simple count's on the
// same windows (paired by day), and beside the rate it showed on held-out days when it was trained.
// The field's known failure is a model kept for years after it stopped beating a simple count.
import type { Database } from '../db/client.ts';
import type { PairedInterval } from '../forecast/evaluation.ts';
import { activeModel, type ModelRecord } from '../forecast/registry.ts';
import type { WindowKind } from '../forecast/windows.ts';
import { liveFigures } from './live-accuracy.ts';
import { scoredWindows } from './live-scores.ts';

export interface DriftSettings {
  /** The rolling period, in days. */
  days: number;
  /** How far below its held-out hit rate (as a share, 0.05 = 5 points) the live rate may fall. */
  margin: number;
  /** Fewer scored days than this give no verdict. */
  minDays: number;
}

export const DEFAULT_DRIFT: DriftSettings = { days: 28, margin: 0.05, minDays: 14 };

export interface Drift {
  category: string;
  kind: WindowKind;
  from: Date;
  to: Date;
  days: number;
  /** The served forecast's hit rate at 5% of places, with its 95% interval. */
  live: PairedInterval;
  /** The simple method it must beat, its rate on the same windows, and served ÷ it. */
  simple: { name: string; rate: number; ratio: PairedInterval } | undefined;
  /** The active model's hit rate at 5% on its held-out days. */
  heldOut: number | undefined;
  /** Why it is slipping, in words; undefined when it is not (or there is too little to tell). */
  slipping: string | undefined;
  /** Behind a simple count, or below its own held-out rate. */
  slippingKind: 'simple' | 'held-out' | undefined;
}

const DAY = 86_400_000;
const pct = (x: number) => `${Math.round(x * 100)}%`;

/** A learned model must beat the ewma; the ewma itself, a count of the last year. */
const simpleFor = (algorithm: string) =>
  algorithm.startsWith('ewma') || algorithm === 'naive' ? 'naive' : 'ewma';

export async function liveDrift(
  database: Database,
  timeZone: string,
  now: Date,
  category = 'all',
  settings: DriftSettings = DEFAULT_DRIFT,
  model?: ModelRecord,
): Promise<Drift | undefined> {
  const active = model ?? (await activeModel(database, category));
  if (!active) return undefined;
  const kind = (active.params.windowKind ?? 'shift') as WindowKind;
  const period = { from: new Date(now.getTime() - settings.days * DAY), to: now };
  const windows = (await scoredWindows(database, period, { category, kind })).filter(
    (w) => w.windowEnd <= now,
  );
  const figures = liveFigures(windows, timeZone);
  if (!figures || figures.days < settings.minDays) return undefined;
  const name = simpleFor(active.algorithm);
  const ratio = figures.against[name];
  const simple =
    ratio && figures.metrics[name] ? { name, rate: figures.metrics[name]!.hr[5], ratio } : undefined;
  const heldOut = typeof active.metrics.hr5 === 'number' ? active.metrics.hr5 : undefined;
  const live = figures.served;
  let slipping: string | undefined;
  let slippingKind: Drift['slippingKind'];
  if (simple && simple.ratio.high < 1) {
    slipping = `it caught fewer than a simple count would have (${simple.ratio.ratio}×, 95% ${simple.ratio.low}–${simple.ratio.high})`;
    slippingKind = 'simple';
  } else if (heldOut !== undefined && live.high < heldOut - settings.margin) {
    slipping = `it caught less than the ${pct(heldOut)} it showed on held-out days when it was trained (95%: ${pct(live.low)}–${pct(live.high)})`;
    slippingKind = 'held-out';
  }
  return {
    category,
    kind,
    from: period.from,
    to: period.to,
    days: figures.days,
    live,
    simple,
    heldOut,
    slipping,
    slippingKind,
  };
}

/** One line for /model and the monthly report. */
export function driftLine(d: Drift): string {
  const span = Math.round((d.to.getTime() - d.from.getTime()) / DAY);
  const over = `Over the last ${span % 7 === 0 ? `${span / 7} weeks` : `${span} days`}${d.days < span ? ` (${d.days} days scored)` : ''}`;
  const simple = d.simple
    ? `; a simple count would have caught ${pct(d.simple.rate)}${d.simple.name === 'ewma' ? ' (a weighted count of each place’s past)' : ''}`
    : '';
  const held = d.heldOut !== undefined ? `; on held-out days at training, ${pct(d.heldOut)}` : '';
  const verdict = d.slipping ? `. It is slipping: ${d.slipping}: retrain or switch (/retrain).` : '.';
  return `${over} the forecast caught ${pct(d.live.ratio)} of incidents at 5% of places${simple}${held}${verdict}`;
}
