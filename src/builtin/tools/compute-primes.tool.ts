import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { BuiltinToolsEnvironment } from './builtin-tools.env.js';
import {
  type PrimeCheckpoint,
  PoolBusyError,
  PrimePool,
} from './primes/prime-pool.service.js';
import {
  InstanceInfo,
  type McpCallContext,
  McpTool,
  type McpToolHandler,
  ServerBusyError,
  type ToolArgs,
  type ToolOutput,
} from '../../index.js';

// The caps are configuration, read at boot: they clamp in execute() and the answer says `capped`,
// rather than refusing a large limit in the published schema. COMPUTE_PRIMES_MAX bounds a call
// answered in the request; COMPUTE_PRIMES_TASK_MAX one that runs as a task (SEP-2663).
const ComputePrimesInput = z.strictObject({
  limit: z
    .int()
    .describe('Upper bound (default 5000, capped by the server)')
    .default(5000),
});

const ComputePrimesOutput = z.object({
  limit: z.int(),
  prime_count: z.int(),
  capped: z.boolean(),
  instance_id: z.string(),
});

/** What a long count saves as it goes: a resumed task continues from there. */
interface PrimesCheckpoint extends PrimeCheckpoint {
  readonly limit: number;
}

/**
 * Counts primes <= limit on a worker thread: CPU-bound work for load tests. As a task it
 * checkpoints after each sieved segment (about every 250 ms), and resumes from there when its
 * instance shut down or was lost (`rerun: 'resume'`): counting again from a checkpoint gives the
 * same count, and its progress goes on from where it was.
 */
@McpTool({
  name: 'compute_primes',
  title: 'Count primes',
  description:
    'Count primes <= limit. CPU-bound; useful for load testing. limit defaults to 5000 and is capped by the server ' +
    '(default cap 50000); a client that declares the tasks extension may ask for far more (default cap 10^11, ' +
    'minutes of work), answered as a task it polls.',
  input: ComputePrimesInput,
  taskSupport: 'optional',
  rerun: 'resume',
  output: ComputePrimesOutput,
  annotations: {
    readOnlyHint: true,
    idempotentHint: true,
    openWorldHint: false,
  },
})
@Injectable()
export class ComputePrimesTool implements McpToolHandler<
  ToolArgs<typeof ComputePrimesInput>,
  Promise<ToolOutput<typeof ComputePrimesOutput>>
> {
  private readonly max: number;
  private readonly taskMax: number;

  constructor(
    private readonly pool: PrimePool,
    private readonly instance: InstanceInfo,
    env: BuiltinToolsEnvironment,
  ) {
    this.max = env.COMPUTE_PRIMES_MAX;
    this.taskMax = env.COMPUTE_PRIMES_TASK_MAX;
  }

  /** Only work past the synchronous cap is worth a task: smaller counts take milliseconds. */
  runsAsTask({ limit }: ToolArgs<typeof ComputePrimesInput>): boolean {
    return limit > this.max;
  }

  async execute(
    { limit }: ToolArgs<typeof ComputePrimesInput>,
    ctx: McpCallContext,
  ): Promise<ToolOutput<typeof ComputePrimesOutput>> {
    // Clamped like the original Python sample (max(2, min(limit, cap))), but the answer says when
    // it was capped.
    const cap = ctx.taskId === undefined ? this.max : this.taskMax;
    const bounded = Math.max(2, Math.min(limit, cap));
    try {
      const primeCount = await this.pool.count(
        bounded,
        ctx.signal,
        (done, total, count) => {
          ctx.checkpoint({
            limit: total,
            done,
            count,
          } satisfies PrimesCheckpoint);
          ctx.progress(
            done,
            total,
            `Sieved ${percent(done, total)} of ${total}`,
          );
        },
        resumeFrom(ctx.checkpointed, bounded),
      );
      return {
        limit: bounded,
        prime_count: primeCount,
        capped: bounded !== limit,
        instance_id: this.instance.instanceId,
      };
    } catch (err) {
      // Nothing was counted: the busy answer (503, Retry-After), not a failed result.
      if (err instanceof PoolBusyError) {
        throw new ServerBusyError(
          'The server is busy counting primes; retry in a moment.',
          { reason: 'primes-pool' },
        );
      }
      throw err;
    }
  }
}

/** The checkpoint of an earlier attempt at the same count, if it is one. */
function resumeFrom(
  saved: unknown,
  limit: number,
): PrimeCheckpoint | undefined {
  const c = saved as Partial<PrimesCheckpoint> | undefined;
  return c?.limit === limit &&
    Number.isSafeInteger(c.done) &&
    Number.isSafeInteger(c.count)
    ? { done: c.done!, count: c.count! }
    : undefined;
}

function percent(done: number, total: number): string {
  return `${Math.floor((100 * done) / Math.max(total, 1))} %`;
}
