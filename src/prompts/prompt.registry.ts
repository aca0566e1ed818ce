import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper.js';
import {
  discoverProviders,
  singletonHandler,
  uniqueSorted,
} from '../common/discovered-providers.js';
import { checkMcpName } from '../common/mcp-name.js';
import { completionTarget } from '../completions/completion-target.js';
import { CallerList } from '../protocol/execution/caller-list.js';
import { McpHandlerEnhancer } from '../protocol/execution/mcp-handler.enhancer.js';
import type { McpPromptHandler } from './prompt-handler.interface.js';
import type {
  McpPromptArgument,
  McpPromptOptions,
} from './prompt-options.interface.js';
import { decoratedPrompts, McpPrompt } from './prompt.decorator.js';
import { PromptDefinitionError } from './prompt.errors.js';
import type { RegisteredPrompt } from './registered-prompt.interface.js';

const fail = (message: string) => new PromptDefinitionError(message);

/**
 * Finds every `@McpPrompt` provider at boot and checks it: boot fails on a duplicate or invalid
 * name, a missing description, duplicate or unnamed arguments, a non-singleton or no `get()`.
 */
@Injectable()
export class PromptRegistry implements OnModuleInit {
  private readonly logger = new Logger('PromptRegistry');
  private prompts: ReadonlyMap<string, RegisteredPrompt> = new Map();
  private callerList = new CallerList<Readonly<Record<string, unknown>>>([]);

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly enhancer: McpHandlerEnhancer,
  ) {}

  onModuleInit(): void {
    const found = discoverProviders(this.discovery, McpPrompt).map(
      ({ wrapper, options }) => register(wrapper, options, this.enhancer),
    );
    decoratedPrompts.warnUnprovided(this.discovery, this.logger);
    // Deterministic order for prompts/list: by name.
    this.prompts = uniqueSorted(
      found,
      (p) => p.descriptor.name as string,
      'prompt name',
      fail,
    );
    this.callerList = new CallerList([...this.prompts.values()]);
  }

  /** The `Prompt` objects each caller may see, in order. */
  get visible(): CallerList<Readonly<Record<string, unknown>>> {
    return this.callerList;
  }

  get(name: string): RegisteredPrompt | undefined {
    return this.prompts.get(name);
  }

  get isEmpty(): boolean {
    return this.prompts.size === 0;
  }
}

function register(
  wrapper: InstanceWrapper,
  options: McpPromptOptions,
  enhancer: McpHandlerEnhancer,
): RegisteredPrompt {
  const where = `Prompt '${options.name}' (${wrapper.name})`;
  checkMcpName(options.name, where, fail);
  if (
    typeof options.description !== 'string' ||
    options.description.length === 0
  ) {
    throw fail(`${where}: description is required`);
  }
  const args = options.arguments ?? [];
  const names = args.map((a) => a?.name);
  if (names.some((n) => typeof n !== 'string' || n.length === 0))
    throw fail(`${where}: every argument needs a name`);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate)
    throw fail(`${where}: argument '${duplicate}' is declared twice`);
  const handler = singletonHandler<McpPromptHandler>(
    wrapper,
    'get',
    where,
    fail,
  );
  const descriptor: Record<string, unknown> = { ...options };
  if (options.arguments) descriptor.arguments = args.map(publishArgument);
  const completions = Object.fromEntries(
    args.map((a) => [a.name, a.completions]),
  );
  return {
    descriptor: Object.freeze(descriptor),
    handler,
    bound: enhancer.bind(
      handler,
      'get',
      { kind: 'prompt', name: options.name },
      {
        params: ['args', 'context'],
        hooks: ['complete'],
        argumentNames: names,
      },
    ),
    argumentNames: Object.freeze(names),
    requiredArguments: Object.freeze(
      args.filter((a) => a.required).map((a) => a.name),
    ),
    completion: completionTarget(names, completions, handler),
  };
}

/** The `PromptArgument` of `prompts/list`: the declaration less its completion candidates. */
function publishArgument({
  completions: _,
  ...argument
}: McpPromptArgument): Readonly<McpPromptArgument> {
  return Object.freeze(argument);
}
