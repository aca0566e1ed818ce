import type { CompletionTarget } from '../completions/completion.types.js';
import type { McpPromptHandler } from './prompt-handler.interface.js';

/** A discovered prompt, with what the hot path needs precomputed at boot. */
export interface RegisteredPrompt {
  /** The `Prompt` object published by `prompts/list` (frozen, completions stripped). */
  readonly descriptor: Readonly<Record<string, unknown>>;
  readonly handler: McpPromptHandler;
  readonly argumentNames: readonly string[];
  readonly requiredArguments: readonly string[];
  readonly completion: CompletionTarget;
}
