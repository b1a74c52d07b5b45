// Loopback tile servers that behave well, fail, never answer, or refuse connections.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';

export type TileMode = 'ok' | 'fail' | 'hang' | 'refuse';

export interface TileServer {
  url: string;
  requests: number;
  close(): Promise<void>;
}

let tile: Buffer | undefined;

export async function startTileServer(mode: TileMode): Promise<TileServer> {
  tile ??= await sharp({ create: { width: 256, height: 256, channels: 3, background: '#c8d7e6' } })
    .png()
    .toBuffer();
  const hanging: import('node:http').ServerResponse[] = [];
  const state = { requests: 0 };
  const server: Server = createServer((_req, res) => {
    state.requests++;
    if (mode === 'ok') {
      res.writeHead(200, { 'content-type': 'image/png' }).end(tile);
    } else if (mode === 'fail') {
      res.writeHead(500, { 'content-type': 'text/plain' }).end('tile server error');
    } else {
      hanging.push(res);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  if (mode === 'refuse') await close();
  return {
    url: `http://127.0.0.1:${port}/{z}/{x}/{y}.png`,
    get requests() {
      return state.requests;
    },
    close: mode === 'refuse' ? async () => {} : close,
  };
}
