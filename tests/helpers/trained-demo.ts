// The demo city with a trained model in a fresh test database.
import type { Database } from '../../src/db/client.ts';
import { type DatabaseKind, disposableDatabase, freshDatabase } from './databases.ts';
import { demoInto } from './demo-city.ts';

export { DEMO_NOW, demoBot, demoConfig } from './demo-city.ts';

export async function trainedDemo(kind: DatabaseKind): Promise<Database> {
  return demoInto(await freshDatabase(kind));
}

/** The same, for a suite that shares it: dispose of it in afterAll. */
export async function sharedTrainedDemo(
  kind: DatabaseKind,
): Promise<{ database: Database; dispose(): Promise<void> }> {
  const shared = await disposableDatabase(kind);
  await demoInto(shared.database);
  return shared;
}
