import type { ContentBlock } from './content.types.js';

export type { ContentBlock } from './content.types.js';

/** The `structuredContent` of a tool error: its message and any details. */
export interface ToolErrorContent {
  error: { message: string } & Record<string, unknown>;
}

/**
 * An explicit `tools/call` result (`CallToolResult`), for tools whose output is not (only)
 * structured JSON: images, audio, resource links, embedded resources, or an error the tool reports
 * itself. Returning a plain value is the common case and needs none of this. Build blocks with
 * `Content` (https://modelcontextprotocol.io/specification/2026-07-28/server/tools#tool-result).
 *
 * `S` is the type of `structuredContent`: with an output schema declared, `execute` may return
 * `ToolResult<ToolOutput<typeof Output>>` (and the structured content is checked against it before
 * it leaves); a result without structured content is a `ToolResult<never>`, which fits any tool.
 */
export class ToolResult<S = never> {
  constructor(
    readonly content: ContentBlock[],
    readonly structuredContent?: S,
    readonly isError = false,
  ) {}

  /** A result made of text blocks only. */
  static text(...texts: string[]): ToolResult {
    return new ToolResult(texts.map((text) => ({ type: 'text', text })));
  }

  /** A result made of these blocks, e.g. `ToolResult.of(Content.text('…'), Content.image(png, 'image/png'))`. */
  static of(...blocks: ContentBlock[]): ToolResult {
    return new ToolResult(blocks);
  }

  /**
   * `value` as `structuredContent`, mirrored as its JSON in a first text block for clients that
   * read only `content` (the spec's SHOULD; SEP-2106), then `more` blocks if any. The same result
   * a tool gets by returning `value` itself, plus the extra blocks.
   */
  static structured<S>(value: S, ...more: ContentBlock[]): ToolResult<S> {
    return new ToolResult<S>(
      [{ type: 'text', text: JSON.stringify(value) }, ...more],
      value,
    );
  }

  /**
   * A tool error the model can act on (`isError: true`): `message` as text and, for clients that
   * read structured content, `{ error: { message, ...details } }` — the result a thrown `ToolError`
   * gets (https://modelcontextprotocol.io/specification/2026-07-28/server/tools#error-handling).
   */
  static error(
    message: string,
    details?: Record<string, unknown>,
  ): ToolResult<ToolErrorContent> {
    return new ToolResult<ToolErrorContent>(
      [{ type: 'text', text: message }],
      { error: { message, ...details } },
      true,
    );
  }
}
