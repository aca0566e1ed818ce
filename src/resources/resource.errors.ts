/**
 * Thrown by a resource handler when the URI names nothing: answered -32602 with `data.uri`
 * (SEP-2164; never -32002 and never empty contents,
 * https://modelcontextprotocol.io/specification/2026-07-28/server/resources#error-handling).
 * Returning `undefined` does the same.
 */
export class ResourceNotFoundError extends Error {
  override readonly name = 'ResourceNotFoundError';

  constructor() {
    super('Resource not found');
  }
}

/** Boot-time failure of the resource registry: duplicates, bad URIs or templates, missing methods. */
export class ResourceDefinitionError extends Error {
  override readonly name = 'ResourceDefinitionError';
}
