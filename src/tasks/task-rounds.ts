import { Inject, Injectable, Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { JsonRpcError } from '../protocol/json-rpc/json-rpc.error.js';
import { JsonRpcErrorCode } from '../protocol/json-rpc/json-rpc-error-code.js';
import { isJsonObject } from '../protocol/json-rpc/json-rpc.types.js';
import { InputRequired } from '../protocol/mrtr/input-required.js';
import { ToolInvoker } from '../tools/tool.invoker.js';
import type { TaskRun } from './task-run.js';
import { TaskStore } from './task-store.interface.js';
import { TaskToolContext } from './task-tool.context.js';
import type { TaskErrorObject, TaskOutcome } from './task.types.js';
import { TasksEnvironment } from './tasks.env.js';

/**
 * How a run's rounds ended: the task `completed` or `failed` by this run; `superseded` (the store
 * refused the run's write: a newer run holds the task, or it ended elsewhere); `parked` (it waits
 * for input, and the run let go); `stopped` (the run was stopped: see `TaskRun.reason`).
 */
export type RoundsEnd =
  'completed' | 'failed' | 'superseded' | 'parked' | 'stopped';

/** `InputRequired` results without requests in a row before a run is failed as stuck. */
const MAX_EMPTY_ROUNDS = 100;
/** How often a run retries recording its outcome while the store is unreachable, and how long. */
const FINISH_RETRY_MS = 500;
const FINISH_RETRY_FOR_MS = 30_000;
/** The capability each in-task input request needs (as for MRTR, SEP-2322). */
const CAPABILITY: Readonly<Record<string, string>> = {
  'elicitation/create': 'elicitation',
  'sampling/createMessage': 'sampling',
  'roots/list': 'roots',
};

/**
 * Runs a task's tool for one run, whichever executor started it: calls `execute` with the task's
 * context, and again at once while it answers `InputRequired` without asking anything; records the
 * outcome (`completed`, or `failed` for a `JsonRpcError`), or the next round's input requests.
 * Every write carries the run's fence.
 */
@Injectable()
export class TaskRounds {
  private readonly logger = new Logger('Tasks');

  constructor(
    private readonly invoker: ToolInvoker,
    @Inject(TaskStore) private readonly store: TaskStore,
    private readonly env: TasksEnvironment,
  ) {}

  async run(run: TaskRun): Promise<RoundsEnd> {
    let inputResponses = run.start.inputResponses;
    let requestState = run.start.requestState;
    for (let empty = 0; ;) {
      const ctx = new TaskToolContext(run, inputResponses, requestState);
      let output: unknown;
      try {
        // Authorized when the task was created (scopes, guards); pipes and interceptors run now.
        output = await this.invoker.callAuthorized(
          { name: run.tool, arguments: { ...run.origin.arguments } },
          ctx,
        );
      } catch (err) {
        if (!(err instanceof JsonRpcError)) throw err;
        if (run.stopped) return 'stopped';
        return this.end(run, { status: 'failed', error: errorObject(err) });
      }
      if (run.stopped) return 'stopped';
      if (!(output instanceof InputRequired))
        return this.end(run, {
          status: 'completed',
          result: output as Record<string, unknown>,
        });
      const missing = missingCapabilities(output, run);
      if (missing)
        return this.end(run, {
          status: 'failed',
          error: {
            code: JsonRpcErrorCode.MissingRequiredClientCapability,
            message: `Missing required client capability: ${Object.keys(missing).join(', ')}`,
            data: { requiredCapabilities: missing },
          },
        });
      requestState = output.state;
      if (!output.inputRequests || !Object.keys(output.inputRequests).length) {
        // Nothing to ask: run again at once with the new state, within reason.
        if (++empty > MAX_EMPTY_ROUNDS)
          throw new Error(
            `${run.tool} asked for no input ${empty} times in a row`,
          );
        inputResponses = undefined;
        continue;
      }
      const bytes = Buffer.byteLength(JSON.stringify(requestState) ?? '');
      if (bytes > this.env.TASKS_MAX_CHECKPOINT_BYTES)
        throw new RangeError(
          `${run.tool}'s input round state of ${bytes} bytes exceeds TASKS_MAX_CHECKPOINT_BYTES`,
        );
      await run.flush();
      return (await this.store.requireInput(
        run.taskId,
        output.inputRequests,
        requestState,
        run.fence,
      ))
        ? 'parked'
        : 'superseded';
    }
  }

  /**
   * Records the outcome. While the store is unreachable it retries for a while, so a short Redis
   * outage neither loses a finished result nor records it twice (the write is a fenced CAS).
   */
  async end(
    run: TaskRun,
    outcome: TaskOutcome,
  ): Promise<'completed' | 'failed' | 'superseded'> {
    await run.flush();
    const deadline = Date.now() + FINISH_RETRY_FOR_MS;
    for (let tries = 0; ; tries++) {
      try {
        const ended = await this.store.finish(run.taskId, outcome, run.fence);
        return ended ? outcome.status : 'superseded';
      } catch (err) {
        if (Date.now() > deadline || run.stopped) throw err;
        if (tries === 0)
          this.logger.warn(
            `Task ${run.taskId}: its outcome cannot be recorded (the store is unreachable); retrying for ${FINISH_RETRY_FOR_MS / 1000} s`,
          );
        await sleep(FINISH_RETRY_MS);
      }
    }
  }
}

function errorObject(err: JsonRpcError): TaskErrorObject {
  return err.data === undefined
    ? { code: err.code, message: err.message }
    : { code: err.code, message: err.message, data: err.data };
}

function missingCapabilities(
  result: InputRequired,
  run: TaskRun,
): Record<string, object> | undefined {
  let missing: Record<string, object> | undefined;
  for (const input of Object.values(result.inputRequests ?? {})) {
    const capability = CAPABILITY[input.method];
    if (capability && !isJsonObject(run.request.clientCapabilities[capability]))
      (missing ??= {})[capability] = {};
  }
  return missing;
}
