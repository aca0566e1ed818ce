import type { Type } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import { ConfigError } from '../config/validate-env.js';
import { isProduction } from '../config/required-in-production.js';
import type { HandleStore } from '../handles/handle-store.interface.js';
import type { McpAuthenticator } from '../protocol/auth/mcp-authenticator.interface.js';
import type { TaskExecutor } from '../tasks/task-executor.interface.js';
import type { TaskStore } from '../tasks/task-store.interface.js';
import type { McpModuleOptions } from './mcp-module.options.js';
import {
  AUTHENTICATOR,
  fitsPlugin,
  HANDLE_STORE,
  inOptionTerms,
  optionAt,
  optionProblems,
  type PluginSpec,
  pluginExpectation,
  settingsValues,
  TASK_EXECUTOR,
  TASK_STORE,
} from './mcp-options.check.js';
import {
  type McpSettingsByClass,
  validateMcpSettings,
} from './mcp-settings.validate.js';

/**
 * `McpModule`'s options, validated once at boot and resolved: each module's settings class filled
 * in (`of`), and whatever the application plugs in instantiated. Provided by `McpModule`; modules
 * read their settings through `settingsProvider`, never the options themselves.
 */
export class McpSettings {
  private constructor(
    private readonly settings: McpSettingsByClass,
    /** The application's `HandleStore`; undefined: the built-in one `handles.store` names. */
    readonly handleStore: HandleStore | undefined,
    /** The application's `TaskStore`; undefined: the built-in one `tasks.store` chooses. */
    readonly taskStore: TaskStore | undefined,
    /** The application's `McpAuthenticator`, if it brings one. */
    readonly authenticator: McpAuthenticator | undefined,
    /** The application's `TaskExecutor`; undefined: the built-in one for the task store. */
    readonly taskExecutor: TaskExecutor | undefined,
  ) {}

  /**
   * Validates `options` (every problem at once, one line each, named by option, never a value)
   * and instantiates the plugged-in classes in `moduleRef`'s scope.
   * @throws ConfigError when the options are wrong.
   */
  static async resolve(
    options: McpModuleOptions | undefined,
    moduleRef: ModuleRef,
  ): Promise<McpSettings> {
    options ??= {};
    const problems = optionProblems(options);
    const production =
      typeof options.production === 'boolean'
        ? options.production
        : isProduction(process.env);
    let settings: McpSettingsByClass | undefined;
    try {
      settings = validateMcpSettings(
        settingsValues(options, process.env),
        production,
        optionAt(options, AUTHENTICATOR.path) !== undefined,
      );
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems.map(inOptionTerms));
    }
    if (problems.length > 0 || !settings) throw new ConfigError(problems);
    const [handleStore, taskStore, authenticator, taskExecutor] =
      await Promise.all([
        plugIn<HandleStore>(options, HANDLE_STORE, moduleRef),
        plugIn<TaskStore>(options, TASK_STORE, moduleRef),
        plugIn<McpAuthenticator>(options, AUTHENTICATOR, moduleRef),
        plugIn<TaskExecutor>(options, TASK_EXECUTOR, moduleRef),
      ]);
    if (production && authenticator?.allowedInProduction === false)
      throw new ConfigError([
        `auth.authenticator (${authenticator.constructor.name}) is for development and tests only (allowedInProduction: false) and refuses to boot in production`,
      ]);
    return new McpSettings(
      settings,
      handleStore,
      taskStore,
      authenticator,
      taskExecutor,
    );
  }

  /** The validated settings of one module (`ProtocolEnvironment`, `TasksEnvironment`, …). */
  of<T extends object>(cls: new () => T): T {
    const settings = this.settings.get(cls);
    if (!settings)
      throw new Error(`${cls.name} is not a settings class of McpModule`);
    return settings as T;
  }
}

/** The instance a plugin option names: created in `moduleRef`'s scope when it is a class. */
async function plugIn<T>(
  options: McpModuleOptions,
  spec: PluginSpec,
  moduleRef: ModuleRef,
): Promise<T | undefined> {
  const value = optionAt(options, spec.path);
  if (value === undefined || typeof value === 'string') return undefined;
  if (typeof value !== 'function') return value as T;
  const instance: unknown = await moduleRef.create(value as Type<unknown>);
  if (!fitsPlugin(spec, instance))
    throw new ConfigError([pluginExpectation(spec)]);
  return instance as T;
}
