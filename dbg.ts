import { openDatabase } from './src/db/client.ts';

const db = await openDatabase({ dataDir: process.argv[2]! } as never);
console.log(await db.query(process.argv[3]!));
await db.close();
