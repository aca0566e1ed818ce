import { Injectable } from '@nestjs/common';
import type { McpRequestContext } from '../protocol/dispatch/mcp-request-context.js';
import { quote } from '../protocol/json-rpc/quote.js';
import { JsonRpcError } from '../protocol/json-rpc/json-rpc.error.js';
import {
  isJsonObject,
  type JsonObject,
  type McpResult,
} from '../protocol/json-rpc/json-rpc.types.js';
import { InputRequired } from '../protocol/mrtr/input-required.js';
import type {
  PromptMessage,
  PromptOutput,
} from './prompt-handler.interface.js';
import { PromptArgumentError } from './prompt.errors.js';
import { PromptRegistry } from './prompt.registry.js';
import type { RegisteredPrompt } from './registered-prompt.interface.js';

const ROLES = new Set(['user', 'assistant']);

/**
 * Runs `prompts/get`. Protocol errors are -32602
 * (https://modelcontextprotocol.io/specification/2026-07-28/server/prompts#error-handling): unknown
 * prompt, arguments that are not a map of strings, a missing required argument, or a value the
 * prompt refuses (`PromptArgumentError`). Anything else a handler throws is masked as an internal
 * error.
 */
@Injectable()
export class PromptRenderer {
  constructor(private readonly registry: PromptRegistry) {}

  async get(params: JsonObject, ctx: McpRequestContext): Promise<McpResult> {
    const name = params.name;
    const prompt =
      typeof name === 'string' ? this.registry.get(name) : undefined;
    if (!prompt) {
      throw JsonRpcError.invalidParams(
        typeof name === 'string'
          ? `Unknown prompt: ${quote(name)}`
          : 'Invalid params: name must be a string',
      );
    }
    prompt.bound.enforce(ctx);
    const args = argumentsOf(prompt, params.arguments);
    let output: PromptOutput;
    try {
      output = (await prompt.bound.invoke(
        ctx,
        args,
        args,
        ctx,
      )) as PromptOutput;
    } catch (err) {
      if (err instanceof PromptArgumentError) {
        throw JsonRpcError.invalidParams(
          err.message,
          err.argument === undefined ? undefined : { argument: err.argument },
        );
      }
      throw err;
    }
    // Converted to the wire form (and capability-checked) by InputRequiredInterceptor.
    if (output instanceof InputRequired) return output as unknown as McpResult;
    return toResult(prompt, output);
  }
}

/** The declared arguments the client sent. @throws JsonRpcError -32602 on bad or missing ones. */
function argumentsOf(
  prompt: RegisteredPrompt,
  given: unknown,
): Record<string, string> {
  if (given !== undefined && !isJsonObject(given)) {
    throw JsonRpcError.invalidParams(
      'Invalid params: arguments must be an object of strings',
    );
  }
  const args: Record<string, string> = {};
  for (const name of prompt.argumentNames) {
    const value = given?.[name];
    if (value === undefined) continue;
    // PromptArgument values are strings in the schema (GetPromptRequestParams.arguments).
    if (typeof value !== 'string')
      throw JsonRpcError.invalidParams(
        `Invalid params: argument ${name} must be a string`,
        { argument: name },
      );
    args[name] = value;
  }
  const missing = prompt.requiredArguments.filter(
    (name) => args[name] === undefined,
  );
  if (missing.length > 0) {
    throw JsonRpcError.invalidParams(
      `Missing required argument${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`,
      { missing },
    );
  }
  return args;
}

/** The wire `GetPromptResult`. @throws Error (masked as -32603) on malformed messages. */
function toResult(
  prompt: RegisteredPrompt,
  output: Exclude<PromptOutput, InputRequired>,
): McpResult {
  const { description, messages } =
    typeof output === 'string'
      ? {
          description: undefined,
          messages: [
            {
              role: 'user',
              content: { type: 'text', text: output },
            } as PromptMessage,
          ],
        }
      : Array.isArray(output)
        ? {
            description: undefined,
            messages: output as readonly PromptMessage[],
          }
        : (output as {
            description?: string;
            messages: readonly PromptMessage[];
          });
  if (!Array.isArray(messages) || !messages.every(isMessage)) {
    throw new Error(
      `Prompt ${prompt.descriptor.name as string} returned malformed messages`,
    );
  }
  const result: McpResult = { messages };
  const text = description ?? prompt.descriptor.description;
  if (typeof text === 'string') result.description = text;
  return result;
}

function isMessage(m: PromptMessage): boolean {
  return (
    isJsonObject(m) &&
    ROLES.has(m.role) &&
    isJsonObject(m.content) &&
    typeof m.content.type === 'string'
  );
}
