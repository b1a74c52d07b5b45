// Live scores of served forecasts: a made-up October served day by day while its incidents arrive a
// day late, one record revised and one published a fortnight late. The stored scores must equal a
// backtest of the same windows worked out here, from what each forecast knew and what happened.
import { expect, test } from 'vitest';
import { scoredWindows } from '../../src/accuracy/live-scores.ts';
import { DEFAULT_SCORING, scoreServedForecasts } from '../../src/accuracy/score-served.ts';
import { contextAt } from '../../src/forecast/context-at.ts';
import { ensureForecast } from '../../src/forecast/forecast-service.ts';
import { tableFrom } from '../../src/forecast/history.ts';
import { algorithmNamed } from '../../src/forecast/models/algorithms.ts';
import { activeModel, modelById } from '../../src/forecast/registry.ts';
import { type ForecastWindow, windowsBetween } from '../../src/forecast/windows.ts';
import { TEST_FORECAST_SETTINGS as settings } from '../helpers/api.ts';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { importRows, type MadeUpIncident, madeUpCity, serveMonth } from '../helpers/served-month.ts';

const OCTOBER = { year: 2026, month: 10, days: 31 };
const OCTOBER_START = new Date('2026-10-01T05:00:00Z');
const ROWS = (incidents: readonly MadeUpIncident[]) =>
  incidents.map((r) => ({ t: r.at.getTime(), category: 'theft', lat: r.lat, lon: r.lon }));

/** Hits at 1, 5 and 10% of places, worked out from scratch for one window and one method. */
async function backtestWindow(
  known: readonly MadeUpIncident[],
  happened: readonly MadeUpIncident[],
  window: ForecastWindow,
  method: { score: (ctx: ReturnType<typeof contextAt>, w: ForecastWindow) => Float64Array },
) {
  const table = tableFrom(ROWS(known), 9);
  const ctx = contextAt(table, settings, window.start.getTime(), 'all', 'day');
  const scores = method.score(ctx, window);
  const cells = ctx.area.cells;
  // Highest first; equal scores in cell id order (the cells are sorted by id).
  const order = cells.map((_, s) => s).sort((a, b) => scores[b]! - scores[a]! || a - b);
  const outcome = tableFrom(ROWS(happened), 9);
  const counts = new Map<string, number>();
  for (let i = 0; i < outcome.time.length; i++) {
    const cell = outcome.cells[outcome.cell[i]!]!;
    counts.set(cell, (counts.get(cell) ?? 0) + 1);
  }
  const hitsAt = (c: number) =>
    order
      .slice(0, Math.floor((cells.length * c) / 100))
      .reduce((s, i) => s + (counts.get(cells[i]!) ?? 0), 0);
  const topExpected = order.slice(0, 10).reduce((s, i) => s + scores[i]!, 0);
  return { 1: hitsAt(1), 5: hitsAt(5), 10: hitsAt(10), incidents: happened.length, topExpected };
}

