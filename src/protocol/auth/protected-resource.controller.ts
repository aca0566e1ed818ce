import {
  Controller,
  Get,
  Inject,
  NotFoundException,
  Req,
  Res,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { PACKAGE } from '../../config/package-info.js';
import { MCP_PATH } from '../protocol.constants.js';
import { AuthSettings } from './auth-settings.js';
import {
  PROTECTED_RESOURCE_METADATA_PATH,
  ResourceIdentity,
} from './resource-identity.js';

/** RFC 9728 §2 protected-resource metadata, as this server publishes it. */
export interface ProtectedResourceMetadata {
  resource: string;
  authorization_servers: string[];
  scopes_supported: string[];
  bearer_methods_supported: ['header'];
  resource_name: string;
}

/**
 * Serves the protected-resource metadata (RFC 9728) that 401 challenges point to, at the root
 * well-known path and at its `/mcp` path-specific twin that MCP clients try first. Anonymous, like
 * `/healthz` and `/readyz`; 404 while authorization is off.
 */
@Controller()
export class ProtectedResourceController {
  private readonly identity: ResourceIdentity;

  constructor(@Inject(AuthSettings) private readonly auth: AuthSettings) {
    this.identity = new ResourceIdentity(auth);
  }

  @Get([
    PROTECTED_RESOURCE_METADATA_PATH,
    `${PROTECTED_RESOURCE_METADATA_PATH}${MCP_PATH}`,
  ])
  metadata(@Req() req: Request, @Res() res: Response): void {
    if (!this.auth.enabled) throw new NotFoundException();
    const body: ProtectedResourceMetadata = {
      resource: this.identity.resource(req.headers),
      authorization_servers: [this.auth.issuer],
      scopes_supported: [...this.auth.scopesSupported],
      bearer_methods_supported: ['header'],
      resource_name: PACKAGE.name,
    };
    res
      .status(200)
      // Public metadata, read by browser-based clients from other origins too.
      .set({
        'Access-Control-Allow-Origin': '*',
        'Cache-Control': 'max-age=3600',
        Vary: 'Host, X-Forwarded-Proto',
      })
      .json(body);
  }
}
