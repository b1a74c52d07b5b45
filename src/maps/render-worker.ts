// The map render worker: renders one map per message, so that a slow render never holds up the main
// thread (and chat acknowledgements with it).
import { parentPort } from 'node:worker_threads';
import { renderMap } from './render-map.ts';
import type { MapSpec } from './spec.ts';

parentPort!.on('message', async (message: { id: number; spec: MapSpec }) => {
  try {
    const result = await renderMap(message.spec);
    parentPort!.postMessage({ id: message.id, result }, [result.png.buffer as ArrayBuffer]);
  } catch (error) {
    parentPort!.postMessage({
      id: message.id,
      error: error instanceof Error ? error.message : String(error),
    });
  }
});
