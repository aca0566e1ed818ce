import { Injectable } from '@nestjs/common';

/** A dependency check: resolves when the dependency answers, rejects (or times out) otherwise. */
export type ReadinessCheck = () => Promise<void>;

/** What a feature says about itself on `/readyz` (which store it uses, how busy it is). */
export type FeatureReport = () => Readonly<Record<string, unknown>>;

/** Outcome of `ReadinessRegistry.check()`. */
export interface ReadinessReport {
  readonly ready: boolean;
  /** Why not, when not ready: `shutting-down`, or the names of the failing checks. */
  readonly failing: readonly string[];
}

/** How long one dependency may take before it counts as down: the probe must answer fast. */
const CHECK_TIMEOUT_MS = 1_000;

/**
 * What `/readyz` reports. Modules that depend on something outside the process (the Redis handle
 * store, say) register a check at boot; shutdown flips the instance to not-ready first, so the
 * balancer stops sending it traffic while in-flight requests finish.
 */
@Injectable()
export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();
  private readonly features = new Map<string, FeatureReport>();
  private shuttingDown = false;

  /** Adds a named check. @throws Error when the name is taken: two owners of one check is a bug. */
  register(name: string, check: ReadinessCheck): void {
    if (this.checks.has(name))
      throw new Error(`Readiness check ${name} is registered twice`);
    this.checks.set(name, check);
  }

  /** Adds a feature's self-description to `/readyz` (e.g. `tasks`: its store). */
  describe(name: string, report: FeatureReport): void {
    this.features.set(name, report);
  }

  /** The features' self-descriptions, by name. */
  describeFeatures(): Record<string, Readonly<Record<string, unknown>>> {
    const out: Record<string, Readonly<Record<string, unknown>>> = {};
    for (const [name, report] of this.features) out[name] = report();
    return out;
  }

  /** From now on the instance reports not-ready (SIGTERM: slot swap, scale-in). */
  beginShutdown(): void {
    this.shuttingDown = true;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /** Runs every check in parallel, each bounded by a short timeout. */
  async check(): Promise<ReadinessReport> {
    if (this.shuttingDown) return { ready: false, failing: ['shutting-down'] };
    const names = [...this.checks.keys()];
    const outcomes = await Promise.allSettled(
      [...this.checks.values()].map((c) => withTimeout(c())),
    );
    const failing = names.filter((_, i) => outcomes[i].status === 'rejected');
    return { ready: failing.length === 0, failing };
  }
}

function withTimeout(work: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
