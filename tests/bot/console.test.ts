import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import pino from 'pino';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Bot } from '../../adapters/bot.ts';
import { ConsoleAdapter } from '../../adapters/console/console-adapter.ts';
import { readAudit } from '../../src/audit/audit-log.ts';
import type { Role } from '../../src/bot/roles.ts';
import { RESPONSIBLE_USE } from '../../src/briefing/compose.ts';
import type { Database } from '../../src/db/client.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { rowsOf } from '../helpers/rows.ts';
import { demoBot, sharedTrainedDemo, trainedDemo } from '../helpers/trained-demo.ts';

const mapDir = mkdtempSync(join(tmpdir(), 'patrolcast-console-'));

describeEachDatabase('chat commands through the console', (kind) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let bot: Bot;
  const posted: string[] = [];
  const as = (role: Role) => new ConsoleAdapter(bot.dispatcher, { mapDir, role }, (t) => posted.push(t));

  beforeAll(async () => {
    ({ database, dispose } = await sharedTrainedDemo(kind));
    bot = demoBot(database);
  }, 120_000);
  afterAll(async () => {
    await bot?.close();
    await dispose?.();
  });

  const subscriptionCount = async () =>
    (await rowsOf<{ n: number }>(database, 'select count(*)::int as n from subscriptions'))[0]!.n;

  test('months after the data end, the answer says first that it is stale; a date inside the data is answered', async () => {
    const later = demoBot(database, undefined, {}, new Date('2026-09-01T18:00:00Z'));
    try {
      const ask = (words: string) =>
        new ConsoleAdapter(later.dispatcher, { mapDir, role: 'viewer' }, () => {}).ask(words);
      const stale = (await ask('/hotspots tonight 3')).split('\n');
      expect(stale[1]).toMatch(
        /^⚠ Stale data: the newest incident on record is 3 months older than this window \(2026-05-31 \d\d:\d\d\)/,
      );
      expect(stale[0]).toBe('DEMO DATA · Hotspots · night shift · Tue 22:00–06:00');
      expect(stale[2]).toBe('Demo City (synthetic) · all incidents · 2026-09-01');
      // A bare date goes to `at`: that whole day, from what was known before it, and not stale.
      const past = (await ask('/hotspots 2026-05-20 3')).split('\n');
      expect(past[0]).toBe('DEMO DATA · Hotspots · Wed 2026-05-20, all day');
      expect(past.join('\n')).not.toContain('Stale');
      expect((await ask('/hotspots at=2026-05-20T23:30 2')).split('\n').slice(0, 2)).toEqual([
        'DEMO DATA · Hotspots · night shift · Wed 22:00–06:00',
        'Demo City (synthetic) · all incidents · 2026-05-20',
      ]);
      expect(await ask('/hotspots at=2026-13-01')).toBe(
        "'2026-13-01' is not a date: expected YYYY-MM-DD, YYYY-MM-DDTHH:MM or HH:MM (local time)",
      );
    } finally {
      await later.close();
    }
  });

  test('/hotspots tonight 3 lists three ranked places with reasons and writes the map', async () => {
    const answer = await as('viewer').ask('/hotspots tonight 3');
    const lines = answer.split('\n');
    expect(lines[0]).toBe('DEMO DATA · Hotspots · night shift · Mon 22:00–06:00');
    expect(lines[1]).toBe('Demo City (synthetic) · all incidents · 2026-06-01');
    // The demo city's places are named by its made-up streets.
    const ranks = lines.filter((l) => /^ ?\d+\. \d+00 block of /.test(l)).map((l) => Number.parseInt(l, 10));
    expect(ranks).toEqual([1, 2, 3]);
    // One line a place: its name, risk, expected count and strongest reason.
    for (const line of lines.filter((l) => /^ ?\d+\. /.test(l)))
      expect(line).toMatch(/^ ?\d+\. .+: (very high|high|elevated|moderate), \d\.\d\d · [\d,]+ incidents /);
    expect(answer).toContain(RESPONSIBLE_USE);
    const file = /map: (.+\.png)$/m.exec(answer)![1]!;
    const meta = await sharp(readFileSync(file)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 720, 1080]);
  });

  test('a terminal has no buttons: its answers keep nothing for sharing', async () => {
    const shared = async () =>
      (await rowsOf<{ n: number }>(database, 'select count(*)::int as n from shared_answers'))[0]!.n;
    const before = await shared();
    const answer = await as('viewer').ask('/hotspots tonight 2');
    expect(answer).toMatch(/^DEMO DATA · Hotspots · /);
    expect(answer).not.toContain('Post to channel');
    expect(await shared()).toBe(before);
  });

  test('options go in any order or by name, and a district narrows the list', async () => {
    const a = await as('viewer').ask('/hotspots burglary tonight 2');
    const b = await as('viewer').ask('/hotspots top=2 when=tonight category=burglary');
    const places = (s: string) => s.split('\n').filter((l) => /^ ?\d+\. /.test(l));
    expect(places(a)).toEqual(places(b));
    expect(a.split('\n')[1]).toBe('Demo City (synthetic) · burglary · 2026-06-01');
    const central = await as('viewer').ask('/hotspots district=central top=5');
    expect(central.split('\n')[1]).toMatch(/^Demo City \(synthetic\), district Central · all incidents/);
    expect(places(central)).toHaveLength(5);
    for (const line of places(central)) expect(line).toMatch(/\d+\. \d+00 block of .+ \(Central\)/);
  });

  test('bad options get a clear answer naming what is allowed', async () => {
    expect(await as('viewer').ask('/hotspots when=yesterday')).toBe(
      'When must be one of now, next, today, tonight, tomorrow, day, evening, night; "yesterday" is not',
    );
    // A name the command does not have is said to be one, not taken for a district.
    expect(await as('viewer').ask('/hotspots units=3')).toBe(
      'There is no option "units" here (options: when, category, district, top, at)',
    );
    // A number too large for a list may be a district (Portland's 822); neither, the answer names both.
    expect(await as('viewer').ask('/hotspots 99')).toMatch(
      /^"99" is not a count of places from 1 to 25, a shift, a category or a district I know \(known districts include /,
    );
    expect(await as('viewer').ask('/hotspots top=99')).toBe('Top must be a whole number from 1 to 25');
    // Named, it can only be a district; a bare word is whatever fit nothing else, and the answer says so.
    expect(await as('viewer').ask('/hotspots district=Atlantis')).toMatch(
      /^"Atlantis" is not a district I know \(known districts include /,
    );
    expect(await as('viewer').ask('/hotspots tonight zzyzx')).toMatch(
      /^"zzyzx" is not a shift, a category or a district I know/,
    );
    expect(await as('viewer').ask('/briefing now zzyzx')).toMatch(
      /^"zzyzx" is not a shift, a category or a district I know/,
    );
    expect(await as('viewer').ask('/hotspots tonight 3 central 5')).toMatch(
      /^I don't know what "5" means here/,
    );
    expect(await as('viewer').ask('/weather')).toBe('There is no /weather; try /help');
  });

  test('/briefing subscribe, list and unsubscribe keep one subscription per channel; bad ones store nothing', async () => {
    const before = await subscriptionCount();
    expect(await as('supervisor').ask('/briefing subscribe shifts=25:00')).toMatch(
      /^"25:00" is not one of the shifts/,
    );
    expect(await as('supervisor').ask('/briefing subscribe all tz=Mars/Olympus')).toMatch(
      /is not a time zone/,
    );
    expect(await as('supervisor').ask('/briefing subscribe')).toBe(
      'Shifts is required (start times such as 06:00,22:00, words such as day,night, or all)',
    );
    expect(await subscriptionCount()).toBe(before);

    const done = await as('supervisor').ask('/briefing subscribe 06:00,22:00 units=2 category=robbery');
    expect(done).toBe(
      'This channel will get the shift briefing\nshifts 06:00-14:00, 22:00-06:00 (America/Chicago), robbery, 2 units\n\nEach briefing is posted shortly before its shift starts. /briefing unsubscribe stops it.',
    );
    await as('supervisor').ask('/briefing subscribe all');
    expect(await subscriptionCount()).toBe(before + 1);
    expect(await as('viewer').ask('/briefing list')).toContain(
      'this channel: shifts 06:00-14:00, 14:00-22:00, 22:00-06:00 (America/Chicago), all incidents, 3 units',
    );
    expect(await as('supervisor').ask('/briefing unsubscribe')).toBe(
      'This channel will no longer get briefings',
    );
    expect(await subscriptionCount()).toBe(before);
  });

  test('shifts are subscribed by their words, typed apart, with a district and a zone after them', async () => {
    expect(await as('supervisor').ask('/briefing subscribe day night Central 2')).toMatch(
      /^This channel will get the shift briefing\nshifts 06:00-14:00, 22:00-06:00 \(America\/Chicago\), all incidents, district Central, 2 units\n/,
    );
    expect(await as('supervisor').ask('/briefing subscribe night America/Denver burglary')).toMatch(
      /\nshifts 22:00-06:00 \(America\/Denver\), burglary, 3 units\n/,
    );
    expect(await as('supervisor').ask('/briefing subscribe nite')).toBe(
      '"nite" is not one of the shifts (06:00-14:00 day, 14:00-22:00 evening, 22:00-06:00 night); give start times like 06:00, a shift\'s word, or all',
    );
    expect(await as('viewer').ask('/briefing list')).toContain(
      'this channel: shifts 22:00-06:00 (America/Denver)',
    );
    await as('supervisor').ask('/briefing unsubscribe');
  });

  test('a command above your role is refused, and changes nothing', async () => {
    // What earlier commands write to the audit log after answering is written before these are asked.
    await bot.dispatcher.idle();
    const before = await subscriptionCount();
    expect(await as('viewer').ask('/briefing subscribe all')).toBe(
      '/briefing subscribe needs the supervisor role; yours is viewer. Ask an administrator if you need it.',
    );
    expect(await as('supervisor').ask('/retrain')).toBe(
      '/retrain needs the analyst role; yours is supervisor. Ask an administrator if you need it.',
    );
    expect(await subscriptionCount()).toBe(before);
    // Both refusals are in the audit log, with who asked and what.
    await bot.dispatcher.idle();
    // (Two refusals within the same millisecond may be recorded in either order.)
    const latest = await readAudit(database, { actor: 'console:console', limit: 2 });
    expect(latest.map((e) => [e.actorKind, e.action, e.params, e.outcome])).toEqual(
      expect.arrayContaining([
        [
          'user',
          '/retrain',
          { text: '' },
          'refused: /retrain needs the analyst role; yours is supervisor. Ask an administrator if you need it.',
        ],
        [
          'user',
          '/briefing',
          { text: 'subscribe all' },
          'refused: /briefing subscribe needs the supervisor role; yours is viewer. Ask an administrator if you need it.',
        ],
      ]),
    );
  });

  test('/briefing now posts the shift briefing with zones, changes and freshness', async () => {
    const answer = await as('viewer').ask('/briefing now tonight');
    expect(answer.split('\n')[0]).toBe('DEMO DATA · Shift briefing · night shift · Mon 22:00–06:00');
    expect(answer).toMatch(/\n3 units:\n {2}Z1( \(\w+\))?: look for [a-z ]+, \d\d:00–\d\d:00; /);
    expect(answer).toContain('Since Monday 2026-06-01 14:00–22:00:');
    expect(answer).toMatch(/Newest incident stored: 2026-0[56]-\d\d \d\d:\d\d \(\d+ h before this window\)/);
  });

  test('/explain gives the reasons of a rank or a cell, and says when it cannot', async () => {
    const byRank = await as('viewer').ask('/explain 2 tonight');
    expect(byRank.split('\n')[0]).toMatch(
      /^DEMO DATA · #2 · \d+00 block of \w+ (St|Ave)(, near \w+ (St|Ave))? \(District \w+\)$/,
    );
    expect(byRank).toContain('Why:');
    const cell = /^cell (\w+)$/m.exec(byRank)![1]!;
    const byCell = await as('viewer').ask(`/explain ${cell} when=tonight`);
    expect(byCell.split('\n')[0]).toBe(byRank.split('\n')[0]);
    expect(await as('viewer').ask('/explain nowhere')).toBe(
      '"nowhere" is no place of this forecast: no incident on record names that street. Give its rank (3), a street on the list, or a cell id'.replace(
        /^./,
        (c) => c.toUpperCase(),
      ),
    );
    expect(await as('viewer').ask('/explain 999999')).toMatch(
      /^The list has \d+ places; 999999 is not one of them$/,
    );
  });

  test('/model shows the active model beside the baselines, and /help lists every command', async () => {
    const model = await as('viewer').ask('/model');
    expect(model.split('\n')[0]).toBe('Model 1 (forest) · DEMO DATA');
    // In plain words first: what it caught, and against a simple count.
    expect(model).toMatch(/the 5% of places it ranked highest saw \d+% of the incidents that followed\./);
    expect(model).toMatch(/A simple count of each place’s past incidents would have caught \d+%: /);
    expect(model).not.toContain('prospective');
    const details = await as('viewer').ask('/model details');
    for (const name of ['this model', 'naive', 'ewma', 'kde', 'prospective'])
      expect(details).toContain(`  ${name}: `);
    const help = await as('viewer').ask('/help');
    for (const spec of bot.dispatcher.commands) expect(help).toContain(`/${spec.name}`);
    expect(help).toContain('Your role: viewer.');
  });

  test('/retrain answers at once and posts the verdict when training ends', async () => {
    const verdict = new Promise<string>((resolve) => {
      const adapter = new ConsoleAdapter(bot.dispatcher, { mapDir, role: 'analyst' }, resolve);
      void adapter.ask('/retrain forest').then((first) => posted.push(first));
    });
    const message = await verdict;
    expect(posted.at(-1)).toBe(
      'Training the forest model\nThis takes a few minutes. The result will be posted here; the active model answers meanwhile.',
    );
    expect(message).toMatch(/^Model 2 \(forest\) (is now active|was trained but not promoted)\n/);
    expect(message).toMatch(/ {2}new model 2: \d+\.\d% at 5% of places/);
    expect(message).toMatch(/ {2}active model 1: \d+\.\d% at 5% of places/);
  }, 120_000);
});

