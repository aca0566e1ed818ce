import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest package.json above this file: the same from src/, dist/ or any other build dir. */
function readPackage(): { name: string; version: string } {
  for (
    let dir = dirname(fileURLToPath(import.meta.url));
    ;
    dir = dirname(dir)
  ) {
    const file = join(dir, 'package.json');
    if (existsSync(file))
      return JSON.parse(readFileSync(file, 'utf8')) as {
        name: string;
        version: string;
      };
    if (dirname(dir) === dir)
      return { name: 'stateless-mcp-nest', version: '0.0.0' };
  }
}

/** This server's package name and version (serverInfo, telemetry resource, health). */
export const PACKAGE: Readonly<{ name: string; version: string }> =
  Object.freeze((({ name, version }) => ({ name, version }))(readPackage()));
