import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper.js';
import {
  discoverProviders,
  singletonHandler,
  uniqueSorted,
} from '../common/discovered-providers.js';
import { checkMcpName } from '../common/mcp-name.js';
import { CallerList } from '../protocol/execution/caller-list.js';
import { schemaPropertyNames } from '../protocol/execution/handler-signature.js';
import { McpHandlerEnhancer } from '../protocol/execution/mcp-handler.enhancer.js';
import type { ParamHeader } from '../protocol/dispatch/mcp-method.interface.js';
import type { RegisteredTool } from './registered-tool.interface.js';
import { JsonSchemaCompiler } from './schema/json-schema.compiler.js';
import { toolDescriptor } from './schema/tool-schema.converter.js';
import { decoratedTools, toolDiscovery } from './tool.decorator.js';
import { ToolDefinitionError } from './tool.errors.js';
import type { McpToolHandler } from './tool-handler.interface.js';
import type {
  JsonSchema,
  McpToolOptions,
  ToolDescriptor,
} from './tool-options.interface.js';

// RFC 9110 token, for x-mcp-header names (SEP-2243).
const HTTP_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_TYPES = new Set(['string', 'integer', 'boolean']);

/**
 * Finds every `@McpTool` provider at boot, checks it and compiles its schemas once. Boot fails on a
 * duplicate or invalid name, a non-singleton tool or a bad schema: a silently missing tool is worse.
 */
@Injectable()
export class ToolRegistry implements OnModuleInit {
  private readonly logger = new Logger('ToolRegistry');
  private tools: ReadonlyMap<string, RegisteredTool> = new Map();
  private callerList = new CallerList<Readonly<ToolDescriptor>>([]);

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly compiler: JsonSchemaCompiler,
    private readonly enhancer: McpHandlerEnhancer,
  ) {}

  onModuleInit(): void {
    const found = discoverProviders(this.discovery, toolDiscovery).map(
      ({ wrapper, options }) => this.register(wrapper, options),
    );
    decoratedTools.warnUnprovided(this.discovery, this.logger);
    // By name: tools/list in a deterministic order
    // (https://modelcontextprotocol.io/specification/2026-07-28/server/tools#capabilities).
    this.tools = uniqueSorted(
      found,
      (t) => t.descriptor.name,
      'tool name',
      fail,
    );
    this.callerList = new CallerList([...this.tools.values()]);
  }

  /** The `Tool` objects of `tools/list`, in order. */
  list(): readonly Readonly<ToolDescriptor>[] {
    return this.callerList.all();
  }

  /** The `Tool` objects each caller may see. */
  get visible(): CallerList<Readonly<ToolDescriptor>> {
    return this.callerList;
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
    // Schema objects (zod…) become JSON Schema here, once; literals pass through. Task support is
    // server policy, not part of the published Tool object (SEP-2663), and so is the re-run
    // policy; `parameters` is for the type checker only.
    const {
      taskSupport = 'forbidden',
      rerun = 'never',
      parameters: _parameters,
      ...published
    } = options;
    const descriptor = toolDescriptor(published, where);
    const validateInput = this.compiler.compileInput(
      descriptor.inputSchema,
      `${where} inputSchema`,
    );
    return {
      descriptor,
      taskSupport,
      rerun,
      handler,
      bound: this.enhancer.bind(
        handler,
        'execute',
        { kind: 'tool', name: options.name },
        {
          params: ['args', 'context'],
          hooks: ['beforeTask', 'runsAsTask'],
          argumentNames: schemaPropertyNames(descriptor.inputSchema),
          deferrable: taskSupport !== 'forbidden',
        },
      ),
      validateInput,
      explainInput: this.compiler.explainInput(
        descriptor.inputSchema,
        validateInput,
      ),
      validateOutput:
        descriptor.outputSchema &&
        this.compiler.compileOutput(
          descriptor.outputSchema,
          `${where} outputSchema`,
        ),
      paramHeaders: paramHeadersOf(descriptor.inputSchema, where),
    };
  }
}

const fail = (message: string) => new ToolDefinitionError(message);

/** Reads `x-mcp-header` annotations of top-level primitive properties (SEP-2243). */
function paramHeadersOf(
  inputSchema: JsonSchema,
  where: string,
): readonly ParamHeader[] {
  const properties = (inputSchema.properties ?? {}) as Record<
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
