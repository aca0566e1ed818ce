import type { IncomingHttpHeaders } from 'node:http';

/** The first value of a header a proxy chain may have turned into a comma-separated list. */
function first(value: string | string[] | undefined): string | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  const head = raw?.split(',')[0].trim();
  return head || undefined;
}

/**
 * The MCP endpoint URL as the client reached us: App Service's front end terminates TLS and says so
 * in `X-Forwarded-Proto`; a proxy may name the public host in `X-Forwarded-Host`. Only `http` and
 * `https` are taken as schemes. The result is for display: escape it before it goes into a page.
 */
export function publicMcpUrl(
  headers: IncomingHttpHeaders,
  path = '/mcp',
): string {
  const proto = first(headers['x-forwarded-proto'])?.toLowerCase();
  const scheme = proto === 'https' ? 'https' : 'http';
  const host =
    first(headers['x-forwarded-host']) ?? first(headers.host) ?? 'localhost';
  return `${scheme}://${host}${path}`;
}
