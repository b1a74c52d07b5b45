#!/usr/bin/env node
// The `patrolcast` command. It runs the JavaScript that `npm install` (or `npm run build`) compiled into
// dist/. Where there is no build, or a source file changed after it, it runs the TypeScript sources
// through tsx instead: the same program, slower to start.
import { existsSync, readdirSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const stamp = new URL('dist/.built', root);

/** The newest modification time under the source folders (a few hundred files: milliseconds). */
function newestSource() {
  let newest = 0;
  for (const folder of ['src', 'adapters', 'commands', 'jobs']) {
    for (const entry of readdirSync(new URL(folder, root), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
      newest = Math.max(newest, statSync(`${entry.parentPath}/${entry.name}`).mtimeMs);
    }
  }
  return newest;
}

if (existsSync(stamp) && statSync(stamp).mtimeMs >= newestSource()) {
  await import(new URL('dist/adapters/program.js', root).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./program.ts');
}
