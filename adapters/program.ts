// The whole program: the command line from src, with the chat adapters beside the API.
import { runCli } from '../src/cli.ts';
import { chatExtension } from './chat-extension.ts';

await runCli(process.argv, [chatExtension]);
