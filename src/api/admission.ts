// Admission control for the API. PGlite answers in microtasks, so a request runs from its socket's
// read to its response without ever giving the event loop back; fifty dashboards polling at once
// then make every turn of the loop a hundred milliseconds long, and a liveness probe (or a chat
// acknowledgement) waits behind all of them. So /v1 requests start a few per turn of the event loop,
// the rest wait their turn in order, and past a long queue they are told to come back.
import type { MiddlewareHandler } from 'hono';

export interface AdmissionOptions {
  /** Requests started per turn of the event loop. */
  perTurn: number;
  /** Requests waiting; past this, 503 with Retry-After. */
  queued: number;
}

export function admission(options: AdmissionOptions): MiddlewareHandler {
  const waiting: (() => void)[] = [];
  let scheduled = false;
  // Runs once per turn (setImmediate: after the turn's I/O), starting the next few waiting requests.
  const startSome = () => {
    scheduled = false;
    for (let i = 0; i < options.perTurn && waiting.length > 0; i++) waiting.shift()!();
    if (waiting.length > 0) schedule();
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(startSome);
  };
  return async (c, next) => {
    if (waiting.length >= options.queued) {
      c.header('Retry-After', '1');
      return c.json({ error: 'the server is busy; try again in a moment' }, 503);
    }
    await new Promise<void>((resolve) => {
      waiting.push(resolve);
      schedule();
    });
    await next();
  };
}
