// The demo city, trained, written where the briefings benchmark opens it (a PGlite folder or a
// PostgreSQL URL): made in a process of its own, so that training is not counted in the service's memory.
import { openDatabase } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { demoInto } from '../helpers/demo-city.ts';

const target = process.argv[2]!;
const database = await openDatabase(
  target.startsWith('postgres') ? { databaseUrl: target } : { dataDir: target },
);
await migrate(database);
await demoInto(database);
await database.close();
