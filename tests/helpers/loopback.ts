// Starting and stopping the loopback servers the tests speak to: 127.0.0.1 only, a free port.
import { once } from 'node:events';
import type { Server } from 'node:http';

export async function listenLoopback(server: Server): Promise<void> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
}

export async function closeLoopback(server: Server | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
}
