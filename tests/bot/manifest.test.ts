import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { commands } from '../../commands/index.ts';

test("the Slack app manifest declares exactly the bot's commands, and the scopes the adapter uses", () => {
  const manifest = readFileSync(new URL('../../adapters/slack/manifest.yaml', import.meta.url), 'utf8');
  const declared = [...manifest.matchAll(/^\s*- command: \/(\S+)$/gm)].map((m) => m[1]);
  expect(declared).toEqual(commands.map((c) => c.name));
  for (const scope of ['commands', 'chat:write', 'files:write', 'usergroups:read']) {
    expect(manifest).toMatch(new RegExp(`^\\s*- ${scope}$`, 'm'));
  }
});
