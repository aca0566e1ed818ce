import { SetMetadata } from '@nestjs/common';
import type { McpPrincipal } from '../auth/mcp-authenticator.interface.js';

/** Metadata key of `@RequireScopes`. */
export const REQUIRED_SCOPES = 'mcp:required-scopes';
/** Metadata key of `@ListedFor`. */
export const LISTED_FOR = 'mcp:listed-for';

/** Decides from the caller alone (no arguments) whether a tool, prompt or resource is listed. */
export type ListPredicate = (principal: McpPrincipal | undefined) => boolean;

/**
 * The OAuth scopes a caller's token must carry to call this tool (prompt, resource). A caller
 * without them does not see it in lists, and a call answers HTTP 403 with the step-up challenge
 * `WWW-Authenticate: Bearer error="insufficient_scope", scope="…"` (RFC 6750 §3.1; MCP
 * authorization, https://modelcontextprotocol.io/specification/2026-07-28/basic/authorization).
 * On the class or on its handler method.
 */
export const RequireScopes = (...scopes: string[]) =>
  SetMetadata(REQUIRED_SCOPES, scopes);

/**
 * Lists this tool (prompt, resource) only to callers `predicate` accepts: the list-time half of a
 * guard that decides on the caller alone, such as a role check. Compose it into a team's own
 * decorator, so one declaration feeds both the guard and the list:
 *
 * ```ts
 * export const Roles = (...roles: string[]) =>
 *   applyDecorators(SetMetadata(ROLES, roles), ListedFor((p) => hasAnyRole(p, roles)));
 * ```
 */
export const ListedFor = (predicate: ListPredicate) =>
  SetMetadata(LISTED_FOR, predicate);
