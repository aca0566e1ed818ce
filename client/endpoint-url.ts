/** Where MCP servers conventionally serve their endpoint (and this project does). */
export const MCP_PATH = '/mcp';

/**
 * The MCP endpoint for what a person typed: a site's base URL (no path, or `/`), as App Service
 * and most docs give it, means its `/mcp`; any other path is taken as the endpoint itself.
 * @throws TypeError when `url` is not a URL.
 */
export function endpointUrl(url: string | URL): string {
  const parsed = new URL(url);
  if (parsed.pathname === '/' || parsed.pathname === '') {
    parsed.pathname = MCP_PATH;
  }
  return parsed.href;
}

/**
 * What to say when `url` answered 404 to an MCP POST: which URL was tried, and where an MCP
 * endpoint usually is.
 */
export function notFoundHint(url: string): string {
  const parsed = new URL(url);
  if (parsed.pathname === MCP_PATH)
    return `HTTP 404 from POST ${url}: no MCP endpoint there (is this an MCP server?)`;
  parsed.pathname = MCP_PATH;
  parsed.search = '';
  return `HTTP 404 from POST ${url}: no MCP endpoint there; MCP servers usually serve it at ${MCP_PATH} (try ${parsed.href})`;
}
