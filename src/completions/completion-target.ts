import type {
  CompletionContext,
  CompletionOutput,
  CompletionTarget,
  McpCompleter,
} from './completion.types.js';

const NONE: readonly string[] = Object.freeze([]);

/**
 * Builds the completion entry point of a prompt or template: the class's own `complete()` when it
 * has one (and answers), else the decorator's static list filtered by case-insensitive prefix.
 */
export function completionTarget(
  argumentNames: readonly string[],
  staticValues: Readonly<Record<string, readonly string[] | undefined>>,
  handler: Partial<McpCompleter>,
): CompletionTarget {
  const complete = handler.complete?.bind(handler);
  return {
    argumentNames: new Set(argumentNames),
    async complete(
      argument: string,
      value: string,
      context: CompletionContext,
    ): Promise<CompletionOutput> {
      const own = complete && (await complete(argument, value, context));
      if (own !== undefined) return own;
      const prefix = value.toLowerCase();
      return (staticValues[argument] ?? NONE).filter((v) =>
        v.toLowerCase().startsWith(prefix),
      );
    },
  };
}
