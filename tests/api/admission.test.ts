// Admission control: requests start a few per turn of the event loop, in the order they came; past the
// queue they are told to come back, and everything outside /v1 is answered meanwhile.
import { Hono } from 'hono';
import { expect, test } from 'vitest';
import { admission } from '../../src/api/admission.ts';

function app(perTurn: number, queued: number) {
  const started: number[] = [];
  const hono = new Hono();
  hono.get('/healthz', (c) => c.json({ status: 'ok' }));
  hono.use('/v1/*', admission({ perTurn, queued }));
  hono.get('/v1/work/:n', (c) => {
    started.push(Number(c.req.param('n')));
    return c.json({ n: Number(c.req.param('n')) });
  });
  return { hono, started };
}

test('requests beyond the queue get 503 with Retry-After; the rest are served in the order they came', async () => {
  const { hono, started } = app(2, 5);
  const answers = await Promise.all(Array.from({ length: 10 }, (_, n) => hono.request(`/v1/work/${n}`)));
  expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 503, 503, 503, 503, 503]);
  expect(answers[9]!.headers.get('retry-after')).toBe('1');
  expect(started).toEqual([0, 1, 2, 3, 4]);
});

test('a probe outside /v1 is answered while a long queue waits its turns', async () => {
  const { hono, started } = app(1, 1000);
  const queued = Array.from({ length: 200 }, (_, n) => hono.request(`/v1/work/${n}`));
  const probe = await hono.request('/healthz');
  expect(probe.status).toBe(200);
  // At most one queued request could start before the probe was answered.
  expect(started.length).toBeLessThanOrEqual(1);
  await Promise.all(queued);
  expect(started.length).toBe(200);
});
