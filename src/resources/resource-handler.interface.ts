import type { InputRequired } from '../protocol/mrtr/input-required.js';
import type { McpCallContext } from '../protocol/dispatch/mcp-call-context.interface.js';
import type { McpCompleter } from '../completions/completion.types.js';
import type { McpResourceOptions } from './resource-options.interface.js';

/** One item of `contents`: text, or binary as base64 (`string`) or bytes. */
export type ResourceContents =
  | {
      /** Defaults to the URI that was read. */
      uri?: string;
      /** Defaults to the resource's declared `mimeType`. */
      mimeType?: string;
      text: string;
      _meta?: Record<string, unknown>;
    }
  | {
      uri?: string;
      mimeType?: string;
      /** Raw bytes, or a base64 string. */
      blob: Uint8Array | string;
      _meta?: Record<string, unknown>;
    };

/**
 * What a read may return: a string (one text content), bytes (one blob content), contents, an
 * `InputRequired` (MRTR, SEP-2322), or `undefined`/`null`/`[]` for "no such resource" (answered
 * -32602 with `data.uri`, never with empty contents;
 * https://modelcontextprotocol.io/specification/2026-07-28/server/resources#error-handling).
 */
export type ResourceOutput =
  | string
  | Uint8Array
  | ResourceContents
  | readonly ResourceContents[]
  | InputRequired
  | null
  | undefined;

/** The method a `@McpResource` class implements. */
export interface McpResourceHandler {
  read(
    uri: string,
    ctx: McpCallContext,
  ): ResourceOutput | Promise<ResourceOutput>;
}

/** A concrete resource a template lists in `resources/list`; defaults come from the template. */
export type ListedResource = Pick<McpResourceOptions, 'uri'> &
  Partial<Omit<McpResourceOptions, 'uri' | 'ttlMs' | 'cacheScope'>>;

/**
 * The methods a `@McpResourceTemplate` class implements: `read` gets the decoded variables of the
 * URI; `list` (optional) names the concrete resources to show in `resources/list`; `complete`
 * (optional) completes a variable for `completion/complete`.
 */
export interface McpResourceTemplateHandler<
  V extends Record<string, string> = Record<string, string>,
> extends Partial<McpCompleter> {
  read(
    uri: string,
    variables: V,
    ctx: McpCallContext,
  ): ResourceOutput | Promise<ResourceOutput>;
  list?(
    ctx: McpCallContext,
  ): readonly ListedResource[] | Promise<readonly ListedResource[]>;
}
