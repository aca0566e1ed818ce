import { Injectable } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import {
  McpAuthError,
  type McpAuthenticator,
  type McpPrincipal,
} from '@stateless-mcp/nest';
import { ApiKeyTable } from './api-key.table.js';

/**
 * Establishes the caller of every `/mcp` request from its `X-Api-Key` header. A request without a
 * known key is refused before its body is read: HTTP 401 with a JSON-RPC error body.
 */
@Injectable()
export class ApiKeyAuthenticator implements McpAuthenticator {
  constructor(private readonly keys: ApiKeyTable) {}

  async authenticate(req: IncomingMessage): Promise<McpPrincipal> {
    const key = req.headers['x-api-key'];
    const principal = typeof key === 'string' ? this.keys.find(key) : undefined;
    if (!principal)
      throw new McpAuthError(
        401,
        'ApiKey realm="team-tools"',
        'A valid X-Api-Key header is required',
      );
    return principal;
  }
}
