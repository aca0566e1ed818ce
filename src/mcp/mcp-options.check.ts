import type { McpModuleOptions } from './mcp-module.options.js';
import {
  OPTION_GROUPS,
  OPTION_LEAVES,
  OPTION_OF_SETTING,
  PLUGIN_OPTIONS,
} from './mcp-settings.map.js';

/** What an option that plugs something in accepts, for its check and its error line. */
export interface PluginSpec {
  readonly path: (typeof PLUGIN_OPTIONS)[number];
  /** The names of the built-ins a string may choose (validated by the settings class). */
  readonly builtIns: readonly string[];
  /** The interface with its article, as the error line names it. */
  readonly type: string;
  /** Methods an instance must have: enough to catch the wrong object, not a contract test. */
  readonly methods: readonly string[];
}

export const AUTHENTICATOR: PluginSpec = {
  path: 'auth.authenticator',
  builtIns: [],
  type: 'an McpAuthenticator',
  methods: ['authenticate'],
};
export const HANDLE_STORE: PluginSpec = {
  path: 'handles.store',
  builtIns: ['signed', 'redis'],
  type: 'a HandleStore',
  methods: ['create', 'read', 'update', 'ping'],
};
export const TASK_STORE: PluginSpec = {
  path: 'tasks.store',
  builtIns: ['auto', 'redis', 'memory', 'off'],
  type: 'a TaskStore',
  methods: ['create', 'get', 'finish', 'cancel', 'close'],
};
export const TASK_EXECUTOR: PluginSpec = {
  path: 'tasks.executor',
  builtIns: [],
  type: 'a TaskExecutor',
  methods: [
    'start',
    'admit',
    'abandon',
    'enqueue',
    'resume',
    'cancel',
    'drain',
    'report',
    'close',
  ],
};
/**
 * Every plug-in option. Another one is a spec here, its path in `PLUGIN_OPTIONS`, a field of
 * `McpSettings` filled by `plugIn`, and the module's factory preferring it over its built-in.
 */
const PLUGINS = [AUTHENTICATOR, HANDLE_STORE, TASK_STORE, TASK_EXECUTOR];

/** The value at a dotted option path, or undefined where any group on the way is missing. */
export function optionAt(options: unknown, path: string): unknown {
  let value = options;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** The line that says what a plugin option accepts. */
export function pluginExpectation(spec: PluginSpec): string {
  const choices = [
    ...spec.builtIns.map((name) => `'${name}'`),
    `${spec.type} class or instance`,
  ];
  const last = choices.pop()!;
  return `${spec.path} must be ${choices.length ? `${choices.join(', ')} or ` : ''}${last}`;
}

/** Whether `value` has what an instance of the plugin needs (`kind` too, for stores and executors). */
export function fitsPlugin(spec: PluginSpec, value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    spec.methods.every((m) => typeof record[m] === 'function') &&
    (spec === AUTHENTICATOR || typeof record.kind === 'string')
  );
}

/**
 * What is wrong with the options as a whole, one line each: unknown options (a typo would
 * otherwise be ignored), a group that is not an object, a plugged-in instance of the wrong kind,
 * both ways of authenticating at once. Values are checked by the settings classes.
 */
export function optionProblems(options: unknown): string[] {
  if (!isOptionGroup(options)) return ['McpModule options must be an object'];
  const problems: string[] = [];
  walk(options, '', problems);
  for (const spec of PLUGINS) {
    const value = optionAt(options, spec.path);
    if (value === undefined || typeof value === 'function') continue;
    if (typeof value === 'string' && spec.builtIns.length > 0) continue;
    if (!fitsPlugin(spec, value)) problems.push(pluginExpectation(spec));
  }
  const { production } = options as McpModuleOptions;
  if (production !== undefined && typeof production !== 'boolean')
    problems.push('production must be true or false');
  if (
    optionAt(options, 'auth.authenticator') !== undefined &&
    optionAt(options, 'auth.oauth') !== undefined
  )
    problems.push(
      'auth.authenticator and auth.oauth are two ways to authenticate callers: use one',
    );
  return problems;
}

function walk(
  group: Readonly<Record<string, unknown>>,
  prefix: string,
  problems: string[],
): void {
  for (const [key, value] of Object.entries(group)) {
    if (value === undefined) continue;
    const path = `${prefix}${key}`;
    if (OPTION_GROUPS.has(path)) {
      if (isOptionGroup(value)) walk(value, `${path}.`, problems);
      else problems.push(`${path} must be an object of options`);
    } else if (!OPTION_LEAVES.has(path)) {
      problems.push(`${path} is not an option of McpModule`);
    }
  }
}

function isOptionGroup(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The settings the options describe, by field name of the settings classes: what a server would
 * set as environment variables, but typed. Unset options are left out (the class's default then
 * applies), and so is a plugged-in class or instance (the settings keep the built-in default).
 */
export function settingsValues(
  options: McpModuleOptions,
  platform: Readonly<Record<string, string | undefined>>,
): Record<string, unknown> {
  const plugins = new Set<string>(PLUGIN_OPTIONS);
  const values: Record<string, unknown> = {};
  for (const [field, path] of OPTION_OF_SETTING) {
    let value = optionAt(options, path);
    // Omitted, the instance is what the platform's own variables say it is.
    if (options.instance === undefined && path.startsWith('instance.'))
      value = platform[field] || undefined;
    if (value === undefined) continue;
    if (plugins.has(path) && typeof value !== 'string') continue;
    values[field] = Array.isArray(value) ? [...(value as unknown[])] : value;
  }
  return values;
}

const SETTING_NAMES = new RegExp(
  `\\b(${[...OPTION_OF_SETTING.keys()].sort((a, b) => b.length - a.length).join('|')})\\b`,
  'g',
);

/**
 * A problem a settings class reported (named by its field, the server's variable), said in terms
 * of the options: `MCP_MAX_BODY_BYTES must be …` → `protocol.maxBodyBytes must be …`.
 */
export function inOptionTerms(problem: string): string {
  return problem.replace(
    SETTING_NAMES,
    (field) => OPTION_OF_SETTING.get(field) ?? field,
  );
}
