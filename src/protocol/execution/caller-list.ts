import type { McpPrincipal } from '../auth/mcp-authenticator.interface.js';
import type { BoundHandler } from './bound-handler.js';

/** A registered tool, prompt or resource as a list sees it. */
export interface Listable<D> {
  readonly descriptor: D;
  readonly bound: BoundHandler;
}

/**
 * The descriptors of a list method in order, and the subset each caller may see: entries whose
 * access rule excludes the caller (`@RequireScopes`, `@ListedFor`) are left out. When no entry is
 * restricted, every caller gets the one frozen array.
 */
export class CallerList<D> {
  private readonly everything: readonly D[];
  /** True when what a caller sees depends on who it is (lists are then `cacheScope: "private"`). */
  readonly restricted: boolean;

  constructor(private readonly entries: readonly Listable<D>[]) {
    this.everything = Object.freeze(entries.map((e) => e.descriptor));
    this.restricted = entries.some((e) => e.bound.access.restricted);
  }

  /** Every descriptor, whoever asks. */
  all(): readonly D[] {
    return this.everything;
  }

  /** The descriptors `principal` may see. */
  for(principal: McpPrincipal | undefined): readonly D[] {
    if (!this.restricted) return this.everything;
    return this.entries
      .filter((e) => e.bound.access.lists(principal))
      .map((e) => e.descriptor);
  }
}
