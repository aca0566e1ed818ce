import { Injectable, Logger } from '@nestjs/common';
import { denialOf } from '../protocol/execution/denial.js';
import { McpAuthError } from '../protocol/auth/mcp-authenticator.interface.js';
import type { McpCallContext } from '../protocol/dispatch/mcp-call-context.interface.js';
import type { AccessCaller } from '../protocol/execution/bound-handler.js';
import { quote } from '../protocol/json-rpc/quote.js';
import { JsonRpcError } from '../protocol/json-rpc/json-rpc.error.js';
import { InputRequired } from '../protocol/mrtr/input-required.js';
import type {
  JsonObject,
  McpResult,
} from '../protocol/json-rpc/json-rpc.types.js';
import type { RegisteredTool } from './registered-tool.interface.js';
import { JsonSchemaCompiler } from './schema/json-schema.compiler.js';
import { ToolRegistry } from './tool.registry.js';
import { CallerFacingError } from '../common/caller-facing.error.js';
import { ToolResult } from './tool-result.js';

/**
 * Runs `tools/call`. Two error lanes
 * (https://modelcontextprotocol.io/specification/2026-07-28/server/tools#error-handling): an
 * unknown tool is a protocol error (-32602); bad arguments, `ToolError`s and unexpected exceptions
 * are results with `isError: true`, and an unexpected exception's message is never shown.
 */
@Injectable()
export class ToolInvoker {
  private readonly logger = new Logger('ToolInvoker');

  constructor(
    private readonly registry: ToolRegistry,
    private readonly compiler: JsonSchemaCompiler,
  ) {}

  /** @throws JsonRpcError -32602 when the tool does not exist. */
  call(
    params: JsonObject,
    ctx: McpCallContext & AccessCaller,
  ): Promise<McpResult> {
    return this.run(params, ctx, false);
  }

  /**
   * Runs a call whose caller was authorized earlier, when its task was created: the tool's scopes
   * and guards are not checked again (there is no request to check them against); its pipes,
   * parameter decorators, interceptors and filters run.
   * @throws JsonRpcError -32602 when the tool does not exist.
   */
  callAuthorized(params: JsonObject, ctx: McpCallContext): Promise<McpResult> {
    return this.run(params, ctx, true);
  }

  private async run(
    params: JsonObject,
    ctx: McpCallContext & AccessCaller,
    authorized: boolean,
  ): Promise<McpResult> {
    const name = params.name;
    const tool = typeof name === 'string' ? this.registry.get(name) : undefined;
    if (!tool) {
      throw JsonRpcError.invalidParams(
        typeof name === 'string'
          ? `Unknown tool: ${quote(name)}`
          : 'Invalid params: name must be a string',
      );
    }
    if (!authorized) tool.bound.enforce(ctx);
    // A fresh object when absent: validation fills declared defaults into the arguments in place.
    const args = params.arguments ?? {};
    if (!tool.validateInput(args)) {
      return failure(
        `Invalid arguments for tool ${tool.descriptor.name}: ${tool.explainInput(args)}`,
      );
    }
    try {
      const output = authorized
        ? await tool.bound.invokeAuthorized(ctx, args, args, ctx)
        : await tool.bound.invoke(ctx, args, args, ctx);
      return this.toResult(tool, output);
    } catch (err) {
      // A guard's denial, a failed scope check or a protocol error the tool raised on purpose.
      if (err instanceof JsonRpcError || err instanceof McpAuthError) throw err;
      // A 4xx HttpException the tool threw itself (its guards' are mapped already).
      const denial = denialOf(err, tool.bound.target);
      if (denial) throw denial;
      if (err instanceof CallerFacingError)
        return failure(err.message, err.details);
      if (ctx.signal.aborted) {
        // Stopped on purpose (the client went away, tasks/cancel, shutdown): not a failure to log.
        this.logger.debug(`Tool ${tool.descriptor.name} stopped: aborted`);
        return failure(`Tool ${tool.descriptor.name} was stopped.`);
      }
      this.logger.error(
        `Tool ${tool.descriptor.name} failed: ${err instanceof Error ? err.stack : String(err)}`,
      );
      return failure(
        `Tool ${tool.descriptor.name} failed unexpectedly. Try again later.`,
      );
    }
  }

  private toResult(tool: RegisteredTool, output: unknown): McpResult {
    // Converted to the wire form (and capability-checked) by InputRequiredInterceptor.
    if (output instanceof InputRequired) return output as unknown as McpResult;
    if (output instanceof ToolResult) {
      if (
        !output.isError &&
        output.structuredContent !== undefined &&
        !this.conforms(tool, output.structuredContent)
      )
        return invalidResult(tool);
      return wire(output);
    }
    if (output === undefined) {
      if (!tool.validateOutput) return { content: [] };
      // Not masked: the tool's author needs to see it, and it says nothing about the server.
      const message = `Tool ${tool.descriptor.name} returned no result, but its outputSchema requires structuredContent.`;
      this.logger.error(message);
      return failure(message);
    }
    if (!this.conforms(tool, output)) return invalidResult(tool);
    // Structured output plus the same JSON as text, for clients that read only content (SEP-2106).
    return {
      content: [{ type: 'text', text: JSON.stringify(output) }],
      structuredContent: output,
    };
  }

  /**
   * The server MUST return structuredContent that conforms to its outputSchema
   * (https://modelcontextprotocol.io/specification/2026-07-28/server/tools#output-schema).
   */
  private conforms(tool: RegisteredTool, structured: unknown): boolean {
    if (!tool.validateOutput || tool.validateOutput(structured)) return true;
    this.logger.error(
      `Tool ${tool.descriptor.name} broke its outputSchema: ${this.compiler.describe(tool.validateOutput, 'structuredContent')}`,
    );
    return false;
  }
}

function invalidResult(tool: RegisteredTool): McpResult {
  return failure(`Tool ${tool.descriptor.name} produced an invalid result.`);
}

/** The wire `CallToolResult` of an explicit result. */
function wire(output: ToolResult<unknown>): McpResult {
  const result: McpResult = { content: output.content };
  if (output.structuredContent !== undefined)
    result.structuredContent = output.structuredContent;
  if (output.isError) result.isError = true;
  return result;
}

/** A tool error result: the same shape `ToolResult.error` builds. */
function failure(
  message: string,
  details?: Record<string, unknown>,
): McpResult {
  return wire(ToolResult.error(message, details));
}
