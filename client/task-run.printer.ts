import type { TaskRunReport } from './task-run.js';

/** Exit status of a `--task` run: 0 for a count, 130 when interrupted (SIGINT), else 1. */
export function taskExitCode(report: TaskRunReport): number {
  if (report.cancelled) return 130;
  const counted =
    report.result !== undefined &&
    !report.result.isError &&
    typeof report.result.structuredContent?.prime_count === 'number';
  return counted && !report.failure ? 0 : 1;
}

/**
 * The run as lines for people: the creation, one line per poll (status, instance, message), then
 * the outcome once `done`. Lines only ever get appended as the run goes on, so a live printer can
 * print the ones it has not printed yet.
 */
export function formatTaskRun(report: TaskRunReport): string[] {
  const lines: string[] = [];
  const c = report.created;
  if (c)
    lines.push(
      `task ${c.taskId} created by instance ${c.servedBy ?? '?'}: ${c.status} (ttl ${c.ttlMs === null ? 'unlimited' : `${c.ttlMs / 1000} s`}, poll every ${c.pollIntervalMs ?? '?'} ms)`,
    );
  for (const p of report.polls)
    lines.push(
      p.error
        ? `  poll ${String(p.poll).padStart(3)}  failed, retrying: ${p.error}`
        : `  poll ${String(p.poll).padStart(3)}  ${(p.status ?? '?').padEnd(14)}  instance ${p.servedBy ?? '?'}${p.statusMessage ? `  ${p.statusMessage}` : ''}`,
    );
  if (report.done) lines.push(...outcome(report));
  return lines;
}

function outcome(report: TaskRunReport): string[] {
  const limit = String(report.arguments.limit);
  if (report.cancelled) {
    const k = report.cancelled;
    return [
      k.error
        ? `interrupted: tasks/cancel failed: ${k.error}`
        : `interrupted: tasks/cancel acknowledged by instance ${k.servedBy ?? '?'}; the task is now ${k.status ?? 'unknown'}`,
    ];
  }
  if (report.failure) return [`✗ ${report.failure}`];
  const r = report.result;
  if (report.error)
    return [`✗ task failed: ${report.error.code} ${report.error.message}`];
  if (!r) return [`✗ task ended ${report.status ?? 'without a result'}`];
  if (r.isError)
    return [`✗ the tool failed: ${r.content?.[0]?.text ?? '(no message)'}`];
  const out = r.structuredContent;
  if (!out) return ['✗ no structured result'];
  const count = `${out.prime_count} primes <= ${out.limit}${out.capped ? ` (capped from ${limit} by the server)` : ''}`;
  return [
    report.mode === 'sync'
      ? `the server answered at once (no task): ${count}, instance ${out.instance_id}`
      : `result: ${count}, counted on instance ${out.instance_id}`,
  ];
}
