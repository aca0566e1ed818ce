import type { McpTestResponse } from './mcp-test.types.js';

/** A request of `McpTestClient` that the server answered with a JSON-RPC error (or no JSON at all). */
export class McpTestError extends Error {
  override readonly name = 'McpTestError';
  /** HTTP status of the answer. */
  readonly status: number;
  /** The JSON-RPC error code, when the body had one. */
  readonly code?: number;
  readonly data?: unknown;

  constructor(
    readonly method: string,
    readonly response: McpTestResponse,
  ) {
    const error = response.body.error;
    super(
      `${method} answered HTTP ${response.status}${error ? `, ${error.code}: ${error.message}` : ` without a result: ${JSON.stringify(response.body)}`}`,
    );
    this.status = response.status;
    this.code = error?.code;
    this.data = error?.data;
  }
}
