import type { RegisteredTool } from '../tools/registered-tool.interface.js';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { McpMethodHandler } from '../protocol/dispatch/mcp-method.interface.js';
import { McpMethodRegistry } from '../protocol/dispatch/mcp-method.registry.js';
import type { McpRequestContext } from '../protocol/dispatch/mcp-request-context.js';
import { JsonRpcError } from '../protocol/json-rpc/json-rpc.error.js';
import {
  isJsonObject,
  type JsonObject,
  type McpResult,
} from '../protocol/json-rpc/json-rpc.types.js';
import { InputRequired } from '../protocol/mrtr/input-required.js';
import { ToolError } from '../tools/tool.errors.js';
import { ToolRegistry } from '../tools/tool.registry.js';
import {
  serverFailure,
  TaskFailures,
  taskNotFound,
  taskPayloadTooLarge,
  tasksCapabilityMissing,
  taskStoreUnavailable,
} from './task.errors.js';
import { TaskExecutor, type QueuedTask } from './task-executor.interface.js';
import { mintTaskId, isTaskIdShape } from './task-id.js';
import { TaskStore } from './task-store.interface.js';
import { isTerminal, TASKS_EXTENSION, type TaskRecord } from './task.types.js';
import { TaskTelemetry } from './task.telemetry.js';
import { createTaskResult, detailedTask } from './task-wire.js';
import { TasksEnvironment } from './tasks.env.js';

const COMPLETE: () => McpResult = () => ({ resultType: 'complete' });

/**
 * The tasks extension on the wire (SEP-2663): advertises it in `server/discover`, turns a
 * `tools/call` of a task tool into a task when the request opts in, and serves `tasks/get`,
 * `tasks/update` and `tasks/cancel`. `tasks/result` and `tasks/list` are not registered, so they
 * answer -32601 (HTTP 404) like any unknown method.
 */
@Injectable()
export class TasksMethods implements OnApplicationBootstrap {
  private readonly logger = new Logger('Tasks');

