import {
  type CanActivate,
  type ExecutionContext,
  Injectable,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { McpExecutionContext } from '@stateless-mcp/nest';
import { holdsAnyRole, ROLES } from './roles.decorator.js';

/**
 * Lets a call through when its caller holds one of the tool's `@Roles`. Returning false makes the
 * server answer HTTP 403 with a JSON-RPC error ("Forbidden: you may not use tool …").
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<string[] | undefined>(
      ROLES,
      [context.getHandler(), context.getClass()],
    );
    if (!roles) return true;
    const { principal } = McpExecutionContext.create(context).getContext();
    return holdsAnyRole(principal, roles);
  }
}