describeEachDatabase('live scores of served forecasts', (kind) => {
  test('a month served daily with incidents a day late, one revised and one late: the live scores equal a backtest of the same windows', async () => {
    const database = await freshDatabase(kind);
    const city = madeUpCity(OCTOBER_START, OCTOBER.days, 31);
    const served = await serveMonth(database, settings, city, OCTOBER);
    // An analyst asks about 10 September now: answered and stored, but by a model that learnt from
    // that day (its training ran to the 17th, then held out the days to the 30th), so it is not scored.
    const day = { year: 2026, month: 9, day: 10 };
    const [september10] = windowsBetween('day', day, day, settings);
    await ensureForecast(database, settings, { window: september10!, category: 'all' });

    // Scored on 2 November: every October day but the last has a later incident stored.
    // A run scores at most its share (here 12), the newest first; the next run goes on.
    const first = await scoreServedForecasts(database, settings, new Date('2026-11-02T03:00:00Z'), {
      ...DEFAULT_SCORING,
      perRun: 12,
    });
    expect(first).toEqual({ scored: 12, rescored: 0 });
    const october30 = await scoredWindows(database, {
      from: served[29]!.window.start,
      to: served[29]!.window.end,
    });
    expect(october30).toHaveLength(1);
    expect(await scoreServedForecasts(database, settings, new Date('2026-11-02T03:30:00Z'))).toEqual({
      scored: 18,
      rescored: 0,
    });
    expect(await scoreServedForecasts(database, settings, new Date('2026-11-02T04:00:00Z'))).toEqual({
      scored: 0,
      rescored: 0,
    });

    // A record of 12 October is moved across town; one of 20 October is published only now.
    const moved = city.find((r) => r.at >= new Date('2026-10-12T15:00:00Z'))!;
    const revised = { ...moved, lat: 41.875, lon: -87.64, arrived: 40 };
    const late: MadeUpIncident = {
      id: 'LATE-1',
      at: new Date('2026-10-20T16:30:00Z'),
      lat: city[0]!.lat,
      lon: city[0]!.lon,
      arrived: 40,
    };
    const result = await importRows(database, [revised, late]);
    expect([result.updated, result.accepted]).toEqual([1, 1]);
    const final = [...city.filter((r) => r.id !== moved.id), revised, late];

    // Three days on, the two changed windows are scored again. The last day waits: nothing later is
    // stored, so its incidents may not have come (a feed that stopped), and a score of nothing would read as misses.
    expect(await scoreServedForecasts(database, settings, new Date('2026-11-04T12:00:00Z'))).toEqual({
      scored: 0,
      rescored: 2,
    });
    // An incident of 1 November arrives: the last day is complete.
    await importRows(database, [{ ...late, id: 'NOV-1', at: new Date('2026-11-01T16:00:00Z') }]);
    expect(await scoreServedForecasts(database, settings, new Date('2026-11-04T13:00:00Z'))).toEqual({
      scored: 1,
      rescored: 0,
    });

    const model = (await modelById(database, (await activeModel(database))!.id))!;
    const servedModel = await algorithmNamed(model.algorithm).load(JSON.parse(model.artifact!));
    const naive = await algorithmNamed('naive').fit(undefined as never, {});
    const ewma = await algorithmNamed('ewma').fit(undefined as never, {});
    const live = await scoredWindows(database, {
      from: OCTOBER_START,
      to: new Date('2026-11-01T05:00:00Z'),
    });
    expect(live.map((w) => w.windowStart.toISOString())).toEqual(
      served.map((s) => s.window.start.toISOString()),
    );
    const totals = { served: 0, naive: 0, ewma: 0, incidents: 0 };
    let hindsight = 0;
    for (const [k, { window }] of served.entries()) {
      const day = k + 1;
      // What the forecast of this day knew: everything published before its morning.
      const known = city.filter((r) => r.arrived < day && r.at < window.start);
      const happened = final.filter((r) => r.at >= window.start && r.at < window.end);
      const scored = live[k]!;
      let expectedServed5 = -1;
      for (const [name, method] of [
        ['served', servedModel],
        ['naive', naive],
        ['ewma', ewma],
      ] as const) {
        const expected = await backtestWindow(known, happened, window, method);
        const got = scored.methods[name]!.tallies;
        expect([got[1].hits, got[5].hits, got[10].hits, got[5].incidents], `${window.date} ${name}`).toEqual([
          expected[1],
          expected[5],
          expected[10],
          expected.incidents,
        ]);
        expect(scored.methods[name]!.top.expected, `${window.date} ${name}`).toBeCloseTo(
          expected.topExpected,
          9,
        );
        totals[name] += expected[5];
        if (name === 'served') expectedServed5 = expected[5];
      }
      // The ewma given the day before too (known when scoring, not when serving) would score otherwise.
      const later = await backtestWindow(
        final.filter((r) => r.at < window.start),
        happened,
        window,
        ewma,
      );
      if (Math.abs(later.topExpected - scored.methods.ewma!.top.expected) > 1e-9) hindsight++;
      totals.incidents += happened.length;
      // The list of all categories also says how it caught each category: here, all are thefts.
      expect(scored.methods.served!.byCategory).toEqual({
        theft: { incidents: happened.length, hits: expectedServed5 },
      });
    }
    // The simple methods were scored with what was known when the forecast was served, not with what
    // is known now: with the day before included, the ewma's expected counts differ.
    expect(hindsight).toBeGreaterThan(0);
    expect(totals.incidents).toBe(final.filter((r) => r.at >= OCTOBER_START).length);
    expect(totals.served).toBeGreaterThan(0.3 * totals.incidents);
  });
});
