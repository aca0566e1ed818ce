import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { McpModuleOptions } from './mcp-module.options.js';

/**
 * `forRoot` / `forRootAsync` of `McpModule` as Nest builds them for any configurable module
 * (https://docs.nestjs.com/fundamentals/dynamic-modules#configurable-module-builder): the async form
 * takes `useFactory` (+ `inject`), `useClass` or `useExisting` (an `McpOptionsFactory`), and
 * `imports`.
 */
export const {
  ConfigurableModuleClass: McpConfigurableModule,
  MODULE_OPTIONS_TOKEN: MCP_MODULE_OPTIONS,
  ASYNC_OPTIONS_TYPE: MCP_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<McpModuleOptions>({ moduleName: 'Mcp' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createMcpOptions')
  .build();

/** What `McpModule.forRootAsync` takes. */
export type McpModuleAsyncOptions = typeof MCP_ASYNC_OPTIONS_TYPE;
