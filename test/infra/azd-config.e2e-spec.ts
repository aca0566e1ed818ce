import { beforeAll, describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import { statSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ServerEnvironment } from '../../src/server.env.js';
import { BicepEvaluator } from './support/bicep-evaluator.js';
import type { BicepFile } from './support/bicep-file.js';
import { parseBicep } from './support/bicep-parser.js';
import { readRepoFile, repoPath } from './support/repo-files.js';

const HOOK = {
  type: 'object',
  required: ['shell', 'run'],
  properties: {
    shell: { enum: ['sh', 'bash', 'pwsh'] },
    run: { type: 'string' },
  },
};

// The parts of azd's azure.yaml schema this project relies on (the upstream schema is not vendored).
const AZURE_YAML_SCHEMA = {
  type: 'object',
  required: ['name', 'requiredVersions', 'infra', 'services'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
    metadata: { type: 'object', properties: { template: { type: 'string' } } },
    requiredVersions: {
      type: 'object',
      required: ['azd'],
      properties: { azd: { type: 'string' } },
    },
    infra: {
      type: 'object',
      properties: {
        provider: { const: 'bicep' },
        path: { const: 'infra' },
        module: { const: 'main' },
      },
    },
    services: {
      type: 'object',
      required: ['web'],
      additionalProperties: false,
      properties: {
        web: {
          type: 'object',
          required: ['project', 'language', 'host'],
          properties: {
            project: { const: '.' },
            language: { const: 'ts' },
            host: { const: 'appservice' },
          },
        },
      },
    },
    hooks: {
      type: 'object',
      propertyNames: {
        pattern: '^(pre|post)(provision|deploy|up|down|restore|build|package)$',
      },
      additionalProperties: {
        type: 'object',
        anyOf: [{ required: ['posix'] }, { required: ['run'] }],
        properties: { posix: HOOK, windows: HOOK },
      },
    },
  },
};

/** `${VAR}` or `${VAR=default}`: how azd substitutes environment values into parameters. */
const AZD_VALUE = /^\$\{([A-Z][A-Z0-9_]*)(?:=([^}]*))?\}$/;

interface AzureYaml {
  requiredVersions: { azd: string };
  hooks: Record<string, { posix: { run: string }; windows?: { run: string } }>;
}

describe('azure.yaml', () => {
  let config: AzureYaml;
  beforeAll(() => {
    config = parseYaml(readRepoFile('azure.yaml')) as AzureYaml;
  });

  it('matches the schema: one service web (project ., ts, appservice), bicep in infra/main', () => {
    const validate = new Ajv({ allErrors: true }).compile(AZURE_YAML_SCHEMA);
    expect(validate(config) ? [] : validate.errors).toEqual([]);
  });

  it('requires an azd that deploys to App Service slots (>= 1.23.13)', () => {
    const match = /^>=\s*(\d+)\.(\d+)\.(\d+)$/.exec(
      config.requiredVersions.azd,
    );
    expect(match).not.toBeNull();
    const [major, minor, patch] = match!.slice(1).map(Number);
    expect(major * 1e6 + minor * 1e3 + patch).toBeGreaterThanOrEqual(
      1 * 1e6 + 23 * 1e3 + 13,
    );
  });

  it('runs executable hook scripts that exist', () => {
    const { posix, windows } = config.hooks.preprovision;
    const script = posix.run.replace(/^\.\//, '');
    expect(statSync(repoPath(script)).mode & 0o111).not.toBe(0);
    expect(statSync(repoPath(windows!.run.replace(/^\.\//, ''))).isFile()).toBe(
      true,
    );
  });
});

describe('infra/main.parameters.json', () => {
  let main: BicepFile;
  let parameters: Record<string, { value: unknown }>;
  beforeAll(async () => {
    main = await parseBicep('infra/main.bicep');
    const file = JSON.parse(readRepoFile('infra/main.parameters.json')) as {
      $schema: string;
      contentVersion: string;
      parameters: Record<string, { value: unknown }>;
    };
    expect(file.$schema).toMatch(/deploymentParameters\.json#$/);
    expect(file.contentVersion).toBe('1.0.0.0');
    parameters = file.parameters;
  });

  /** The azd variable and default a parameter is mapped from. */
  const mapping = (name: string) => {
    const match = AZD_VALUE.exec(String(parameters[name]?.value));
    return match ? { variable: match[1], default: match[2] } : undefined;
  };

  it('maps INSTANCE_COUNT to instanceCount with the bicep default 3', () => {
    expect(mapping('instanceCount')).toEqual({
      variable: 'INSTANCE_COUNT',
      default: '3',
    });
  });

  it('maps every parameter of main.bicep, and only those, from an azd variable', () => {
    expect(Object.keys(parameters).sort()).toEqual(
      [...main.params.keys()].sort(),
    );
    for (const name of Object.keys(parameters))
      expect({ name, mapping: mapping(name) }).toEqual({
        name,
        mapping: expect.anything(),
      });
    expect(mapping('environmentName')?.variable).toBe('AZURE_ENV_NAME');
    expect(mapping('location')?.variable).toBe('AZURE_LOCATION');
  });

  it('uses the same defaults as main.bicep, so `azd provision` and a bare deployment agree', () => {
    const evaluator = new BicepEvaluator(main);
    for (const [name, param] of main.params) {
      const fileDefault = mapping(name)?.default;
      if (!param.defaultValue || fileDefault === undefined) continue;
      expect({ name, default: fileDefault }).toEqual({
        name,
        // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a Bicep literal: string, number or boolean
        default: String(evaluator.evaluate(param.defaultValue)),
      });
    }
  });

  it('takes the signing keys from the azd environment with no default', () => {
    expect(mapping('handleSigningKeys')).toEqual({
      variable: 'HANDLE_SIGNING_KEYS',
      default: undefined,
    });
  });
});

describe('.vscode/mcp.json', () => {
  it('lists the local server on the default port and a deployed one over https', () => {
    const { servers } = JSON.parse(readRepoFile('.vscode/mcp.json')) as {
      servers: Record<string, { type: string; url: string }>;
    };
    const entries = Object.values(servers);
    expect(entries).toContainEqual({
      type: 'http',
      url: `http://localhost:${new ServerEnvironment().PORT}/mcp`,
    });
    expect(
      entries.filter(
        (s) => s.type === 'http' && /^https:\/\/[^/]+\/mcp$/.test(s.url),
      ),
    ).toHaveLength(1);
  });
});
