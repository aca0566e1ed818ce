import { base64 } from '../common/base64.js';
import type {
  AudioContent,
  ContentBlockOptions,
  EmbeddedResource,
  ImageContent,
  ResourceLink,
  TextContent,
} from './content.types.js';

/** Binary data: bytes, or a string that is base64 already. */
export type BinaryData = Uint8Array | string;

/** A resource's contents to embed: text, or bytes (`blob`, encoded for you). */
export type EmbeddedContents =
  | {
      uri: string;
      mimeType?: string;
      text: string;
      _meta?: Record<string, unknown>;
    }
  | {
      uri: string;
      mimeType?: string;
      blob: BinaryData;
      _meta?: Record<string, unknown>;
    };

/**
 * Builds the content blocks of MCP 2026-07-28 in their wire shape
 * (https://modelcontextprotocol.io/specification/2026-07-28/server/tools#tool-result): combine them
 * with `ToolResult.of(...)`, or use them in a prompt message. Bytes are base64-encoded; fields left
 * out stay out of the JSON.
 */
export class Content {
  private constructor() {}

  /** `{ type: 'text', text }`. */
  static text(text: string, options?: ContentBlockOptions): TextContent {
    return withOptions({ type: 'text', text }, options);
  }

  /** `{ type: 'image', data, mimeType }`, e.g. `Content.image(png, 'image/png')`. */
  static image(
    data: BinaryData,
    mimeType: string,
    options?: ContentBlockOptions,
  ): ImageContent {
    return withOptions(
      { type: 'image', data: base64(data), mimeType },
      options,
    );
  }

  /** `{ type: 'audio', data, mimeType }`, e.g. `Content.audio(wav, 'audio/wav')`. */
  static audio(
    data: BinaryData,
    mimeType: string,
    options?: ContentBlockOptions,
  ): AudioContent {
    return withOptions(
      { type: 'audio', data: base64(data), mimeType },
      options,
    );
  }

  /**
   * `{ type: 'resource_link', uri, name, … }`: a resource the client may read. It need not appear
   * in `resources/list`.
   */
  static resourceLink(link: Omit<ResourceLink, 'type'>): ResourceLink {
    return defined({ type: 'resource_link', ...link });
  }

  /**
   * `{ type: 'resource', resource: { uri, mimeType?, text | blob } }`: a resource's contents in the
   * result itself. Servers that embed resources should offer the `resources` capability.
   */
  static resource(
    contents: EmbeddedContents,
    options?: ContentBlockOptions,
  ): EmbeddedResource {
    const resource =
      'blob' in contents
        ? defined({ ...contents, blob: base64(contents.blob) })
        : defined({ ...contents });
    return withOptions({ type: 'resource', resource }, options);
  }
}

function withOptions<T extends object>(
  block: T,
  options?: ContentBlockOptions,
): T {
  if (options?.annotations !== undefined)
    Object.assign(block, { annotations: options.annotations });
  if (options?._meta !== undefined)
    Object.assign(block, { _meta: options._meta });
  return block;
}

/** `value` without its undefined fields: what the client receives is what was given. */
function defined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[])
    if (value[key] === undefined) delete value[key];
  return value;
}
