import { DiscoveryService } from '@nestjs/core';
import type { McpToolOptions } from './tool-options.interface.js';

/**
 * Marks an injectable class as an MCP tool. The class implements `McpToolHandler`; the registry
 * discovers it at boot, so adding the class to any module's providers is all it takes.
 *
 * Declare the input once, as a zod 4 schema (or any Standard Schema that emits JSON Schema):
 * ```ts
 * const Input = z.strictObject({ name: z.string(), greeting: z.string().default('Hello') });
 * @McpTool({ name: 'greet', description: 'Greets someone.', input: Input })
 * @Injectable()
 * class Greet implements McpToolHandler<ToolArgs<typeof Input>> {
 *   execute({ name, greeting }: ToolArgs<typeof Input>) { return { text: `${greeting}, ${name}` }; }
 * }
 * ```
 * A raw JSON Schema 2020-12 literal (`inputSchema`) works too.
 */
export const McpTool = DiscoveryService.createDecorator<McpToolOptions>();
