// Runs a Hono app on Node's HTTP server and stops it cleanly.
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';
import { UserError } from '../errors.ts';

export interface HttpServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

export async function listen(app: { fetch: Hono['fetch'] }, port: number, host: string): Promise<HttpServer> {
  const server = createAdaptorServer({ fetch: app.fetch });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new UserError(`port ${port} on ${host} is already in use`));
      else if (error.code === 'EACCES') reject(new UserError(`not allowed to listen on ${host}:${port}`));
      else reject(error);
    });
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    port: actual,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        // Finish requests in flight, then drop idle keep-alive connections.
        server.close(() => resolve());
        if ('closeIdleConnections' in server) server.closeIdleConnections();
      }),
  };
}
