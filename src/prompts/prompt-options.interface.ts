import type { McpIcon } from '../resources/resource-options.interface.js';

/** One argument a prompt accepts (schema `PromptArgument`). Argument values are strings. */
export interface McpPromptArgument {
  name: string;
  title?: string;
  description?: string;
  /** A missing required argument is refused with -32602 before the handler runs. */
  required?: boolean;
  /**
   * Static completion candidates for `completion/complete`, filtered by prefix. A `complete()`
   * method on the class takes precedence. Not published in `prompts/list`.
   */
  completions?: readonly string[];
}

/** What `@McpPrompt()` declares: the `Prompt` object of `prompts/list`. */
export interface McpPromptOptions {
  /** 1–64 characters of `[A-Za-z0-9_.-]`; checked at boot. */
  name: string;
  title?: string;
  description: string;
  arguments?: McpPromptArgument[];
  icons?: McpIcon[];
  /** Extra `_meta` published on the prompt in `prompts/list`. */
  _meta?: Record<string, unknown>;
}
