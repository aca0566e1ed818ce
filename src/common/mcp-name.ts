/**
 * Names of tools and prompts: 1–64 characters of `[A-Za-z0-9_.-]`, inside the spec's 1–128 and
 * what the conformance suite checks (spec.md §10).
 */
export const MCP_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
