import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * This server's own name and version (its telemetry resource and log scope), from the nearest
 * package.json above this file: the repository's, whether run from src/, dist/ or another build
 * directory. Not the package's (`@stateless-mcp/nest`), whose `serverInfo` names the MCP layer.
 */
export const SERVER_PACKAGE: Readonly<{ name: string; version: string }> =
  Object.freeze(readNearestPackage());

function readNearestPackage(): { name: string; version: string } {
  for (
    let dir = dirname(fileURLToPath(import.meta.url));
    ;
    dir = dirname(dir)
  ) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const { name, version } = JSON.parse(readFileSync(file, 'utf8')) as {
        name: string;
        version: string;
      };
      return { name, version };
    }
    if (dirname(dir) === dir)
      return { name: 'stateless-mcp-nest', version: '0.0.0' };
  }
}
