import { ConfigError, validateEnv } from '../config/validate-env.js';
import { KeysEnvironment } from '../keys/keys.env.js';
import { SigningKeyRing } from '../keys/signing-key.ring.js';
import { AuthEnvironment } from '../protocol/auth/auth.env.js';
import { AuthSettings } from '../protocol/auth/auth-settings.js';
import { ProtocolEnvironment } from '../protocol/protocol.env.js';
import { ProtocolSettings } from '../protocol/protocol-settings.js';
import { MCP_SETTINGS, type McpSettingsClass } from './mcp-settings.map.js';

/** The validated settings of every module of the MCP layer, by class. */
export type McpSettingsByClass = ReadonlyMap<McpSettingsClass, object>;

/**
 * Validates the settings of every module of the MCP layer at once, with the checks that span
 * classes (the signing keys, OAuth's issuer and audience together, `cacheScope` against
 * authentication), so that every problem is reported in one go.
 * @param values the settings by field name (the server's environment variables), as strings or as
 *   typed values.
 * @param production whether production requirements apply.
 * @param customAuthenticator whether the application brings its own authenticator (callers are
 *   then authenticated, which `cacheScope` depends on).
 * @throws ConfigError with every problem, one line each, named by field, never a value.
 */
export function validateMcpSettings(
  values: Readonly<Record<string, unknown>>,
  production: boolean,
  customAuthenticator = false,
): McpSettingsByClass {
  const problems: string[] = [];
  const attempt = <T>(check: () => T): T | undefined => {
    try {
      return check();
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
      return undefined;
    }
  };
  const settings = new Map<McpSettingsClass, object>();
  for (const cls of MCP_SETTINGS.keys()) {
    const validated = attempt(() => validateEnv(cls, values, production));
    if (validated) settings.set(cls, validated);
  }
  const keys = settings.get(KeysEnvironment) as KeysEnvironment | undefined;
  if (keys) attempt(() => SigningKeyRing.check(keys));
  const auth = settings.get(AuthEnvironment) as AuthEnvironment | undefined;
  const oauth = auth && attempt(() => new AuthSettings(auth));
  const protocol = settings.get(ProtocolEnvironment) as
    ProtocolEnvironment | undefined;
  if (protocol && oauth)
    attempt(
      () =>
        new ProtocolSettings(protocol, oauth.enabled || customAuthenticator),
    );
  if (problems.length > 0) throw new ConfigError(problems);
  return settings;
}
