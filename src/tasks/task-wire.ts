import type { McpResult } from '../protocol/json-rpc/json-rpc.types.js';
import type { TaskRecord } from './task.types.js';

/** The `Task` fields every task answer carries (SEP-2663, "Task"). */
function base(record: TaskRecord): McpResult {
  const task: McpResult = {
    taskId: record.taskId,
    status: record.status,
    createdAt: new Date(record.createdAt).toISOString(),
    lastUpdatedAt: new Date(record.lastUpdatedAt).toISOString(),
    ttlMs: record.ttlMs,
    pollIntervalMs: record.pollIntervalMs,
  };
  if (record.statusMessage !== undefined)
    task.statusMessage = record.statusMessage;
  return task;
}

/** `CreateTaskResult`: flat, `resultType: "task"`, nothing inlined (SEP-2663). */
export function createTaskResult(record: TaskRecord): McpResult {
  return { resultType: 'task', ...base(record) };
}

/**
 * `tasks/get`: the task plus what its status carries: all outstanding `inputRequests`, the
 * `result` of a completed task or the `error` of a failed one (SEP-2663, "tasks/get").
 */
export function detailedTask(record: TaskRecord): McpResult {
  const task = base(record);
  if (record.status === 'input_required' && record.inputRequests)
    task.inputRequests = record.inputRequests;
  if (record.status === 'completed' && record.result)
    task.result = record.result;
  if (record.status === 'failed' && record.error) task.error = record.error;
  return task;
}
