import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { waitFor } from '../../../test/support/wait-for.js';
import { startReading, stopReading } from './socket-reads.js';

const request = (path: string) =>
  `GET ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n`;

/** Pins, on the Node running the suite, that a stopped handle stays stopped until started. */
describe('stopReading / startReading', () => {
  let server: Server | undefined;
  const clients: Socket[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('keeps a keep-alive connection unread until started again, though Node reads bodies and resumes sockets', async () => {
    const seen: string[] = [];
    let held: Socket | undefined;
    server = createServer((req: IncomingMessage, res) => {
      seen.push(req.url!);
      // The first request of the held connection stops its reads; Node answers and resumes it.
      if (req.url === '/held-1') {
        held = req.socket;
        expect(stopReading(req.socket)).toBe(true);
      }
      req.resume();
      res.end('ok');
    });
    await new Promise<void>((resolve) =>
      server!.listen(0, '127.0.0.1', resolve),
    );
    const { port } = server.address() as AddressInfo;
    const open = () =>
      new Promise<Socket>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => resolve(socket));
        socket.on('data', () => undefined);
        clients.push(socket);
      });

    const first = await open();
    first.write(request('/held-1'));
    await waitFor(() => seen.includes('/held-1'), {
      what: 'the first request',
    });
    first.write(request('/held-2'));
    // Written after /held-2: once the server has read it, it would have read /held-2 too.
    (await open()).write(request('/other'));
    await waitFor(() => seen.includes('/other'), { what: 'the other request' });
    expect(seen).not.toContain('/held-2');

    startReading(held!);
    await waitFor(() => seen.includes('/held-2'), {
      what: 'the held request once reads start again',
    });
  });

  it('leaves a destroyed socket alone', () => {
    const socket = connect({ port: 1, host: '127.0.0.1' });
    socket.on('error', () => undefined);
    socket.destroy();
    expect(stopReading(socket)).toBe(false);
    expect(() => startReading(socket)).not.toThrow();
  });
});
