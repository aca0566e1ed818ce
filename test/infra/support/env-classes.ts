import { getMetadataStorage } from 'class-validator';
import { listRepoFiles, repoPath } from './repo-files.js';

/** A configuration class of the app: the variables it reads, validated by `validateEnv`. */
export type EnvClass = new () => object;

/**
 * Every configuration class of the app: the classes exported by the `*.env.ts` files under `src/` that carry
 * class-validator metadata. Discovered, not listed, so a new env class is covered automatically.
 */
export async function appEnvClasses(): Promise<EnvClass[]> {
  const classes: EnvClass[] = [];
  for (const path of listRepoFiles('src', '.env.ts')) {
    const exports = (await import(repoPath(path))) as Record<string, unknown>;
    for (const value of Object.values(exports)) {
      if (
        typeof value === 'function' &&
        settingsReadBy(value as EnvClass).length > 0
      )
        classes.push(value as EnvClass);
    }
  }
  return classes;
}

/** Names of the variables an env class reads: its validated properties and its defaulted fields. */
export function settingsReadBy(cls: EnvClass): string[] {
  const validated = getMetadataStorage()
    .getTargetValidationMetadatas(cls, '', true, false)
    .map((m) => m.propertyName);
  return [...new Set([...validated, ...Object.keys(new cls())])];
}
