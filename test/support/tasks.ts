import { expect } from '@jest/globals';
import { mcp, modernMeta, type Target } from './mcp-request.js';
import { waitFor } from './wait-for.js';

/** The tasks extension's id (SEP-2663). */
export const TASKS = 'io.modelcontextprotocol/tasks';

/** `_meta` of a request that opts into tasks (and can answer elicitations). */
export function taskMeta(
  caps: Record<string, unknown> = { elicitation: {} },
): Record<string, unknown> {
  return {
    ...modernMeta(),
    'io.modelcontextprotocol/clientCapabilities': {
      ...caps,
      extensions: { [TASKS]: {} },
    },
  };
}

/** Options of the task helpers. */
export interface TaskCallOptions {
  /** Extra headers, e.g. `Authorization`. */
  readonly headers?: Record<string, string>;
  /** `_meta` to send instead of `taskMeta()`. */
  readonly meta?: Record<string, unknown>;
}

/** `tools/call` of a task tool with the extension declared; the raw response. */
export function callAsTask(
  target: Target,
  name: string,
  args: Record<string, unknown> = {},
  options: TaskCallOptions = {},
) {
  return mcp(
    target,
    'tools/call',
    { name, arguments: args, _meta: options.meta ?? taskMeta() },
    { extraHeaders: options.headers },
  );
}

/** Creates a task and returns its CreateTaskResult, failing loudly on anything else. */
export async function createTask(
  target: Target,
  name: string,
  args: Record<string, unknown> = {},
  options: TaskCallOptions = {},
): Promise<Record<string, unknown> & { taskId: string }> {
  const res = await callAsTask(target, name, args, options);
  const result = (res.body as { result?: { resultType?: string } }).result;
  if (res.status !== 200 || result?.resultType !== 'task')
    throw new Error(`no task: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  return result as Record<string, unknown> & { taskId: string };
}

/** One `tasks/*` request with `Mcp-Name` = taskId; the raw response. */
export function taskRequest(
  target: Target,
  method: 'tasks/get' | 'tasks/update' | 'tasks/cancel',
  params: Record<string, unknown> & { taskId: unknown },
  options: TaskCallOptions = {},
) {
  return mcp(
    target,
    method,
    { ...params, _meta: options.meta ?? taskMeta() },
    {
      extraHeaders: {
        ...(typeof params.taskId === 'string'
          ? { 'Mcp-Name': params.taskId }
          : {}),
        ...options.headers,
      },
    },
  );
}

/** `tasks/get` result, failing loudly on an error. */
export async function getTask(
  target: Target,
  taskId: string,
  options: TaskCallOptions = {},
): Promise<Record<string, unknown> & { status: string }> {
  const res = await taskRequest(target, 'tasks/get', { taskId }, options);
  const body = res.body as { result?: Record<string, unknown> };
  if (res.status !== 200 || !body.result)
    throw new Error(
      `tasks/get: HTTP ${res.status} ${JSON.stringify(res.body)}`,
    );
  return body.result as Record<string, unknown> & { status: string };
}

/**
 * Polls `tasks/get` (on each target in turn) until `done` holds; returns that answer.
 * @throws when `timeoutMs` passes first.
 */
export async function waitForTask(
  targets: Target | Target[],
  taskId: string,
  done: (task: Record<string, unknown> & { status: string }) => boolean,
  timeoutMs = 10_000,
  options: TaskCallOptions & { readonly everyMs?: number } = {},
): Promise<Record<string, unknown> & { status: string }> {
  const list = Array.isArray(targets) ? targets : [targets];
  let last: Record<string, unknown> & { status: string };
  let i = 0;
  return waitFor(
    async () => {
      last = await getTask(list[i++ % list.length], taskId, options);
      return done(last) && last;
    },
    {
      what: () => `task ${taskId}, still ${JSON.stringify(last)}`,
      timeoutMs,
      everyMs: options.everyMs ?? 100,
    },
  );
}

/** True for a terminal status. */
export const terminal = (task: { status: string }) =>
  ['completed', 'failed', 'cancelled'].includes(task.status);

/**
 * Asserts that every `tasks/*` method answers `caller` as if `taskId` did not exist (-32602), as it
 * must for another caller's task: a refusal that named the owner would reveal the task.
 */
export async function expectHiddenFrom(
  target: Target,
  taskId: string,
  caller: TaskCallOptions,
): Promise<void> {
  for (const method of ['tasks/get', 'tasks/update', 'tasks/cancel'] as const) {
    const res = await taskRequest(
      target,
      method,
      { taskId, inputResponses: {} },
      caller,
    );
    expect(res.body.error).toMatchObject({
      code: -32602,
      message: 'Invalid params: unknown or expired taskId',
    });
  }
}

/** `features.tasks` of an instance's `/readyz`: store, executor, runs here, queue counts. */
export interface TasksReadiness {
  readonly store: string;
  readonly executor?: string;
  readonly active: number;
  readonly queue?: Record<string, number | string>;
  readonly eventLoopWorstMs?: number;
}

/** What an instance says about its tasks on `/readyz` (any status: a draining one answers 503). */
export async function tasksOn(baseUrl: string): Promise<TasksReadiness> {
  const body = (await (await fetch(`${baseUrl}/readyz`)).json()) as {
    features: { tasks: TasksReadiness };
  };
  return body.features.tasks;
}
