/**
 * The static fact table of the Python sample this project re-creates, with `mcp` brought up to
 * 2026-07-28 and a `handles` topic for the explicit-handle pattern that replaced sessions.
 */
export const FACTS: Readonly<Record<string, string>> = Object.freeze({
  'app-service':
    'Azure App Service is a fully managed PaaS for hosting web apps and APIs. It includes built-in load balancing across instances when you scale out.',
  'deployment-slots':
    'App Service deployment slots are live staging environments you can warm up and then swap into production with zero downtime.',
  handles:
    'MCP 2026-07-28 removed sessions (SEP-2567). State that must survive between calls travels as an explicit handle: a tool mints it, the client passes it back as an ordinary argument, and any instance can continue it.',
  mcp: 'The Model Context Protocol (MCP) is an open standard for exposing tools, resources, and prompts to LLM clients. Revision 2026-07-28 is stateless: no initialize handshake and no session; every request carries its protocol version and client capabilities in _meta.',
  'stateless-http':
    'Stateless HTTP transport lets each MCP request stand on its own — any instance can handle any request, which is the prerequisite for load balancing without sticky sessions.',
});
