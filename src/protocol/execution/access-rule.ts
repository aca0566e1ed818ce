import type { IncomingHttpHeaders } from 'node:http';
import type { McpPrincipal } from '../auth/mcp-authenticator.interface.js';
import {
  LISTED_FOR,
  type ListPredicate,
  REQUIRED_SCOPES,
} from './access.decorators.js';

/** Refuses a caller that lacks scopes (built by the auth module: it knows the challenge). */
export type ScopeRefusal = (
  headers: IncomingHttpHeaders,
  scopes: readonly string[],
) => Error;

/**
 * What a tool, prompt or resource declares about who may see and call it (`@RequireScopes`,
 * `@ListedFor` on its class or handler method), read once at boot.
 */
export class AccessRule {
  /** The rule of a handler that declares nothing: everyone. */
  static readonly OPEN = new AccessRule([], []);

  private constructor(
    readonly scopes: readonly string[],
    private readonly predicates: readonly ListPredicate[],
  ) {}

  /** Reads the rule of `instance[methodName]` from its class and method metadata. */
  static of(instance: object, methodName: string): AccessRule {
    const method = (instance as Record<string, object>)[methodName];
    const targets = [instance.constructor, method];
    const scopes = targets.flatMap(
      (t) => (Reflect.getMetadata(REQUIRED_SCOPES, t) as string[]) ?? [],
    );
    const predicates = targets
      .map((t) => Reflect.getMetadata(LISTED_FOR, t) as unknown)
      .filter((p) => p !== undefined);
    check(`${instance.constructor.name}.${methodName}`, targets, predicates);
    return scopes.length === 0 && predicates.length === 0
      ? AccessRule.OPEN
      : new AccessRule([...new Set(scopes)], predicates as ListPredicate[]);
  }

  /** True when what a caller sees depends on who it is. */
  get restricted(): boolean {
    return this !== AccessRule.OPEN;
  }

  /** Whether a list shows the handler to `principal`. */
  lists(principal: McpPrincipal | undefined): boolean {
    if (!this.restricted) return true;
    return (
      this.hasScopes(principal) && this.predicates.every((p) => p(principal))
    );
  }

  /** @throws the refusal `refuse` builds when the caller lacks a required scope. */
  enforce(
    call: {
      readonly principal?: McpPrincipal;
      readonly headers?: IncomingHttpHeaders;
    },
    refuse: ScopeRefusal,
  ): void {
    if (!this.hasScopes(call.principal))
      throw refuse(call.headers ?? {}, this.scopes);
  }

  private hasScopes(principal: McpPrincipal | undefined): boolean {
    if (this.scopes.length === 0) return true;
    const held = principal?.scopes ?? [];
    return this.scopes.every((s) => held.includes(s));
  }
}

// RFC 6749 §3.3 scope-token: printable ASCII without space, double quote or backslash.
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** @throws Error naming `where` for a declaration that can never work. */
function check(
  where: string,
  targets: readonly object[],
  predicates: readonly unknown[],
): void {
  for (const target of targets) {
    if (!Reflect.hasOwnMetadata(REQUIRED_SCOPES, target)) continue;
    const scopes = Reflect.getMetadata(REQUIRED_SCOPES, target) as unknown[];
    if (scopes.length === 0)
      throw new Error(`${where}: @RequireScopes needs at least one scope`);
    if (!scopes.every((s) => typeof s === 'string' && SCOPE_TOKEN.test(s)))
      throw new Error(
        `${where}: @RequireScopes takes scope tokens (RFC 6749 §3.3)`,
      );
  }
  if (!predicates.every((p) => typeof p === 'function'))
    throw new Error(`${where}: @ListedFor takes a function of the caller`);
}
