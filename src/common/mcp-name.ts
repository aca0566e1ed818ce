/**
 * Names of tools and prompts: 1–64 characters of `[A-Za-z0-9_.-]`, inside the spec's 1–128
 * (https://modelcontextprotocol.io/specification/2026-07-28/server/tools#tool-names) and what the
 * conformance suite checks.
 */
const MCP_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** @throws the error `fail` builds, naming `where`, when `name` is not a valid tool/prompt name. */
export function checkMcpName(
  name: unknown,
  where: string,
  fail: (message: string) => Error,
): void {
  if (typeof name !== 'string' || !MCP_NAME.test(name)) {
    throw fail(`${where}: name must be 1-64 characters of A-Z a-z 0-9 _ . -`);
  }
}
