import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ListedFor, type McpPrincipal } from '@stateless-mcp/nest';

/** Metadata key of `@Roles`, read by `RolesGuard`. */
export const ROLES = 'team:roles';

/** The roles `ApiKeyAuthenticator` gave the caller. */
export const rolesOf = (principal: McpPrincipal | undefined): string[] =>
  (principal?.claims.roles as string[] | undefined) ?? [];

/** Whether `principal` holds one of `roles`. */
export const holdsAnyRole = (
  principal: McpPrincipal | undefined,
  roles: readonly string[],
): boolean => rolesOf(principal).some((r) => roles.includes(r));

/**
 * Only callers holding one of `roles` may call this tool (with `@UseGuards(RolesGuard)`) or see it
 * in `tools/list` (`ListedFor`): one declaration for both, so they cannot drift apart.
 */
export const Roles = (...roles: string[]) =>
  applyDecorators(
    SetMetadata(ROLES, roles),
    ListedFor((principal) => holdsAnyRole(principal, roles)),
  );
