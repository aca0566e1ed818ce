// The public extension API for resource authors: import from here, nothing deeper.
export { McpResource, McpResourceTemplate } from './resource.decorator.js';
export type {
  McpResourceHandler,
  McpResourceTemplateHandler,
  ResourceContents,
  ResourceOutput,
  ListedResource,
} from './resource-handler.interface.js';
export type {
  McpResourceOptions,
  McpResourceTemplateOptions,
  ResourceAnnotations,
  McpIcon,
} from './resource-options.interface.js';
export { ResourceNotFoundError } from './resource.errors.js';
export { UriTemplate } from './uri-template.js';
export type {
  CompletionContext,
  CompletionOutput,
} from '../completions/completion.types.js';
export {
  InputRequired,
  type InputRequest,
} from '../protocol/mrtr/input-required.js';
