// Plain questions in the terminal: a question typed as people ask it gets the answer its command
// gives; a word that names nothing is not guessed at; one person piping many lines is answered each.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ConsoleAdapter } from '../../adapters/console/console-adapter.ts';
import type { Database } from '../../src/db/client.ts';
import { runCli } from '../helpers/cli.ts';
import { demoBot, sharedTrainedDemo } from '../helpers/trained-demo.ts';

const dir = mkdtempSync(join(tmpdir(), 'patrolcast-words-'));
let dispose: () => Promise<void>;
let bot: ReturnType<typeof demoBot>;
let chat: ConsoleAdapter<unknown>;
beforeAll(async () => {
  let database: Database;
  ({ database, dispose } = await sharedTrainedDemo('pglite'));
  bot = demoBot(database);
  chat = new ConsoleAdapter(bot.dispatcher as never, { mapDir: dir, role: 'viewer' }, () => {});
}, 120_000);
afterAll(async () => {
  await bot?.close();
  await dispose?.();
  rmSync(dir, { recursive: true, force: true });
});

const firstLines = async (text: string, n = 2) => (await chat.ask(text)).split('\n').slice(0, n);

test('a plain question is answered as the command it asks for', async () => {
  expect(await firstLines('where should I send units tonight?')).toEqual(
    await firstLines('/hotspots tonight'),
  );
  expect(await firstLines('Burglaries in Central tomorrow')).toEqual(
    await firstLines('/hotspots burglary Central tomorrow'),
  );
  expect(await firstLines('hotspots next', 1)).toEqual(await firstLines('/hotspots next', 1));
  expect(await firstLines('how good is the model?', 1)).toEqual(await firstLines('/model', 1));
  expect(await firstLines('help', 1)).toEqual(await firstLines('/help', 1));
  expect(await firstLines('what about the night shift?')).toEqual(await firstLines('/hotspots night'));
  // Why a place is listed, by its street; and a question about trusting the model stays about the model.
  await chat.ask('/hotspots tonight');
  expect(await firstLines('why is #2 on the list?', 1)).toEqual(await firstLines('/explain 2', 1));
  expect(await chat.ask('why is spruce on the list?')).toBe(await chat.ask('/explain spruce'));
  expect(await firstLines('why should I trust the model?', 1)).toEqual(await firstLines('/model', 1));
  // A subcommand's own name says which command: refused here for the viewer's role, as /briefing is.
  expect(await chat.ask('subscribe night')).toBe(await chat.ask('/briefing subscribe night'));
  expect(await chat.ask('subscribe night')).toMatch(/^\/briefing subscribe needs the supervisor role/);
  // "now" is a shift's word before it is /briefing now.
  expect(await firstLines('now', 1)).toEqual(await firstLines('/hotspots now', 1));
});

test('words that name nothing are not guessed at, and say what to try', async () => {
  expect(await chat.ask('asdf')).toBe(
    'I did not understand "asdf". Try /hotspots tonight, /help, or a question such as "where should units go tonight?"',
  );
  expect(await chat.ask('/asdf')).toBe('There is no /asdf; try /help');
  // A slip, or a word for what a command does, is pointed to the command.
  expect(await chat.ask('/hotspot tonight')).toBe(
    'There is no /hotspot; did you mean /hotspots? (/help lists the commands)',
  );
  expect(await chat.ask('/brief')).toBe(
    'There is no /brief; did you mean /briefing? (/help lists the commands)',
  );
  expect(await chat.ask('/plan')).toBe(
    'There is no /plan; did you mean /hotspots? (/help lists the commands)',
  );
});

test('fourteen lines piped to patrolcast chat get fourteen answers', async () => {
  const lines = Array.from({ length: 14 }, (_, i) => (i % 2 ? '/help' : 'how good is the model?'));
  const r = await runCli(
    ['chat'],
    { PATROLCAST_DATA_DIR: join(dir, 'db'), LOG_LEVEL: 'warn' },
    `${lines.join('\n')}\n`,
  );
  expect(r.stderr).toBe('');
  expect(r.stdout).not.toMatch(/a lot of questions/);
  expect(r.stdout.match(/^patrolcast: where incidents are most likely/gm) ?? []).toHaveLength(7);
  expect(r.stdout.match(/^No model is active yet/gm) ?? []).toHaveLength(7);
}, 60_000);