test('an internal error is logged with a request id and the user gets one line with the same id', async () => {
  const database = await trainedDemo('pglite');
  const lines: string[] = [];
  const log = pino(
    { level: 'info' },
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  );
  const bot = demoBot(database, log);
  // A fault of ours, not an outage: the database answers, but not as the code expects.
  await database.query('alter table models rename to models_elsewhere');
  const answer = await new ConsoleAdapter(bot.dispatcher, { mapDir, role: 'viewer' }, () => {}).ask('/model');
  const id = /^Sorry, that did not work on our side\. Request id (\w{8}): the team can look it up\.$/.exec(
    answer,
  )?.[1];
  expect(id).toBeDefined();
  const logged = lines
    .map((l) => JSON.parse(l) as { requestId?: string; msg: string })
    .find((l) => l.msg === 'command failed');
  expect(logged?.requestId).toBe(id);
  await bot.close();
});

test('the console REPL reads commands line by line until the input ends', async () => {
  const database = await trainedDemo('pglite');
  const bot = demoBot(database);
  const input = new PassThrough();
  let out = '';
  const output = new Writable({
    write(chunk, _encoding, done) {
      out += String(chunk);
      done();
    },
  });
  const running = new ConsoleAdapter(bot.dispatcher, { mapDir, role: 'viewer' }, () => {}).run(input, output);
  input.end('/hotspots 2\n/help\n');
  await running;
  expect(out).toContain('DEMO DATA · Hotspots · ');
  expect(out).toContain('patrolcast: where incidents are most likely in the next shift');
  await bot.close();
  await database.close();
});
