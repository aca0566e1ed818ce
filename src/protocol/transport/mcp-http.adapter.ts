import { ExpressAdapter } from '@nestjs/platform-express';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { MCP_PATH } from '../protocol.constants.js';

const MCP_QUERY = `${MCP_PATH}?`;

/**
 * Express adapter whose HTTP server hands `/mcp` to the MCP endpoint before Express sees it.
 * Express's request setup, router and `res.json` (ETag hashing) cost 3–5× the whole MCP work
 * (reference/perf.md, rows 2–2c); everything else (status page, health) stays on Express and Nest.
 */
export class McpHttpAdapter extends ExpressAdapter {
  private mcpListener?: RequestListener;

  /** Routes the MCP path to `listener`; until then it goes to Express (404). */
  useMcpListener(listener: RequestListener): void {
    this.mcpListener = listener;
  }

  override initHttpServer(options: Parameters<ExpressAdapter['initHttpServer']>[0]): void {
    super.initHttpServer(options);
    const server = this.getHttpServer() as Server;
    const express = this.getInstance() as RequestListener;
    server.removeAllListeners('request');
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const url = req.url ?? '';
      const isMcp = url === MCP_PATH || url.startsWith(MCP_QUERY);
      if (isMcp && this.mcpListener) this.mcpListener(req, res);
      else express(req, res);
    });
  }
}
