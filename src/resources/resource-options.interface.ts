import type { McpAnnotations, McpIcon } from '../tools/content.types.js';

export type { McpIcon } from '../tools/content.types.js';

/** Hints for the client about how to use or show a resource (schema `Annotations`). */
export type ResourceAnnotations = McpAnnotations;

/** Fields a static resource and a template share. */
interface ResourceCommonOptions {
  /** Programmatic name (required by the schema); `title` is what a UI shows. */
  name: string;
  title?: string;
  description?: string;
  /** MIME type of the contents; the default of every content the handler returns without one. */
  mimeType?: string;
  annotations?: ResourceAnnotations;
  icons?: McpIcon[];
  _meta?: Record<string, unknown>;
  /** `ttlMs` of this resource's `resources/read` results (default `MCP_LIST_TTL_MS`). */
  ttlMs?: number;
  /** `cacheScope` of its `resources/read` results: `private` when contents depend on the caller. */
  cacheScope?: 'public' | 'private';
}

/** What `@McpResource()` declares: one resource at a fixed URI. */
export interface McpResourceOptions extends ResourceCommonOptions {
  /** Absolute URI (`scheme:...`), unique on the server. */
  uri: string;
  /** Size of the raw contents in bytes, if known. */
  size?: number;
}

/** What `@McpResourceTemplate()` declares: a family of resources behind a URI template. */
export interface McpResourceTemplateOptions extends ResourceCommonOptions {
  /** RFC 6570 level 1 (`facts://{topic}`): simple `{name}` variables only; checked at boot. */
  uriTemplate: string;
  /**
   * Static completion candidates per variable for `completion/complete`, filtered by prefix. A
   * `complete()` method on the class takes precedence.
   */
  completions?: Readonly<Record<string, readonly string[]>>;
}
