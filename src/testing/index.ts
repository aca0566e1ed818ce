// The package's testing entry point (`exports["./testing"]` of @stateless-mcp/nest): drive an
// application's tools through the real HTTP pipeline from its own Jest (or any runner) suite.
export {
  McpTestClient,
  type McpTestClientOptions,
  type AwaitTaskOptions,
} from './mcp-test.client.js';
export { McpTestAuthenticator } from './mcp-test.authenticator.js';
export { McpTestError } from './mcp-test.error.js';
export type {
  CallToolResult,
  ListedTool,
  McpTask,
  McpTaskStatus,
  McpTestResponse,
} from './mcp-test.types.js';
