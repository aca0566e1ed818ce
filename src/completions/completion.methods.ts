import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { PromptRegistry } from '../prompts/prompt.registry.js';
import { quote } from '../protocol/json-rpc/quote.js';
import { McpMethodRegistry } from '../protocol/dispatch/mcp-method.registry.js';
import { JsonRpcError } from '../protocol/json-rpc/json-rpc.error.js';
import {
  isJsonObject,
  type JsonObject,
  type McpResult,
} from '../protocol/json-rpc/json-rpc.types.js';
import { ResourceRegistry } from '../resources/resource.registry.js';
import type { CompletionOutput, CompletionTarget } from './completion.types.js';

/** At most this many values per answer (schema `CompleteResult.completion.values.maxItems`). */
export const MAX_COMPLETIONS = 100;

/**
 * `completion/complete` (capability `completions`,
 * https://modelcontextprotocol.io/specification/2026-07-28/server/utilities/completion) for prompt
 * arguments (`ref/prompt`) and resource-template variables (`ref/resource` naming the template).
 * Declared only when there is something to complete; an unknown ref or argument is -32602.
 */
@Injectable()
export class CompletionMethods implements OnApplicationBootstrap {
  constructor(
    private readonly methods: McpMethodRegistry,
    private readonly prompts: PromptRegistry,
    private readonly resources: ResourceRegistry,
  ) {}

  // After every module's onModuleInit: the registries have discovered everything by then.
  onApplicationBootstrap(): void {
    if (this.prompts.isEmpty && !this.resources.hasTemplates) return;
    this.methods.declareCapability('completions', {});
    this.methods.register('completion/complete', (params) =>
      this.complete(params),
    );
  }

  async complete(params: JsonObject): Promise<McpResult> {
    const target = this.targetOf(params.ref);
    const { argument, context } = params;
    if (
      !isJsonObject(argument) ||
      typeof argument.name !== 'string' ||
      typeof argument.value !== 'string'
    ) {
      throw JsonRpcError.invalidParams(
        'Invalid params: argument must have a string name and value',
      );
    }
    if (!target.argumentNames.has(argument.name)) {
      throw JsonRpcError.invalidParams(
        `Unknown argument: ${quote(argument.name)}`,
      );
    }
    const resolved = isJsonObject(context) ? context.arguments : undefined;
    if (
      (context !== undefined && !isJsonObject(context)) ||
      (resolved !== undefined &&
        !(
          isJsonObject(resolved) &&
          Object.values(resolved).every((v) => typeof v === 'string')
        ))
    ) {
      throw JsonRpcError.invalidParams(
        'Invalid params: context.arguments must be an object of strings',
      );
    }
    const output = await target.complete(argument.name, argument.value, {
      arguments: (resolved ?? {}) as Record<string, string>,
    });
    return { completion: capped(output) };
  }

  /** @throws JsonRpcError -32602 for a malformed or unknown ref. */
  private targetOf(ref: unknown): CompletionTarget {
    if (
      isJsonObject(ref) &&
      ref.type === 'ref/prompt' &&
      typeof ref.name === 'string'
    ) {
      const prompt = this.prompts.get(ref.name);
      if (!prompt)
        throw JsonRpcError.invalidParams(`Unknown prompt: ${quote(ref.name)}`);
      return prompt.completion;
    }
    if (
      isJsonObject(ref) &&
      ref.type === 'ref/resource' &&
      typeof ref.uri === 'string'
    ) {
      const template = this.resources.template(ref.uri);
      if (!template)
        throw JsonRpcError.invalidParams(
          `Unknown resource template: ${quote(ref.uri)}`,
        );
      return template.completion;
    }
    throw JsonRpcError.invalidParams(
      'Invalid params: ref must be a ref/prompt with a name or a ref/resource with a uri',
    );
  }
}

/** The wire `completion`: at most 100 values, with `total` and `hasMore` always set. */
function capped(output: CompletionOutput): JsonObject {
  const given = Array.isArray(output)
    ? { values: output as readonly string[] }
    : (output as Exclude<CompletionOutput, readonly string[]>);
  if (
    !Array.isArray(given?.values) ||
    !given.values.every((v) => typeof v === 'string')
  ) {
    throw new Error(
      'A completer returned something other than a list of strings',
    );
  }
  const values = given.values.slice(0, MAX_COMPLETIONS);
  const total = Math.max(given.total ?? 0, given.values.length);
  return { values, total, hasMore: given.hasMore ?? total > values.length };
}
