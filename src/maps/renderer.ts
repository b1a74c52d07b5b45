// Renders maps in a worker thread and keeps the results: a map is reused for the same forecast,
// filter and size until the forecast changes. A render that overstays its deadline is abandoned and
// its worker replaced. The worker (its heap and the image library's buffers, tens of megabytes) is
// stopped once no map has been asked for a little while: maps come in bursts (a shift's briefings, a
// chat question) and the service idles between them.
import { EventEmitter } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../workers/start.ts';
import type { MapSpec, RenderedMap } from './spec.ts';

export interface RendererOptions {
  /** The most a render may take in all (tiles included) before it is abandoned. */
  timeoutMs: number;
  /** Rendered maps kept for reuse. */
  cacheSize: number;
  /** How long the worker may sit idle before it is stopped (the next map starts another). */
  idleMs?: number;
}

type Pending = { resolve: (map: RenderedMap) => void; reject: (error: Error) => void; timer: NodeJS.Timeout };

/** Emits 'worker-stopped' (with 'idle' or 'deadline') when it lets its worker go. */
export class MapRenderer extends EventEmitter {
  private worker: Worker | undefined;
  private rest: NodeJS.Timeout | undefined;
  private readonly pending = new Map<number, Pending>();
  private readonly cache = new Map<string, Promise<RenderedMap>>();
  private nextId = 1;

  constructor(private readonly options: RendererOptions) {
    super();
  }

  /**
   * The map for a spec; with a key, the same key returns the same map without rendering again. The spec
   * may be a function that builds it, called only when the map is not cached (its queries cost time).
   */
  render(
    spec: MapSpec | (() => Promise<MapSpec>),
    key?: string,
    timeoutMs = this.options.timeoutMs,
  ): Promise<RenderedMap> {
    const build = typeof spec === 'function' ? spec : () => Promise.resolve(spec);
    if (key === undefined) return build().then((s) => this.renderNow(s, timeoutMs));
    const cached = this.cache.get(key);
    if (cached) {
      // Most recently used last.
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    const rendering = build().then((s) => this.renderNow(s, timeoutMs));
    this.cache.set(key, rendering);
    rendering.catch(() => this.cache.delete(key));
    while (this.cache.size > this.options.cacheSize) this.cache.delete(this.cache.keys().next().value!);
    return rendering;
  }

  private spawn(): Worker {
    const worker = startWorker(new URL('./render-worker.ts', import.meta.url), {});
    worker.on('message', (message: { id: number; result?: RenderedMap; error?: string }) => {
      const job = this.pending.get(message.id);
      if (!job) return;
      this.pending.delete(message.id);
      clearTimeout(job.timer);
      if (message.result) job.resolve({ ...message.result, png: new Uint8Array(message.result.png) });
      else job.reject(new Error(`map rendering failed: ${message.error}`));
    });
    worker.on('error', (error) => this.failAll(worker, error));
    worker.on('exit', (code) => this.failAll(worker, new Error(`the map worker stopped (code ${code})`)));
    // The worker should not keep the process alive on its own.
    worker.unref();
    return worker;
  }

  private failAll(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    for (const [id, job] of this.pending) {
      clearTimeout(job.timer);
      job.reject(error);
      this.pending.delete(id);
    }
  }

  private renderNow(spec: MapSpec, timeoutMs: number): Promise<RenderedMap> {
    clearTimeout(this.rest);
    this.worker ??= this.spawn();
    const worker = this.worker;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`the map took longer than ${timeoutMs} ms`));
        // Whatever it is stuck on goes with it.
        if (this.worker === worker) this.worker = undefined;
        void worker.terminate();
        this.emit('worker-stopped', 'deadline');
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      worker.ref();
      worker.postMessage({ id, spec });
    }).finally(() => {
      if (this.pending.size === 0) this.resting();
    }) as Promise<RenderedMap>;
  }

  /** No render in flight: the worker stops keeping the process alive, and stops after its rest. */
  private resting(): void {
    const worker = this.worker;
    if (!worker) return;
    worker.unref();
    clearTimeout(this.rest);
    this.rest = setTimeout(() => {
      if (this.worker !== worker || this.pending.size > 0) return;
      this.worker = undefined;
      void worker.terminate().then(() => this.emit('worker-stopped', 'idle'));
    }, this.options.idleMs ?? 5000);
    this.rest.unref();
  }

  async close(): Promise<void> {
    clearTimeout(this.rest);
    const worker = this.worker;
    this.worker = undefined;
    for (const job of this.pending.values()) {
      clearTimeout(job.timer);
      job.reject(new Error('the map renderer was closed'));
    }
    this.pending.clear();
    this.cache.clear();
    await worker?.terminate();
  }
}
