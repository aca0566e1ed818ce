/** Injection token for the ordered list of `McpInterceptor`s, outermost first. */
export const MCP_INTERCEPTORS = Symbol('MCP_INTERCEPTORS');
