import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type {
  IncomingMessage,
  RequestListener,
  Server,
  ServerResponse,
} from 'node:http';
import { DrainHooks } from '../lifecycle/drain.hooks.js';
import { AdmissionGate } from '../protocol/admission/admission.gate.js';
import { MCP_PATH } from '../protocol/protocol.constants.js';
import { McpEndpoint } from '../protocol/transport/mcp-endpoint.service.js';

const MCP_QUERY = `${MCP_PATH}?`;

/** An HTTP adapter that routes the MCP path itself, ahead of its framework (`McpHttpAdapter`). */
interface McpAwareAdapter {
  useMcpListener(listener: RequestListener): void;
}

/** The optional hook Nest's `app.close()` awaits before any `onModuleDestroy` runs. */
interface ClosingAdapter {
  beforeClose?(): unknown;
}

/**
 * Wires `POST /mcp` into whatever HTTP adapter the application runs on, from inside the module: the
 * endpoint answers before Express (or any framework) sees the request, since Express's request
 * setup, router and `res.json` cost several times the MCP work itself. With `McpHttpAdapter` (the
 * server's own bootstrap) the adapter routes; with any other adapter (`createNestApplication()` in
 * a test, a team's own `main.ts`) the Node server's request listeners are wrapped once, at boot.
 *
 * It tells admission of every connection the server accepts, so that under a flood a new one waits
 * its turn before its first read (`AdmissionGate.onConnection`).
 *
 * It also puts the `DrainHooks` (tasks handed over or failed, held connections read back) into the
 * adapter's `beforeClose`, so that every `app.close()` runs them before any module, the team's
 * included, is destroyed.
 */
@Injectable()
export class McpHttpBinder implements OnApplicationBootstrap {
  constructor(
    private readonly host: HttpAdapterHost,
    private readonly endpoint: McpEndpoint,
    private readonly drain: DrainHooks,
    private readonly admission: AdmissionGate,
  ) {}

  onApplicationBootstrap(): void {
    const adapter = this.host.httpAdapter as unknown as
      (Partial<McpAwareAdapter> & ClosingAdapter) | undefined;
    // A standalone application context (no HTTP) has no adapter: nothing to wire.
    if (!adapter) return;
    this.drain.register('admission', () =>
      Promise.resolve(this.admission.releaseAll()),
    );
    this.drainBeforeClose(adapter);
    const server = this.host.httpAdapter.getHttpServer() as Server | undefined;
    server?.on('connection', this.admission.onConnection);
    if (typeof adapter.useMcpListener === 'function') {
      adapter.useMcpListener(this.endpoint.handle);
      return;
    }
    if (!server) return;
    const others = server.listeners('request') as RequestListener[];
    server.removeAllListeners('request');
    const mcp = this.endpoint.handle;
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const url = req.url ?? '';
      if (url === MCP_PATH || url.startsWith(MCP_QUERY)) mcp(req, res);
      else for (const listener of others) listener.call(server, req, res);
    });
  }

  private drainBeforeClose(adapter: ClosingAdapter): void {
    const previous = adapter.beforeClose?.bind(adapter);
    adapter.beforeClose = async () => {
      await this.drain.run();
      await previous?.();
    };
  }
}
