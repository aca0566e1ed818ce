import {
  connect,
  createServer,
  type AddressInfo,
  type Server,
  type Socket,
} from 'node:net';
import { waitFor } from './wait-for.js';

/**
 * `count` loopback connections to a plain TCP server of its own: the server-side sockets (with the
 * real libuv handle that stopping and starting reads works on), the client ends, and what each
 * server side has read.
 */
export async function loopbackSockets(count: number) {
  const accepted: Socket[] = [];
  const read = new Map<Socket, string>();
  const server: Server = createServer((socket) => {
    accepted.push(socket);
    read.set(socket, '');
    socket.on('data', (d: Buffer) =>
      read.set(socket, `${read.get(socket)}${d.toString()}`),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const clients: Socket[] = [];
  for (let i = 0; i < count; i++) {
    const client = connect(port, '127.0.0.1');
    clients.push(client);
    await waitFor(() => accepted.length === i + 1, { what: 'the accept' });
  }
  return {
    server,
    clients,
    accepted,
    /** Whether the server side of connection `i` has read anything. */
    hasRead: (i: number) => read.get(accepted[i]) !== '',
    /** Sends a byte on every connection, then waits until an unheld one has read its own. */
    async sendAll(unheld: number) {
      for (const client of clients) client.write('x');
      await waitFor(() => read.get(accepted[unheld]) !== '', {
        what: 'the unheld connection to read',
      });
    },
    close() {
      for (const socket of [...clients, ...accepted]) socket.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
