import type { McpCompleter } from '../completions/completion.types.js';
import type { InputRequired } from '../protocol/mrtr/input-required.js';
import type { ContentBlock } from '../tools/tool-result.js';
import type { McpCallContext } from '../protocol/dispatch/mcp-call-context.interface.js';

/** One message of a prompt: text, image, audio, resource link or embedded resource content. */
export interface PromptMessage {
  role: 'user' | 'assistant';
  content: ContentBlock;
}

/**
 * What `get` may return: a string (one user text message), messages, messages with a
 * description, or an `InputRequired` (MRTR, SEP-2322) to ask the client first.
 */
export type PromptOutput =
  | string
  | readonly PromptMessage[]
  | {
      readonly description?: string;
      readonly messages: readonly PromptMessage[];
    }
  | InputRequired;

/**
 * The method a `@McpPrompt` class implements. `args` holds the declared arguments the client
 * sent (required ones are guaranteed present). Throw `PromptArgumentError` for a value the prompt
 * cannot use (-32602). `complete` (optional) completes an argument for `completion/complete`.
 */
export interface McpPromptHandler<
  A extends Record<string, string> = Record<string, string>,
> extends Partial<McpCompleter> {
  get(args: A, ctx: McpCallContext): PromptOutput | Promise<PromptOutput>;
}
