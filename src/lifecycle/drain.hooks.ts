import { Injectable, Logger } from '@nestjs/common';

/** Work a module must do as soon as shutdown begins; it resolves once that work is done. */
export type DrainHook = () => Promise<void>;

/**
 * Work that runs once when the instance starts to shut down, **before any module is destroyed**:
 * handing running tasks over while the pools and connections their tools use still exist. It
 * starts on SIGTERM (`GracefulShutdown`) and, for any `app.close()`, from the HTTP adapter's
 * `beforeClose`, which Nest awaits before the first `onModuleDestroy` hook
 * (https://docs.nestjs.com/fundamentals/lifecycle-events); a team's own destroy hooks therefore
 * run after it. Without an HTTP adapter (a standalone context) the owners run their hook from
 * their own `onModuleDestroy`.
 */
@Injectable()
export class DrainHooks {
  private readonly logger = new Logger('Shutdown');
  private readonly hooks = new Map<string, DrainHook>();
  private running?: Promise<void>;

  /** Adds a named hook. @throws Error when the name is taken: two owners of one hook is a bug. */
  register(name: string, hook: DrainHook): void {
    if (this.hooks.has(name))
      throw new Error(`Drain hook ${name} is registered twice`);
    this.hooks.set(name, hook);
  }

  /** True once `run` was called. */
  get started(): boolean {
    return this.running !== undefined;
  }

  /**
   * Runs every hook once, in parallel; later calls get the same promise. A failing hook is logged
   * and does not stop the others or the shutdown.
   */
  run(): Promise<void> {
    this.running ??= Promise.all(
      [...this.hooks].map(([name, hook]) =>
        hook().catch((err: unknown) =>
          this.logger.error(
            `Drain step ${name} failed: ${err instanceof Error ? err.message : String(err)}`,
          ),
        ),
      ),
    ).then(() => undefined);
    return this.running;
  }
}
