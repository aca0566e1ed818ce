import type { McpClient } from './mcp.client.js';
import { servedBy } from './task.api.js';
import type { PrimeCount, TaskRunReport } from './task-run.js';
import { isCreateTaskResult } from './task.types.js';

/** Options of `runPrimeTask`. */
export interface TaskRunOptions {
  /** Interrupts the run: a created task is then cancelled with `tasks/cancel`. */
  signal?: AbortSignal;
  /** Called after each step (creation, every poll, the end), for live output. */
  onStep?: (report: TaskRunReport) => void;
  /** Overrides the server's poll interval (tests). */
  pollIntervalMs?: number;
  /** Timeout of the `tasks/cancel` sent on interruption (default 5000 ms). */
  cancelTimeoutMs?: number;
}

/**
 * Runs `compute_primes {limit}` as a task (SEP-2663): creates it, polls it to the end recording
 * each poll and the instance that answered, and keeps the result. A server that answers at once
 * (tool run synchronously) is recorded as `mode: "sync"`. When `signal` aborts after the task was
 * created, the task is cancelled (`tasks/cancel`) and a last `tasks/get` shows where it ended.
 * Never throws: failures are recorded in `failure`.
 */
export async function runPrimeTask(
  client: McpClient,
  limit: number,
  options: TaskRunOptions = {},
): Promise<TaskRunReport> {
  const { signal, onStep } = options;
  const report: TaskRunReport = {
    tool: 'compute_primes',
    arguments: { limit },
    polls: [],
  };
  try {
    const reply = await client.tasks.callToolAsTask<PrimeCount>(
      report.tool,
      report.arguments,
      { signal },
    );
    const answer = reply.result;
    if (!isCreateTaskResult(answer)) {
      report.mode = 'sync';
      report.result = answer;
      report.done = true;
      onStep?.(report);
      return report;
    }
    report.mode = 'task';
    report.created = {
      taskId: answer.taskId,
      status: answer.status,
      ttlMs: answer.ttlMs,
      pollIntervalMs: answer.pollIntervalMs,
      servedBy: servedBy(reply),
    };
    report.status = answer.status;
    onStep?.(report);
    const task = await client.tasks.waitForTask<PrimeCount>(answer.taskId, {
      signal,
      pollIntervalMs: options.pollIntervalMs,
      onPoll: (poll) => {
        report.polls.push({
          poll: poll.poll,
          status: poll.task?.status,
          statusMessage: poll.task?.statusMessage,
          servedBy: poll.servedBy,
          error: poll.error?.message,
        });
        if (poll.task) report.status = poll.task.status;
        onStep?.(report);
      },
    });
    report.result = task.result;
    report.error = task.error;
    if (task.status === 'input_required')
      report.failure = 'the task asks for input, which this run cannot give';
  } catch (err) {
    if (signal?.aborted && report.created) {
      report.cancelled = await cancel(client, report.created.taskId, options);
      report.status = report.cancelled?.status ?? report.status;
    } else report.failure = (err as Error).message;
  }
  report.done = true;
  onStep?.(report);
  return report;
}

async function cancel(
  client: McpClient,
  taskId: string,
  options: TaskRunOptions,
): Promise<TaskRunReport['cancelled']> {
  const request = { timeoutMs: options.cancelTimeoutMs ?? 5_000 };
  try {
    const ack = await client.tasks.cancelTask(taskId, request);
    const after = await client.tasks
      .getTask(taskId, request)
      .catch(() => undefined);
    return { servedBy: servedBy(ack), status: after?.result.status };
  } catch (err) {
    return { error: (err as Error).message };
  }
}
