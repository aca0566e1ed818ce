import type { Env } from '../config/env.js';
import { isProduction } from '../config/required-in-production.js';
import { validateEnv } from '../config/validate-env.js';
import type { McpModuleOptions } from './mcp-module.options.js';
import { MCP_SETTINGS } from './mcp-settings.map.js';
import { validateMcpSettings } from './mcp-settings.validate.js';

/**
 * The options an environment describes, for an application configured by environment variables
 * (this repository's server: docs/configuration.md). Each variable is validated by its module's
 * settings class and put at its option's path (`mcp-settings.map.ts`, read the other way). Only
 * variables that are set become options, so the rest keep the package's defaults, which are the
 * same. `instance` is always there (empty without the platform's variables), so the package reads
 * the instance from `env` and not from the process.
 * @throws ConfigError naming the first module's bad variables, never a value; check every
 *   variable at once first with `validateMcpEnvironment`.
 */
export function mcpOptionsFromEnv(env: Env): McpModuleOptions {
  const production = isProduction(env);
  const options: Record<string, unknown> = { instance: {}, production };
  for (const [cls, fields] of MCP_SETTINGS) {
    const settings = validateEnv(cls, env, production) as Record<
      string,
      unknown
    >;
    // Two variables of one option (`SLOT_NAME`, `WEBSITE_SLOT_NAME`): the later row wins.
    for (const [field, path] of Object.entries(fields))
      if (env[field]?.trim()) setAt(options, path, settings[field]);
  }
  return options;
}

function setAt(
  options: Record<string, unknown>,
  path: string,
  value: unknown,
): void {
  const keys = path.split('.');
  const last = keys.pop()!;
  let group = options;
  for (const key of keys)
    group = (group[key] ??= {}) as Record<string, unknown>;
  group[last] = value;
}

/**
 * Checks every variable `mcpOptionsFromEnv` reads at once, with the same rules `McpModule` applies
 * to its options (the signing keys, OAuth's issuer and audience together, `MCP_CACHE_SCOPE` against
 * authentication), so a person sees every problem in one go rather than the first one. Production
 * requirements apply with `NODE_ENV=production` or an App Service instance in `env` (`isProduction`).
 * @throws ConfigError with every problem, one line per variable, never its value.
 */
export function validateMcpEnvironment(env: Env): void {
  validateMcpSettings(env, isProduction(env));
}
