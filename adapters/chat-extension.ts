// Chat joins the command line: `patrolcast chat`, and, beside the API on start, the chat adapters and
// the scheduled jobs that post through them. Both load their modules (the chat SDKs among them) only
// when they run, so that other commands start quickly.
import type { CliExtension } from '../src/cli.ts';

export const chatExtension: CliExtension = {
  commands: [
    {
      name: 'chat',
      usage: '',
      description: 'talk to patrolcast in the terminal, as in Slack or Discord: /hotspots tonight, /help',
      load: () => import('./chat-command.ts').then((m) => (program) => m.registerChatCommand(program)),
    },
  ],
  companions: [async (context) => (await import('./chat-companion.ts')).startChat(context)],
};
