import { beforeAll, describe, expect, it } from '@jest/globals';
import { BicepEvaluator, reference } from './support/bicep-evaluator.js';
import { type BicepFile, objectProperties } from './support/bicep-file.js';
import { parseBicep } from './support/bicep-parser.js';

/** Decorator arguments of a parameter as plain values (`@minValue(1)` → `{ minValue: [1] }`). */
function decorators(file: BicepFile, name: string): Record<string, unknown[]> {
  const evaluator = new BicepEvaluator(file);
  const param = file.param(name);
  return Object.fromEntries(
    [...param.decorators].map(([d, args]) => [
      d,
      args.map((a) => evaluator.evaluate(a)),
    ]),
  );
}

/** What a module declaration of main.bicep passes its module, evaluated in main.bicep. */
function moduleArgs(main: BicepFile, symbol: string): Record<string, unknown> {
  return new BicepEvaluator(main).evaluate(
    objectProperties(main.module(symbol).body).get('params')!,
  ) as Record<string, unknown>;
}

describe('platform resources', () => {
  let main: BicepFile;
  let modules: Map<string, BicepFile>;
  beforeAll(async () => {
    main = await parseBicep('infra/main.bicep');
    modules = new Map();
    for (const m of main.modules)
      modules.set(m.symbol, await parseBicep(`infra/${m.path}`));
  });

  it('sizes the plan from instanceCount: an int, 1..10, default 3', () => {
    const param = main.param('instanceCount');
    expect(param.type).toBe('int');
    expect(new BicepEvaluator(main).identifier('instanceCount')).toBe(3);
    expect(decorators(main, 'instanceCount')).toMatchObject({
      minValue: [1],
      maxValue: [10],
    });

    const planFile = modules.get('plan')!;
    // main.bicep passes its own parameters straight through (not a constant, not a recomputed value).
    const planArgs = objectProperties(
      objectProperties(main.module('plan').body).get('params')!,
    );
    expect(planArgs.get('instanceCount')?.text).toBe('instanceCount');
    expect(planArgs.get('skuName')?.text).toBe('appServicePlanSku');
    const [plan] = planFile.resourcesOfType('Microsoft.Web/serverfarms');
    const evaluator = new BicepEvaluator(planFile, {
      instanceCount: reference('instanceCount'),
      skuName: 'P0v3',
    });
    expect(evaluator.evaluate(plan.body)).toMatchObject({
      kind: 'linux',
      sku: { name: 'P0v3', capacity: reference('instanceCount') },
      properties: { reserved: true },
    });
    expect(decorators(planFile, 'instanceCount')).toMatchObject({
      minValue: [1],
      maxValue: [10],
    });
  });

  it('defaults the plan to Premium v3 P0v3, the smallest tier with slots and Always On', () => {
    expect(new BicepEvaluator(main).identifier('appServicePlanSku')).toBe(
      'P0v3',
    );
    expect(decorators(main, 'appServicePlanSku').allowed?.[0]).toEqual(
      expect.arrayContaining(['P0v3', 'P1v3']),
    );
  });

  it('tags the resource group and every module with azd-env-name', () => {
    const evaluator = new BicepEvaluator(main);
    expect(evaluator.identifier('tags')).toEqual({
      'azd-env-name': reference('environmentName'),
    });
    const [rg] = main.resourcesOfType('Microsoft.Resources/resourceGroups');
    expect(evaluator.evaluate(objectProperties(rg.body).get('tags')!)).toEqual({
      'azd-env-name': reference('environmentName'),
    });
    for (const module of main.modules)
      expect({
        module: module.symbol,
        ...moduleArgs(main, module.symbol),
      }).toMatchObject({ tags: evaluator.identifier('tags') });
  });

  it('puts azd-env-name on every resource that takes tags (every one with a location), azd-service-name on the site only', () => {
    const tags = { 'azd-env-name': reference('environmentName') };
    const serviceTagged: string[] = [];
    for (const [symbol, file] of modules) {
      const evaluator = new BicepEvaluator(file, { tags, serviceName: 'web' });
      for (const resource of file.resources) {
        const props = objectProperties(resource.body);
        if (!props.has('location')) continue;
        const value = props.get('tags');
        const evaluated = (value ? evaluator.evaluate(value) : {}) as Record<
          string,
          unknown
        >;
        expect({
          resource: `${symbol}/${resource.symbol}`,
          tags: evaluated,
        }).toEqual({
          resource: `${symbol}/${resource.symbol}`,
          tags: expect.objectContaining(tags),
        });
        if ('azd-service-name' in evaluated)
          serviceTagged.push(
            `${resource.type}=${String(evaluated['azd-service-name'])}`,
          );
      }
    }
    expect(serviceTagged).toEqual(['Microsoft.Web/sites=web']);
    expect(moduleArgs(main, 'web')).toMatchObject({ serviceName: 'web' });
  });

  it('sends telemetry to a workspace-based Application Insights', () => {
    const monitoring = modules.get('monitoring')!;
    const evaluator = new BicepEvaluator(monitoring);
    const [workspace] = monitoring.resourcesOfType(
      'Microsoft.OperationalInsights/workspaces',
    );
    const [components] = monitoring.resourcesOfType(
      'Microsoft.Insights/components',
    );
    expect(evaluator.evaluate(components.body)).toMatchObject({
      kind: 'web',
      properties: {
        Application_Type: 'web',
        WorkspaceResourceId: reference(`${workspace.symbol}.id`),
        IngestionMode: 'LogAnalytics',
      },
    });
    expect(
      evaluator.evaluate(monitoring.outputs.get('connectionString')!.value),
    ).toBe(reference(`${components.symbol}.properties.ConnectionString`));
  });

  it('creates Azure Managed Redis only for the redis backend', () => {
    const redis = main.module('redis');
    expect(redis.condition?.text).toBe('useRedis');
    expect(
      new BicepEvaluator(main, { handleBackend: 'redis' }).identifier(
        'useRedis',
      ),
    ).toBe(true);
    expect(
      new BicepEvaluator(main, { handleBackend: 'signed' }).identifier(
        'useRedis',
      ),
    ).toBe(false);
  });

  it('gives Redis TLS, Entra ID only (no access keys), a plain-client clustering policy and an access policy for the app identity', () => {
    const file = modules.get('redis')!;
    const evaluator = new BicepEvaluator(file);
    const [cluster] = file.resourcesOfType('Microsoft.Cache/redisEnterprise');
    const [database] = file.resourcesOfType(
      'Microsoft.Cache/redisEnterprise/databases',
    );
    const [access] = file.resourcesOfType(
      'Microsoft.Cache/redisEnterprise/databases/accessPolicyAssignments',
    );
    expect(evaluator.evaluate(cluster.body)).toMatchObject({
      sku: { name: 'Balanced_B0' },
      properties: { minimumTlsVersion: '1.2' },
    });
    expect(evaluator.evaluate(database.body)).toMatchObject({
      name: 'default',
      properties: {
        clientProtocol: 'Encrypted',
        port: 10000,
        accessKeysAuthentication: 'Disabled',
      },
    });
    expect(['EnterpriseCluster', 'NoCluster']).toContain(
      evaluator.identifier('clusteringPolicy'),
    );
    expect(decorators(file, 'clusteringPolicy').allowed).toEqual([
      ['EnterpriseCluster', 'NoCluster'],
    ]);
    expect(objectProperties(access.body).get('parent')?.text).toBe(
      database.symbol,
    );
    expect(evaluator.evaluate(access.body)).toMatchObject({
      name: expect.stringMatching(/^[A-Za-z0-9]+$/),
      properties: {
        accessPolicyName: 'default',
        user: { objectId: reference('principalId') },
      },
    });
    expect(moduleArgs(main, 'redis')).toMatchObject({
      principalId: reference('identity.outputs.principalId'),
    });
  });

  it('reads no keys anywhere (listKeys, access keys, instrumentation keys)', () => {
    for (const file of [main, ...modules.values()]) {
      const calls: string[] = [];
      const walk = (node: typeof file.root): void => {
        if (
          node.type === 'call_expression' ||
          node.type === 'property_identifier'
        )
          calls.push(node.text);
        for (const child of node.namedChildren) if (child) walk(child);
      };
      walk(file.root);
      expect(
        calls.filter((c) =>
          /^list(Keys|Secrets|ConnectionStrings)\b|^(InstrumentationKey|primaryKey|accessKeys)$/.test(
            c,
          ),
        ),
      ).toEqual([]);
    }
  });

  it('outputs what azd, the release scripts and the README use', () => {
    expect([...main.outputs.keys()]).toEqual(
      expect.arrayContaining([
        'AZURE_LOCATION',
        'AZURE_TENANT_ID',
        'AZURE_RESOURCE_GROUP',
        'APPLICATIONINSIGHTS_CONNECTION_STRING',
        'SERVICE_WEB_NAME',
        'SERVICE_WEB_URI',
        'SERVICE_WEB_STAGING_URI',
        'APP_INSTANCE_COUNT',
        'REDIS_HOST',
      ]),
    );
    const evaluator = new BicepEvaluator(main, { handleBackend: 'signed' });
    const output = (name: string) =>
      evaluator.evaluate(main.outputs.get(name)!.value);
    expect(output('APP_INSTANCE_COUNT')).toBe(
      reference('plan.outputs.instanceCount'),
    );
    expect(output('SERVICE_WEB_STAGING_URI')).toBe(
      reference('web.outputs.stagingUri'),
    );
    expect(output('REDIS_HOST')).toBe('');
    const web = new BicepEvaluator(modules.get('web')!);
    expect(
      web.evaluate(modules.get('web')!.outputs.get('stagingUri')!.value),
    ).toMatch(/^https:\/\/⟨\w+\.properties\.defaultHostName⟩$/);
  });

  it('keeps the signing keys secure: @secure(), no default, never an output', () => {
    expect(decorators(main, 'handleSigningKeys')).toHaveProperty('secure');
    expect(main.param('handleSigningKeys').defaultValue).toBeUndefined();
    for (const file of [main, ...modules.values()]) {
      for (const output of file.outputs.values())
        expect(output.value.text).not.toMatch(/handleSigningKeys|SigningKeys/i);
    }
  });
});
