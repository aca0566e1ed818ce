import type { BoundHandler } from '../protocol/execution/bound-handler.js';
import type { CompletionTarget } from '../completions/completion.types.js';
import type { McpPromptHandler } from './prompt-handler.interface.js';

/** A discovered prompt, with what the hot path needs precomputed at boot. */
export interface RegisteredPrompt {
  /** The `Prompt` object published by `prompts/list` (frozen, completions stripped). */
  readonly descriptor: Readonly<Record<string, unknown>>;
  readonly handler: McpPromptHandler;
  /** `get` with its Nest enhancers and access rule, prepared at boot. */
  readonly bound: BoundHandler;
  readonly argumentNames: readonly string[];
  readonly requiredArguments: readonly string[];
  readonly completion: CompletionTarget;
}
