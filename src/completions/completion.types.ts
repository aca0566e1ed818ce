/** What a completer knows besides the value being typed (`completion/complete` params). */
export interface CompletionContext {
  /** Arguments (or template variables) the user has already filled in, by name. */
  readonly arguments: Readonly<Record<string, string>>;
}

/**
 * Candidates for one argument: a plain list, or a list with the full count when it was cut short.
 * The server caps what it sends at 100 values
 * (https://modelcontextprotocol.io/specification/2026-07-28/server/utilities/completion) and fills
 * in `total` and `hasMore` itself when it cuts a plain list.
 */
export type CompletionOutput =
  | readonly string[]
  | {
      readonly values: readonly string[];
      readonly total?: number;
      readonly hasMore?: boolean;
    };

/**
 * Implemented by a prompt or resource-template class that completes its own arguments. Return
 * `undefined` to fall back to the static `completions` list of the decorator.
 */
export interface McpCompleter {
  complete(
    argument: string,
    value: string,
    context: CompletionContext,
  ): CompletionOutput | undefined | Promise<CompletionOutput | undefined>;
}

/** A prompt or template's completion entry point, assembled by its registry at boot. */
export interface CompletionTarget {
  /** Arguments (prompt) or variables (template) that may be completed. */
  readonly argumentNames: ReadonlySet<string>;
  complete(
    argument: string,
    value: string,
    context: CompletionContext,
  ): Promise<CompletionOutput>;
}
