import type { FactoryProvider, ModuleMetadata, Type } from '@nestjs/common';
import type { Env } from '../config/app-config.module.js';
import type { McpAuthenticator } from '../protocol/auth/mcp-authenticator.interface.js';

/** What `McpModule.forRoot` takes. */
export interface McpModuleOptions {
  /**
   * The settings the MCP layer reads (`MCP_*`, `HANDLE_*`, `REDIS_*`, … — see
   * docs/configuration.md), as environment variables. Default: the process's environment.
   */
  readonly env?: Env;
}

/** Options that name classes, so they are known before any provider runs. */
export interface McpModuleStaticOptions {
  /**
   * Establishes the caller of every `/mcp` request (an API key, a bearer token, …) before its body
   * is read. Exclusive with the built-in OAuth resource-server mode (`MCP_AUTH_ISSUER`).
   */
  readonly authenticator?: Type<McpAuthenticator>;
}

/** What `McpModule.forRootAsync` takes: the options come from a factory, like any Nest module's. */
export interface McpModuleAsyncOptions extends McpModuleStaticOptions {
  readonly imports?: ModuleMetadata['imports'];
  readonly inject?: FactoryProvider['inject'];
  readonly useFactory: (
    ...args: never[]
  ) => Promise<McpModuleOptions> | McpModuleOptions;
}
