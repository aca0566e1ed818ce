import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper.js';
import {
  discoverProviders,
  singletonHandler,
  uniqueSorted,
} from '../common/discovered-providers.js';
import { completionTarget } from '../completions/completion-target.js';
import type { McpCallContext } from '../protocol/dispatch/mcp-call-context.interface.js';
import type {
  McpResourceHandler,
  McpResourceTemplateHandler,
} from './resource-handler.interface.js';
import type {
  McpResourceOptions,
  McpResourceTemplateOptions,
} from './resource-options.interface.js';
import {
  decoratedResources,
  McpResource,
  McpResourceTemplate,
} from './resource.decorator.js';
import { ResourceDefinitionError } from './resource.errors.js';
import type {
  RegisteredResource,
  RegisteredTemplate,
  ResolvedResource,
} from './registered-resource.interface.js';
import { UriTemplate, UriTemplateError } from './uri-template.js';
import { CallerList } from '../protocol/execution/caller-list.js';
import { McpHandlerEnhancer } from '../protocol/execution/mcp-handler.enhancer.js';

// An absolute URI (RFC 3986 §4.3): scheme ":" and no whitespace; templates start the same way.
const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;
const SCOPES = new Set(['public', 'private']);
const RESOURCE_FIELDS = [
  'uri',
  'name',
  'title',
  'description',
  'mimeType',
  'size',
  'annotations',
  'icons',
  '_meta',
];
const TEMPLATE_FIELDS = [
  'uriTemplate',
  'name',
  'title',
  'description',
  'mimeType',
  'annotations',
  'icons',
  '_meta',
];

const fail = (message: string) => new ResourceDefinitionError(message);

/**
 * Finds every `@McpResource` and `@McpResourceTemplate` provider at boot and checks it: boot fails
 * on a duplicate URI or template, a template beyond RFC 6570 level 1, a non-singleton or a class
 * without `read()`. Resolves a URI to its resource: an exact static URI first, then the first
 * template (by template order) that matches.
 */
@Injectable()
export class ResourceRegistry implements OnModuleInit {
  private readonly logger = new Logger('ResourceRegistry');
  private resources: ReadonlyMap<string, RegisteredResource> = new Map();
  private templates: ReadonlyMap<string, RegisteredTemplate> = new Map();
  private staticList = new CallerList<Readonly<Record<string, unknown>>>([]);
  private templateList = new CallerList<Readonly<Record<string, unknown>>>([]);
  private listing: readonly RegisteredTemplate[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly enhancer: McpHandlerEnhancer,
  ) {}

  onModuleInit(): void {
    const statics = discoverProviders(this.discovery, McpResource);
    const templates = discoverProviders(this.discovery, McpResourceTemplate);
    decoratedResources.warnUnprovided(this.discovery, this.logger);
    const both = statics.find((s) =>
      templates.some((t) => t.wrapper === s.wrapper),
    );
    if (both)
      throw fail(
        `${both.wrapper.name}: is marked both @McpResource and @McpResourceTemplate`,
      );
    this.resources = uniqueSorted(
      statics.map(({ wrapper, options }) =>
        registerResource(wrapper, options, this.enhancer),
      ),
      (r) => r.descriptor.uri as string,
      'resource URI',
      fail,
    );
    this.templates = uniqueSorted(
      templates.map(({ wrapper, options }) =>
        registerTemplate(wrapper, options, this.enhancer),
      ),
      (t) => t.template.template,
      'resource template',
      fail,
    );
    this.staticList = new CallerList([...this.resources.values()]);
    this.templateList = new CallerList([...this.templates.values()]);
    this.listing = [...this.templates.values()].filter(
      (t) => typeof t.handler.list === 'function',
    );
  }

  /** True when no resource and no template is registered (the capability is then not offered). */
  get isEmpty(): boolean {
    return this.resources.size === 0 && this.templates.size === 0;
  }

  /** Whether any template has variables to complete. */
  get hasTemplates(): boolean {
    return this.templates.size > 0;
  }

  /** True when what a caller sees in the resource lists depends on who it is. */
  get restricted(): boolean {
    return this.staticList.restricted || this.templateList.restricted;
  }

  /**
   * The `Resource` objects of `resources/list` the caller may see: static ones by URI, then what
   * templates list.
   */
  async list(
    ctx: McpCallContext,
  ): Promise<readonly Readonly<Record<string, unknown>>[]> {
    const statics = this.staticList.for(ctx.principal);
    if (this.listing.length === 0) return statics;
    const listed = [...statics];
    for (const t of this.listing) {
      if (!t.bound.access.lists(ctx.principal)) continue;
      for (const item of await t.handler.list!(ctx)) {
        listed.push(
          t.mimeType && item.mimeType === undefined
            ? { mimeType: t.mimeType, ...item }
            : item,
        );
      }
    }
    return listed;
  }

