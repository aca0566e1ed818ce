import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper.js';
import {
  discoverProviders,
  singletonHandler,
  uniqueSorted,
} from '../common/discovered-providers.js';
import { checkMcpName } from '../common/mcp-name.js';
import type { ParamHeader } from '../protocol/dispatch/mcp-method.interface.js';
import type { RegisteredTool } from './registered-tool.interface.js';
import { JsonSchemaCompiler } from './schema/json-schema.compiler.js';
import { McpTool } from './tool.decorator.js';
import { ToolDefinitionError } from './tool.errors.js';
import type { McpToolHandler } from './tool-handler.interface.js';
import type { McpToolOptions } from './tool-options.interface.js';

// RFC 9110 token, for x-mcp-header names (SEP-2243).
const HTTP_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_TYPES = new Set(['string', 'integer', 'boolean']);

/**
 * Finds every `@McpTool` provider at boot, checks it and compiles its schemas once. Boot fails on a
 * duplicate or invalid name, a non-singleton tool or a bad schema: a silently missing tool is worse.
 */
@Injectable()
export class ToolRegistry implements OnModuleInit {
  private tools: ReadonlyMap<string, RegisteredTool> = new Map();
  private descriptors: readonly Readonly<McpToolOptions>[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly compiler: JsonSchemaCompiler,
  ) {}

  onModuleInit(): void {
    const found = discoverProviders(this.discovery, McpTool).map(
      ({ wrapper, options }) => this.register(wrapper, options),
    );
    // Deterministic order for tools/list (spec.md §1, minor change 3): by name.
    this.tools = uniqueSorted(
      found,
      (t) => t.descriptor.name,
      'tool name',
      fail,
    );
    this.descriptors = Object.freeze(
      [...this.tools.values()].map((t) => t.descriptor),
    );
  }

  /** The `Tool` objects of `tools/list`, in order. */
  list(): readonly Readonly<McpToolOptions>[] {
    return this.descriptors;
  }

  get(name: string): RegisteredTool | undefined {
    return this.tools.get(name);
  }

  private register(
    wrapper: InstanceWrapper,
    options: McpToolOptions,
  ): RegisteredTool {
    const where = `Tool '${options.name}' (${wrapper.name})`;
    checkMcpName(options.name, where, fail);
    const handler = singletonHandler<McpToolHandler>(
      wrapper,
      'execute',
      where,
      fail,
    );
    if (options.inputSchema?.type !== 'object') {
      throw new ToolDefinitionError(
        `${where}: inputSchema must have type "object" at its root`,
      );
    }
    // Task support is server policy, not part of the published Tool object (SEP-2663).
    const { taskSupport = 'forbidden', ...descriptor } = options;
    return {
      descriptor: Object.freeze(descriptor),
      taskSupport,
      handler,
      validateInput: this.compiler.compile(
        options.inputSchema,
        `${where} inputSchema`,
      ),
      validateOutput:
        options.outputSchema &&
        this.compiler.compile(options.outputSchema, `${where} outputSchema`),
      paramHeaders: paramHeadersOf(options, where),
    };
  }
}

const fail = (message: string) => new ToolDefinitionError(message);

/** Reads `x-mcp-header` annotations of top-level primitive properties (SEP-2243). */
function paramHeadersOf(
  options: McpToolOptions,
  where: string,
): readonly ParamHeader[] {
  const properties = (options.inputSchema.properties ?? {}) as Record<
    string,
    Record<string, unknown>
  >;
  const headers: ParamHeader[] = [];
  for (const [argument, schema] of Object.entries(properties)) {
    const name = schema?.['x-mcp-header'];
    if (name === undefined) continue;
    const type = schema.type as string;
    if (
      typeof name !== 'string' ||
      !HTTP_TOKEN.test(name) ||
      !HEADER_TYPES.has(type)
    ) {
      throw new ToolDefinitionError(
        `${where}: x-mcp-header on '${argument}' needs a token name and a string, integer or boolean type`,
      );
    }
    const header = `mcp-param-${name.toLowerCase()}`;
    if (headers.some((h) => h.header === header)) {
      throw new ToolDefinitionError(
        `${where}: x-mcp-header '${name}' is declared twice`,
      );
    }
    headers.push({ header, argument, type: type as ParamHeader['type'] });
  }
  return Object.freeze(headers);
}
