import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import {
  parseBicep,
  parseBicepSource,
  syntaxErrors,
} from './support/bicep-parser.js';
import { listRepoFiles, readRepoFile, repoPath } from './support/repo-files.js';

// No Bicep compiler can run offline (the CLI is downloaded on first use): tree-sitter-bicep checks
// the syntax, the other infra specs check the properties that matter. `bicep build` and what-if
// need Azure.
const bicepFiles = listRepoFiles('infra', '.bicep');

describe('infra/*.bicep syntax', () => {
  it('finds main.bicep and one module per concern', () => {
    expect(bicepFiles).toEqual(
      expect.arrayContaining([
        'infra/main.bicep',
        'infra/modules/identity.bicep',
        'infra/modules/monitoring.bicep',
        'infra/modules/plan.bicep',
        'infra/modules/redis.bicep',
        'infra/modules/web.bicep',
      ]),
    );
  });

  it.each(bicepFiles)(
    '%s parses with no ERROR or MISSING node',
    async (path) => {
      const file = await parseBicep(path);
      expect(syntaxErrors(file.root)).toEqual([]);
    },
  );

  it('flags broken Bicep (the check above can fail)', async () => {
    const source = readRepoFile('infra/main.bicep');
    const truncated = await parseBicepSource(
      'truncated',
      source.slice(0, source.indexOf('module web')) + 'module web x = {',
    );
    const unbalanced = await parseBicepSource(
      'unbalanced',
      "param a int = (1 +\nvar b = 'x'\n",
    );
    expect(syntaxErrors(truncated.root).length).toBeGreaterThan(0);
    expect(syntaxErrors(unbalanced.root).length).toBeGreaterThan(0);
  });

  it('main.bicep deploys at subscription scope and uses every module, all local (no registry modules)', async () => {
    const main = await parseBicep('infra/main.bicep');
    expect(main.targetScope).toBe('subscription');
    const used = main.modules.map((m) => `infra/${m.path}`).sort();
    expect(used).toEqual(bicepFiles.filter((f) => f !== 'infra/main.bicep'));
    for (const path of used) expect(existsSync(repoPath(path))).toBe(true);
  });

  it.each(bicepFiles)(
    '%s pins an API version on every resource and references no registry module',
    async (path) => {
      const file = await parseBicep(path);
      for (const resource of file.resources) {
        expect({
          resource: resource.symbol,
          apiVersion: resource.apiVersion,
        }).toEqual({
          resource: resource.symbol,
          apiVersion: expect.stringMatching(/^\d{4}-\d{2}-\d{2}(-preview)?$/),
        });
      }
      for (const module of file.modules)
        expect(module.path).not.toMatch(/^(br|ts)[:/]/);
    },
  );
});
