// The one way a feed talks to a source over HTTP: a timeout on every request, 429s waited out as the
// source asks (Retry-After) within an allowance per run, and any other failure a FeedError that says
// what the source did. Nothing here stores anything: a failed read leaves the run with nothing.
import { UserError } from '../errors.ts';

export class FeedError extends UserError {}

/** How long one run may wait in all for a source that says "too many requests". */
export interface Patience {
  timeoutMs?: number;
  maxWaitMs?: number;
  /** Shared by every request of one run. */
  waited: { ms: number };
}

/** A source's URL as an administrator typed it, or a UserError saying it is none. */
export function sourceUrl(text: string): URL {
  try {
    return new URL(text);
  } catch {
    throw new UserError(`"${text.slice(0, 80)}" is not a URL`);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** fetch, with the run's timeout and 429s waited out; network failures become FeedErrors. */
export async function politeFetch(
  url: string | URL,
  init: RequestInit,
  patience: Patience,
  what = 'the source',
): Promise<Response> {
  for (;;) {
    let response: Response;
    try {
      response = await fetch(url, { ...init, signal: AbortSignal.timeout(patience.timeoutMs ?? 30_000) });
    } catch (error) {
      const e = error as Error;
      throw new FeedError(
        `${what} did not answer (${e.name === 'TimeoutError' ? 'timed out' : ((e.cause as Error | undefined)?.message ?? e.message)})`,
      );
    }
    if (response.status !== 429) return response;
    // Told to wait: wait as long as asked, within the run's allowance.
    await response.body?.cancel();
    const asked = Number(response.headers.get('retry-after') ?? '5');
    const ms = Math.max(0, Number.isFinite(asked) ? asked * 1000 : 5000);
    if (patience.waited.ms + ms > (patience.maxWaitMs ?? 120_000))
      throw new FeedError(`${what} keeps refusing with 429 (too many requests): the next run tries again`);
    patience.waited.ms += ms;
    await sleep(ms);
  }
}

/** The source answered, but not with success: the status is kept for callers that can act on it. */
export class SourceStatusError extends FeedError {
  constructor(
    readonly sourceStatus: number,
    message: string,
  ) {
    super(message);
  }
}

/** A JSON answer, or a FeedError naming the status and the start of what came instead. */
export async function fetchJson(
  url: string | URL,
  init: RequestInit,
  patience: Patience,
  what = 'the source',
): Promise<unknown> {
  const response = await politeFetch(
    url,
    { ...init, headers: { accept: 'application/json', ...init.headers } },
    patience,
    what,
  );
  const text = await response.text();
  if (!response.ok)
    throw new SourceStatusError(
      response.status,
      `${what} answered ${response.status}: ${text.replace(/\s+/g, ' ').slice(0, 200)}`,
    );
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new FeedError(`${what} answered with something that is not JSON`);
  }
}
