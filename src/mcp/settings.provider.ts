import type { FactoryProvider } from '@nestjs/common';
import { McpSettings } from './mcp-settings.js';

/**
 * Provides a module's settings class (`ProtocolEnvironment`, `TasksEnvironment`, …) as its own
 * injection token, filled from `McpModule`'s options and validated once at boot.
 */
export function settingsProvider<T extends object>(
  cls: new () => T,
): FactoryProvider<T> {
  return {
    provide: cls,
    inject: [McpSettings],
    useFactory: (settings: McpSettings) => settings.of(cls),
  };
}
