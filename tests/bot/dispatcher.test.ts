import { expect, test } from 'vitest';
import { RateLimiter } from '../../src/auth/rate-limit.ts';
import { type Conversation, Dispatcher } from '../../src/bot/dispatcher.ts';
import type { Message, Visibility } from '../../src/bot/message.ts';
import { silentLogger } from '../../src/log.ts';
import { slowCommand } from '../helpers/slow-command.ts';

function recorder() {
  const events: string[] = [];
  let answered: (m: Message) => void = () => {};
  const answer = new Promise<Message>((resolve) => {
    answered = resolve;
  });
  const conversation: Conversation = {
    capabilities: { buttons: true, privateFiles: true, buttonValueMax: 100 },
    acknowledge: async (v: Visibility) => void events.push(`ack ${v}`),
    reply: async (m: Message) => {
      events.push(`reply ${m.title}`);
      answered(m);
    },
    post: async () => undefined,
  };
  return { events, conversation, answer };
}

const viewer = { platform: 'test', id: 'u1', role: 'viewer' as const };

test('the acknowledgement comes before a slow handler finishes, and shutdown waits for it', async () => {
  const { spec, release } = slowCommand();
  const dispatcher = new Dispatcher([spec], null, silentLogger());
  const { events, conversation, answer } = recorder();
  await dispatcher.dispatch(
    { command: 'slow', input: { text: '3' }, user: viewer, channelId: 'c' },
    conversation,
  );
  expect(events).toEqual(['ack channel']);
  expect(dispatcher.inFlight).toBe(1);
  let drained = false;
  const draining = dispatcher.drain().then(() => {
    drained = true;
  });
  // A command arriving during shutdown is turned away politely.
  const late = recorder();
  await dispatcher.dispatch(
    { command: 'slow', input: { text: '' }, user: viewer, channelId: 'c' },
    late.conversation,
  );
  expect((await late.answer).title).toBe('Patrolcast is restarting; ask again in a minute');
  expect(drained).toBe(false);
  release();
  expect((await answer).title).toBe('done 3');
  await draining;
  expect(drained).toBe(true);
  expect(events).toEqual(['ack channel', 'reply done 3']);
});

test('typed options are checked like typed text: unknown names and wrong types are refused', async () => {
  const { spec, release } = slowCommand();
  release();
  const dispatcher = new Dispatcher([spec], null, silentLogger());
  for (const [options, message] of [
    [{ n: 9 }, 'N must be a whole number from 1 to 5'],
    [{ n: '2; drop table incidents' }, 'N must be a whole number from 1 to 5'],
    [{ x: 1 }, 'There is no option "x"'],
  ] as const) {
    const r = recorder();
    await dispatcher.dispatch(
      { command: 'slow', input: { options }, user: viewer, channelId: 'c' },
      r.conversation,
    );
    expect((await r.answer).title).toBe(message);
    expect(r.events[0]).toBe('ack ephemeral');
  }
  const ok = recorder();
  await dispatcher.dispatch(
    { command: 'slow', input: { options: { n: 2 } }, user: viewer, channelId: 'c' },
    ok.conversation,
  );
  expect((await ok.answer).title).toBe('done 2');
});

test('a chat user over the rate is told to wait; another user is not held back', async () => {
  const { spec, release } = slowCommand();
  release();
  const dispatcher = new Dispatcher([spec], null, silentLogger(), { limiter: new RateLimiter(6) });
  const ask = async (id: string) => {
    const r = recorder();
    await dispatcher.dispatch(
      { command: 'slow', input: { text: '1' }, user: { ...viewer, id }, channelId: 'c' },
      r.conversation,
    );
    return (await r.answer).title;
  };
  expect(await ask('u1')).toBe('done 1');
  expect(await ask('u1')).toMatch(/^That is a lot of questions at once; ask again in \d+ s$/);
  expect(await ask('u2')).toBe('done 1');
});
