import { Injectable } from '@nestjs/common';
import type { ProtocolEra } from './mcp-request-context.js';
import type {
  McpMethod,
  McpMethodHandler,
  McpMethodOptions,
} from './mcp-method.interface.js';

/**
 * Method table of the endpoint. Feature modules register their methods and the capability they
 * imply at boot; the protocol layer never knows a tool, prompt or resource by name. A capability
 * that nobody registered is not advertised, and its methods answer -32601
 * (https://modelcontextprotocol.io/specification/2026-07-28/server/discover).
 */
@Injectable()
export class McpMethodRegistry {
  private readonly modern = new Map<string, McpMethod>();
  private readonly legacy = new Map<string, McpMethod>();
  private readonly caps: Record<string, unknown> = {};

  /** Adds a method. @throws Error on a duplicate: two modules claiming one method is a bug. */
  register(
    name: string,
    handler: McpMethodHandler,
    options: McpMethodOptions = {},
  ): void {
    const method: McpMethod = { ...options, name, handler };
    for (const era of options.eras ?? (['modern', 'legacy'] as const)) {
      const table = era === 'modern' ? this.modern : this.legacy;
      if (table.has(name))
        throw new Error(`MCP method ${name} is registered twice`);
      table.set(name, method);
    }
  }

  /**
   * Wraps a registered method's handler (in every era that has it), e.g. so an extension can take
   * over some `tools/call`s. Call once all methods are registered (`onApplicationBootstrap`).
   * @throws Error when the method is not registered.
   */
  wrap(
    name: string,
    wrapper: (inner: McpMethodHandler, era: ProtocolEra) => McpMethodHandler,
  ): void {
    let found = false;
    for (const [era, table] of [
      ['modern', this.modern],
      ['legacy', this.legacy],
    ] as const) {
      const method = table.get(name);
      if (!method) continue;
      found = true;
      table.set(name, { ...method, handler: wrapper(method.handler, era) });
    }
    if (!found) throw new Error(`MCP method ${name} is not registered`);
  }

  /** Declares a server capability (`tools`, `resources`, …) for `server/discover`. */
  declareCapability(name: string, value: Record<string, unknown>): void {
    this.caps[name] = value;
  }

  /** Server capabilities derived from what is registered. */
  capabilities(): Readonly<Record<string, unknown>> {
    return this.caps;
  }

  lookup(era: ProtocolEra, name: string): McpMethod | undefined {
    return (era === 'modern' ? this.modern : this.legacy).get(name);
  }
}
