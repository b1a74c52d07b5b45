// Worker threads kept between jobs: starting one (its module graph, and the TypeScript loader in a
// checkout not yet built) costs more than a small job, and a backtest asks for a forest every
// simulated week. Idle workers never keep the process alive and are stopped after a short rest.
import type { Transferable, Worker } from 'node:worker_threads';
import { startWorker } from './start.ts';

interface Job<I, O> {
  input: I;
  resolve: (output: O) => void;
  reject: (error: Error) => void;
}

export class WorkerPool<I, O> {
  private idle: Worker[] = [];
  private readonly busy = new Map<Worker, Job<I, O>>();
  private readonly queue: Job<I, O>[] = [];
  private rest: NodeJS.Timeout | undefined;

  /** The module answers each message with one message (see forest/worker.ts). */
  constructor(
    private readonly module: URL,
    private readonly size: number,
    private readonly idleMs = 2000,
    private readonly transfer: (input: I) => Transferable[] = () => [],
  ) {}

  run(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    clearTimeout(this.rest);
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? (this.busy.size < this.size ? this.spawn() : undefined);
      if (!worker) return;
      const job = this.queue.shift()!;
      this.busy.set(worker, job);
      worker.ref();
      worker.postMessage(job.input, this.transfer(job.input));
    }
    if (this.busy.size === 0 && this.idle.length > 0) {
      this.rest = setTimeout(() => this.stopIdle(), this.idleMs);
      this.rest.unref();
    }
  }

  private spawn(): Worker {
    const worker = startWorker(this.module, {});
    worker.on('message', (output: O) => {
      const job = this.busy.get(worker);
      if (!job) return;
      this.busy.delete(worker);
      worker.unref();
      this.idle.push(worker);
      job.resolve(output);
      this.pump();
    });
    const fail = (error: Error) => {
      const job = this.busy.get(worker);
      this.busy.delete(worker);
      this.idle = this.idle.filter((w) => w !== worker);
      if (!job) return;
      job.reject(error);
      this.pump();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`worker exited with code ${code} before answering`)));
    return worker;
  }

  private stopIdle(): void {
    const stopping = this.idle;
    this.idle = [];
    for (const worker of stopping) void worker.terminate();
  }
}
