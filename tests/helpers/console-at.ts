// One question typed in the console of the demo city, as a viewer, with the agency's clock at a moment.
import { ConsoleAdapter } from '../../adapters/console/console-adapter.ts';
import type { Database } from '../../src/db/client.ts';
import { demoBot } from './trained-demo.ts';

export async function askConsoleAt(
  database: Database,
  mapDir: string,
  moment: Date | string,
  words: string,
): Promise<string> {
  const bot = demoBot(database, undefined, {}, new Date(moment));
  try {
    return await new ConsoleAdapter(bot.dispatcher, { mapDir, role: 'viewer' }, () => {}).ask(words);
  } finally {
    await bot.close();
  }
}
