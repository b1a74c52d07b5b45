// Runs one import in a process of its own, so that its memory is measured alone. Prints one JSON
// line: rows, seconds and peak RSS. Used by ingest.ts.
import { openDatabase } from '../../src/db/client.ts';
import { importFile } from '../../src/ingest/importer.ts';

const [target, file, profile] = process.argv.slice(2) as [string, string, string];
const database = await openDatabase(
  target.startsWith('postgres') ? { databaseUrl: target } : { dataDir: target },
);
const started = performance.now();
const result = await importFile(
  database,
  { path: file, profile },
  { timeZone: 'America/Chicago', h3Resolution: 9, limits: { maxExpandedBytes: 4 * 1024 ** 3 } },
);
const seconds = (performance.now() - started) / 1000;
await database.close();
process.stdout.write(
  `${JSON.stringify({ received: result.received, accepted: result.accepted, seconds, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`,
);
