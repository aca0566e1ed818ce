/** A content block of a `CallToolResult` (text, image, audio, resource_link, embedded resource). */
export type ContentBlock = { type: string } & Record<string, unknown>;

/**
 * An explicit `tools/call` result, for tools whose output is not (only) structured JSON, such as
 * images or embedded resources. Returning a plain value is the common case and needs none of this.
 */
export class ToolResult {
  constructor(
    readonly content: ContentBlock[],
    readonly structuredContent?: unknown,
    readonly isError = false,
  ) {}

  /** A result made of text blocks only. */
  static text(...texts: string[]): ToolResult {
    return new ToolResult(texts.map((text) => ({ type: 'text', text })));
  }
}
