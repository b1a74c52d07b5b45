// A logger whose lines a test reads back: JSON, one line per entry, as the server writes them.
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/log.ts';

export function captureLog(level = 'trace'): { lines: string[]; log: Logger } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, log: createLogger({ level, pretty: false, destination }) };
}
