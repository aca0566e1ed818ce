// The public extension API for prompt authors: import from here, nothing deeper.
export { McpPrompt } from './prompt.decorator.js';
export type {
  McpPromptHandler,
  PromptMessage,
  PromptOutput,
} from './prompt-handler.interface.js';
export type {
  McpPromptOptions,
  McpPromptArgument,
} from './prompt-options.interface.js';
export { PromptArgumentError } from './prompt.errors.js';
export type {
  CompletionContext,
  CompletionOutput,
} from '../completions/completion.types.js';
export { Content } from '../tools/content.js';
export type { ContentBlock } from '../tools/content.types.js';
export {
  InputRequired,
  type InputRequest,
} from '../protocol/mrtr/input-required.js';
