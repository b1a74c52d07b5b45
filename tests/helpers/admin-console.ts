// A made-up city asked from an administrator's console: its rows imported, the daily ewma trained up to
// the morning of a day (05:00 UTC), and the bot's clock at noon that day.
import { onTestFinished } from 'vitest';
import { ConsoleAdapter } from '../../adapters/console/console-adapter.ts';
import type { Database } from '../../src/db/client.ts';
import { train } from '../../src/forecast/train.ts';
import { TEST_FORECAST_SETTINGS as settings } from './api.ts';
import { demoBot } from './demo-city.ts';
import { importPath, tempFile } from './import.ts';

export async function adminConsoleOn(
  database: Database,
  file: string,
  rows: string[],
  /** YYYY-MM-DD */
  day: string,
) {
  await importPath(database, tempFile(file, rows.join('\n')));
  await train(database, settings, {
    algorithm: 'ewma',
    kind: 'day',
    until: new Date(`${day}T05:00:00Z`),
    holdoutDays: 14,
  });
  const bot = demoBot(database, undefined, {}, new Date(`${day}T12:00:00Z`));
  onTestFinished(() => bot.close());
  return new ConsoleAdapter(bot.dispatcher, { mapDir: '/tmp', role: 'admin' }, () => {});
}