  /** The `ResourceTemplate` objects of `resources/templates/list` the caller may see. */
  listTemplates(
    ctx: McpCallContext,
  ): readonly Readonly<Record<string, unknown>>[] {
    return this.templateList.for(ctx.principal);
  }

  /** The template registered under exactly `uriTemplate` (a completion `ref/resource`). */
  template(uriTemplate: string): RegisteredTemplate | undefined {
    return this.templates.get(uriTemplate);
  }

  resolve(uri: string): ResolvedResource | undefined {
    const entry = this.resources.get(uri);
    if (entry) return { entry };
    for (const t of this.templates.values()) {
      const variables = t.template.match(uri);
      if (variables) return { entry: t, variables };
    }
    return undefined;
  }
}

function registerResource(
  wrapper: InstanceWrapper,
  options: McpResourceOptions,
  enhancer: McpHandlerEnhancer,
): RegisteredResource {
  const where = `Resource '${options.uri}' (${wrapper.name})`;
  if (typeof options.uri !== 'string' || !ABSOLUTE_URI.test(options.uri)) {
    throw fail(
      `${where}: uri must be an absolute URI (scheme:...) without spaces`,
    );
  }
  checkCommon(options, where);
  const handler = singletonHandler<McpResourceHandler>(
    wrapper,
    'read',
    where,
    fail,
  );
  return {
    kind: 'resource',
    descriptor: pick(options, RESOURCE_FIELDS),
    handler,
    bound: enhancer.bind(
      handler,
      'read',
      { kind: 'resource', name: options.uri },
      { params: ['uri', 'context'] },
    ),
    mimeType: options.mimeType,
    ttlMs: options.ttlMs,
    cacheScope: options.cacheScope,
  };
}

function registerTemplate(
  wrapper: InstanceWrapper,
  options: McpResourceTemplateOptions,
  enhancer: McpHandlerEnhancer,
): RegisteredTemplate {
  const where = `Resource template '${options.uriTemplate}' (${wrapper.name})`;
  if (
    typeof options.uriTemplate !== 'string' ||
    !ABSOLUTE_URI.test(options.uriTemplate)
  ) {
    throw fail(
      `${where}: uriTemplate must be an absolute URI template (scheme:...) without spaces`,
    );
  }
  let template: UriTemplate;
  try {
    template = UriTemplate.parse(options.uriTemplate);
  } catch (err) {
    if (err instanceof UriTemplateError) throw fail(`${where}: ${err.message}`);
    throw err;
  }
  if (template.variables.length === 0)
    throw fail(`${where}: has no {variable}; use @McpResource instead`);
  checkCommon(options, where);
  const completions = options.completions ?? {};
  const unknown = Object.keys(completions).find(
    (name) => !template.variables.includes(name),
  );
  if (unknown)
    throw fail(
      `${where}: completions for '${unknown}', which is not a variable of the template`,
    );
  const handler = singletonHandler<McpResourceTemplateHandler>(
    wrapper,
    'read',
    where,
    fail,
  );
  return {
    kind: 'template',
    descriptor: pick(options, TEMPLATE_FIELDS),
    template,
    handler,
    bound: enhancer.bind(
      handler,
      'read',
      { kind: 'resource', name: options.uriTemplate },
      {
        params: ['uri', 'args', 'context'],
        hooks: ['list', 'complete'],
        argumentNames: template.variables,
      },
    ),
    completion: completionTarget(template.variables, completions, handler),
    mimeType: options.mimeType,
    ttlMs: options.ttlMs,
    cacheScope: options.cacheScope,
  };
}

function checkCommon(
  options: McpResourceOptions | McpResourceTemplateOptions,
  where: string,
): void {
  if (typeof options.name !== 'string' || options.name.length === 0)
    throw fail(`${where}: name is required`);
  if (
    options.ttlMs !== undefined &&
    !(Number.isInteger(options.ttlMs) && options.ttlMs >= 0)
  ) {
    throw fail(`${where}: ttlMs must be an integer >= 0`);
  }
  if (options.cacheScope !== undefined && !SCOPES.has(options.cacheScope)) {
    throw fail(`${where}: cacheScope must be 'public' or 'private'`);
  }
}

/** The published fields of `options` that are set, frozen. */
function pick(
  options: object,
  fields: readonly string[],
): Readonly<Record<string, unknown>> {
  const source = options as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of fields)
    if (source[field] !== undefined) out[field] = source[field];
  return Object.freeze(out);
}
