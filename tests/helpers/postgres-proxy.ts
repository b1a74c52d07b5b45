// A loopback proxy in front of the real PostgreSQL server, which lets a test decide what happens to each
// chunk a client sends: pass it on, hold it, or cut the connection, as a stuck backend, a restart or a
// proxy that cuts idle connections would.
import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';

export interface ClientChunk {
  data: Buffer;
  client: Socket;
  /** Sends the chunk on to the server. */
  pass(): void;
  /** Closes this client's connection and its server side. */
  cut(): void;
}

export async function postgresProxy(target: URL, onChunk: (chunk: ClientChunk) => void) {
  const open = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    open.add(client);
    const cut = () => {
      open.delete(client);
      client.destroy();
      upstream.destroy();
    };
    for (const s of [client, upstream]) {
      s.on('error', cut);
      s.on('close', cut);
    }
    upstream.on('data', (data) => client.write(data));
    client.on('data', (data: Buffer) => onChunk({ data, client, pass: () => upstream.write(data), cut }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = new URL(target);
  url.host = `127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url: url.toString(),
    /** The client connections open now. */
    open,
    async close() {
      for (const s of open) s.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}
