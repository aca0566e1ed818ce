// The content shapes of MCP 2026-07-28 (schema.ts: `ContentBlock` and what it is made of):
// https://modelcontextprotocol.io/specification/2026-07-28/server/tools#tool-result

/**
 * Hints for the client about who a piece of content is for and how much it matters (schema
 * `Annotations`), on content blocks, resources and resource links.
 */
export interface McpAnnotations {
  audience?: ('user' | 'assistant')[];
  /** 0 (entirely optional) to 1 (effectively required). */
  priority?: number;
  /** ISO 8601, e.g. `2025-01-12T15:00:58Z`. */
  lastModified?: string;
}

/** An icon a client may show (schema `Icon`). */
export interface McpIcon {
  src: string;
  mimeType?: string;
  sizes?: string[];
  theme?: 'light' | 'dark';
}

/** What every content block may carry besides its payload. */
export interface ContentBlockOptions {
  annotations?: McpAnnotations;
  _meta?: Record<string, unknown>;
}

/** Text for the model or the user (schema `TextContent`). */
export interface TextContent extends ContentBlockOptions {
  type: 'text';
  text: string;
}

/** An image, base64-encoded (schema `ImageContent`). */
export interface ImageContent extends ContentBlockOptions {
  type: 'image';
  data: string;
  mimeType: string;
}

/** Audio, base64-encoded (schema `AudioContent`). */
export interface AudioContent extends ContentBlockOptions {
  type: 'audio';
  data: string;
  mimeType: string;
}

/** A link to a resource the client may read (schema `ResourceLink`: a `Resource` with a type). */
export interface ResourceLink extends ContentBlockOptions {
  type: 'resource_link';
  uri: string;
  /** Programmatic name; `title` is what a UI shows. */
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  /** Size of the raw contents in bytes, if known. */
  size?: number;
  icons?: McpIcon[];
}

/** The text of a resource (schema `TextResourceContents`). */
export interface TextResourceContents {
  uri: string;
  mimeType?: string;
  text: string;
  _meta?: Record<string, unknown>;
}

/** The bytes of a resource, base64-encoded (schema `BlobResourceContents`). */
export interface BlobResourceContents {
  uri: string;
  mimeType?: string;
  blob: string;
  _meta?: Record<string, unknown>;
}

/** A resource's contents carried in the result itself (schema `EmbeddedResource`). */
export interface EmbeddedResource extends ContentBlockOptions {
  type: 'resource';
  resource: TextResourceContents | BlobResourceContents;
}

/** A content block of a `CallToolResult` or a prompt message (schema `ContentBlock`). */
export type ContentBlock =
  TextContent | ImageContent | AudioContent | ResourceLink | EmbeddedResource;
