import type { BoundHandler } from '../protocol/execution/bound-handler.js';
import type { CompletionTarget } from '../completions/completion.types.js';
import type {
  McpResourceHandler,
  McpResourceTemplateHandler,
} from './resource-handler.interface.js';
import type { UriTemplate } from './uri-template.js';

/** What static resources and templates share once registered. */
interface RegisteredBase {
  /** The `Resource` / `ResourceTemplate` object published by the list methods (frozen). */
  readonly descriptor: Readonly<Record<string, unknown>>;
  readonly mimeType?: string;
  readonly ttlMs?: number;
  readonly cacheScope?: 'public' | 'private';
  /** `read` with its Nest enhancers and access rule, prepared at boot. */
  readonly bound: BoundHandler;
}

/** A discovered `@McpResource`. */
export interface RegisteredResource extends RegisteredBase {
  readonly kind: 'resource';
  readonly handler: McpResourceHandler;
}

/** A discovered `@McpResourceTemplate`, with its parsed template and completion entry point. */
export interface RegisteredTemplate extends RegisteredBase {
  readonly kind: 'template';
  readonly template: UriTemplate;
  readonly handler: McpResourceTemplateHandler;
  readonly completion: CompletionTarget;
}

/** The resource a URI resolves to, with the template variables when a template matched. */
export type ResolvedResource =
  | { readonly entry: RegisteredResource; readonly variables?: undefined }
  | {
      readonly entry: RegisteredTemplate;
      readonly variables: Record<string, string>;
    };