  constructor(
    private readonly methods: McpMethodRegistry,
    private readonly tools: ToolRegistry,
    @Inject(TaskStore) private readonly taskStore: TaskStore | null,
    @Inject(TaskExecutor) private readonly taskExecutor: TaskExecutor | null,
    private readonly env: TasksEnvironment,
    private readonly telemetry: TaskTelemetry,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.taskStore) {
      // Not offered: not advertised, tasks/* unknown, task-only tools refused (SEP-2663).
      this.methods.wrap('tools/call', (inner) => this.withoutTasks(inner));
      return;
    }
    const extensions = this.methods.capabilities().extensions;
    this.methods.declareCapability('extensions', {
      ...(isJsonObject(extensions) ? extensions : {}),
      [TASKS_EXTENSION]: {},
    });
    const modern = { eras: ['modern' as const] };
    this.methods.register('tasks/get', (p, ctx) => this.get(p, ctx), modern);
    this.methods.register(
      'tasks/update',
      (p, ctx) => this.update(p, ctx),
      modern,
    );
    this.methods.register(
      'tasks/cancel',
      (p, ctx) => this.cancel(p, ctx),
      modern,
    );
    this.methods.wrap('tools/call', (inner) => this.toolsCall(inner));
  }

  private get store(): TaskStore {
    return this.taskStore!;
  }

  private get executor(): TaskExecutor {
    return this.taskExecutor!;
  }

  private withoutTasks(inner: McpMethodHandler): McpMethodHandler {
    return (params, ctx) => {
      const name = params.name;
      const tool = typeof name === 'string' ? this.tools.get(name) : undefined;
      if (tool?.taskSupport === 'required')
        throw tasksCapabilityMissing(
          `tool ${tool.descriptor.name} runs only as a task, and this server offers no tasks`,
        );
      return inner(params, ctx);
    };
  }

  /** `tools/call`: tools without task support go straight through, at the cost of one lookup. */
  private toolsCall(inner: McpMethodHandler): McpMethodHandler {
    return (params, ctx) => {
      const name = params.name;
      const tool = typeof name === 'string' ? this.tools.get(name) : undefined;
      if (!tool || tool.taskSupport === 'forbidden') return inner(params, ctx);
      if (!declaresTasks(ctx)) {
        if (tool.taskSupport === 'optional') return inner(params, ctx);
        throw tasksCapabilityMissing(
          `tool ${tool.descriptor.name} runs only as a task`,
        );
      }
      const args = params.arguments ?? {};
      // Invalid arguments: the synchronous path answers them as a tool error (an `isError` result).
      if (!tool.validateInput(args)) return inner(params, ctx);
      if (
        tool.taskSupport === 'optional' &&
        tool.handler.runsAsTask?.(args as Record<string, unknown>) === false
      )
        return inner(params, ctx);
      return this.authorizeThenCreate(
        tool,
        args as Record<string, unknown>,
        ctx,
      );
    };
  }

  /**
   * A task is created only for a caller the tool lets through: its scopes and its Nest guards are
   * checked now, in the request, so a denial is the same 403 a synchronous call gets.
   */
  private async authorizeThenCreate(
    tool: RegisteredTool,
    args: Record<string, unknown>,
    ctx: McpRequestContext,
  ): Promise<McpResult> {
    tool.bound.enforce(ctx);
    await tool.bound.authorize(ctx, args, args, ctx);
    return this.createTask(tool.descriptor.name, tool.handler, args, ctx);
  }

  private async createTask(
    name: string,
    handler: ToolRegistryHandler,
    args: Record<string, unknown>,
    ctx: McpRequestContext,
  ): Promise<McpResult> {
    if (handler.beforeTask) {
      // MRTR rounds are resolved in the request, before any task exists (SEP-2663 + SEP-2322).
      let before: unknown;
      try {
        before = await handler.beforeTask(args, ctx);
      } catch (err) {
        if (err instanceof ToolError) return toolFailure(err);
        throw err;
      }
      if (before instanceof InputRequired)
        return before as unknown as McpResult;
    }
    const now = Date.now();
    const payload = Buffer.byteLength(
      JSON.stringify([args, ctx.inputResponses, ctx.requestState]),
    );
    if (payload > this.env.TASKS_MAX_PAYLOAD_BYTES)
      throw taskPayloadTooLarge(this.env.TASKS_MAX_PAYLOAD_BYTES);
    const task: QueuedTask = {
      taskId: mintTaskId(),
      tool: name,
      caller: callerOf(ctx),
      expiresAt: now + this.env.TASKS_TTL_MS,
    };
    await this.guard(() => this.executor.admit(task));
    let record: TaskRecord;
    try {
      // Awaited before answering: a tasks/get right after must find it, on any instance.
      record = await this.store.create({
        taskId: task.taskId,
        caller: task.caller,
        createdAt: now,
        ttlMs: this.env.TASKS_TTL_MS,
        pollIntervalMs: this.env.TASKS_POLL_INTERVAL_MS,
        origin: {
          tool: name,
          arguments: args,
          request: {
            requestId: ctx.requestId,
            protocolVersion: ctx.protocolVersion,
            clientCapabilities: ctx.clientCapabilities,
            clientInfo: ctx.clientInfo,
            principal: ctx.principal,
            traceId: ctx.traceId,
            spanContext: this.telemetry.currentSpan(),
          },
        },
        inputResponses: ctx.inputResponses,
        requestState: ctx.requestState,
      });
    } catch {
      await this.executor.abandon(task).catch(() => undefined);
      throw taskStoreUnavailable();
    }
    try {
      await this.executor.enqueue(task);
    } catch {
      // A record without a job must not stay `working`: fail it now if the store answers, else
      // the executor's reconciler does.
      await this.store
        .finish(task.taskId, serverFailure(TaskFailures.jobLost), 0)
        .catch(() => undefined);
      await this.executor.abandon(task).catch(() => undefined);
      throw taskStoreUnavailable();
    }
    this.telemetry.created(name);
    return createTaskResult(record);
  }

  private async get(params: JsonObject, ctx: McpRequestContext) {
    const record = await this.find(params, ctx);
    return { resultType: 'complete', ...detailedTask(record) };
  }

  private async update(params: JsonObject, ctx: McpRequestContext) {
    const record = await this.find(params, ctx);
    const responses = params.inputResponses;
    if (
      !isJsonObject(responses) ||
      !Object.values(responses).every(isJsonObject)
    ) {
      throw JsonRpcError.invalidRequestParams(
        'Invalid params: inputResponses must map keys to response objects',
      );
    }
    if (
      Buffer.byteLength(JSON.stringify(responses)) >
      this.env.TASKS_MAX_INPUT_BYTES
    ) {
      throw JsonRpcError.invalidRequestParams(
        `Invalid params: inputResponses exceed ${this.env.TASKS_MAX_INPUT_BYTES} bytes`,
      );
    }
    const outcome = await this.guard(() =>
      this.store.respond(record.taskId, responses),
    );
    if (outcome === 'unknown') throw taskNotFound();
    // Best effort: a lost wake-up is found by the executor's own watch.
    if (outcome === 'resumed')
      await this.executor.resume(record.taskId).catch(() => undefined);
    return COMPLETE();
  }

  private async cancel(params: JsonObject, ctx: McpRequestContext) {
    const record = await this.find(params, ctx);
    // Idempotent: cancelling a finished task acknowledges and changes nothing (SEP-2663).
    if (!(await this.guard(() => this.store.cancel(record.taskId))))
      throw taskNotFound();
    if (isTerminal(record.status)) return COMPLETE();
    await this.executor
      .cancel(record.taskId, record.caller)
      .catch(() => undefined);
    // An ordinary client action: info, never an error.
    this.logger.log(`Task ${record.taskId} cancelled by its caller`);
    return COMPLETE();
  }

  /**
   * The capability gate comes first (SEP-2663: before the task is looked up), then the id's shape,
   * then the store; another caller's task is answered like an unknown one.
   */
  private async find(
    params: JsonObject,
    ctx: McpRequestContext,
  ): Promise<TaskRecord> {
    if (!declaresTasks(ctx))
      throw tasksCapabilityMissing(`needed for ${ctx.method}`);
    const taskId = params.taskId;
    if (!isTaskIdShape(taskId)) throw taskNotFound();
    const record = await this.guard(() => this.store.get(taskId));
    if (!record || record.caller !== callerOf(ctx)) throw taskNotFound();
    return record;
  }

  private async guard<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      if (err instanceof JsonRpcError) throw err;
      throw taskStoreUnavailable();
    }
  }
}

type ToolRegistryHandler = NonNullable<
  ReturnType<ToolRegistry['get']>
>['handler'];

/** Opt-in is per request: `_meta` client capabilities name the extension (SEP-2663). */
function declaresTasks(ctx: McpRequestContext): boolean {
  const extensions = ctx.clientCapabilities.extensions;
  return isJsonObject(extensions) && isJsonObject(extensions[TASKS_EXTENSION]);
}

function callerOf(ctx: McpRequestContext): string {
  return ctx.principal?.subject ?? '';
}

function toolFailure(err: ToolError): McpResult {
  return {
    content: [{ type: 'text', text: err.message }],
    structuredContent: { error: { message: err.message, ...err.details } },
    isError: true,
  };
}
