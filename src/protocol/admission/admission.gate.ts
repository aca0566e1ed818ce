import {
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { InstanceInfo } from '../../instance/instance-info.js';
import { ActiveRequests } from './active-requests.js';
import { AdmissionEnvironment } from './admission.env.js';
import { HeapMonitor } from './heap-monitor.js';
import { HeldConnections, STANDING_MS } from './held-connections.js';
import {
  REFUSAL_REASONS,
  type RefusalReason,
  RefusalWriter,
} from './refusal.writer.js';
import { TurnClock } from './turn-clock.js';

/**
 * Methods that let work already admitted finish or stop: polls, cancels, input for a waiting task.
 * They get twice every bound, so a flood of new `tools/call` is refused before them.
 */
const AHEAD = new Set(['tasks/get', 'tasks/cancel', 'tasks/update']);

/** At most one refusal summary in the log per this many ms. */
const LOG_EVERY_MS = 10_000;

/** What admission has done so far, for metrics and the status page. */
export interface McpAdmissionStatus {
  readonly enabled: boolean;
  /** Refusals since boot, by reason. */
  readonly refused: Readonly<Record<RefusalReason, number>>;
  readonly inFlight: number;
  /** The longest turn of the event loop in the last 10 to 20 seconds, in ms. */
  readonly longestTurnMs: number;
  /** Share of V8's heap limit in use, in percent. */
  readonly heapUsedPercent: number;
}

/**
 * Admission control for `/mcp`, after Envoy's overload manager and Fastify's `under-pressure`:
 * admit what the instance can serve, refuse the rest at once with a cheap 503 (`Retry-After`, a
 * JSON-RPC error body), before the body is read or anything is allocated for it. A request is
 * refused while any of these holds:
 *
 * - `MCP_MAX_IN_FLIGHT` requests are being served (open listen streams are not counted);
 * - the heap is fuller than `MCP_MAX_HEAP_PERCENT` of V8's limit;
 * - the current turn of the event loop has run `MCP_MAX_EVENT_LOOP_DELAY_MS`, and long turns have
 *   kept coming for `STANDING_MS`: the loop is that late for everything else, which runs only
 *   once the turn ends, and it is not a one-off;
 * - the request's connection waited `MCP_MAX_QUEUE_MS` in a standing queue, or came in a storm of
 *   new connections (`HeldConnections`).
 *
 * Once a turn has run `MCP_TURN_BUDGET_MS`, every connection it reads is held back until the next
 * turn (`TurnClock`): admitted or refused, each is read at most once more, so turns stay short
 * and a health probe's connection is read soon, without refusing cheap requests.
 *
 * `tasks/get`, `tasks/cancel` and `tasks/update` (by their `Mcp-Method` header) get twice each
 * bound but the heap's. Health and readiness are not on `/mcp` and never pass here.
 */
@Injectable()
export class AdmissionGate implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Admission');
  private readonly held: HeldConnections;
  private readonly clock: TurnClock;
  private readonly heap = new HeapMonitor();
  private readonly writer: RefusalWriter;
  private readonly refusedTotal = zeroes();
  private refusedSinceLog = zeroes();
  private lastLog = 0;
  readonly enabled: boolean;
  private readonly maxInFlight: number;
  private readonly turnBudgetMs: number;
  /** Below this much of a turn, neither a hold nor a refusal for the turn's sake. */
  private readonly quietTurnMs: number;
  private readonly maxDelayMs: number;
  private readonly maxQueueMs: number;
  private readonly maxHeap: number;

  constructor(
    env: AdmissionEnvironment,
    private readonly active: ActiveRequests,
    instance: InstanceInfo,
  ) {
    this.enabled = env.MCP_ADMISSION;
    this.maxInFlight = env.MCP_MAX_IN_FLIGHT;
    this.turnBudgetMs = env.MCP_TURN_BUDGET_MS;
    this.quietTurnMs = Math.min(
      env.MCP_TURN_BUDGET_MS,
      env.MCP_MAX_EVENT_LOOP_DELAY_MS,
    );
    this.maxDelayMs = env.MCP_MAX_EVENT_LOOP_DELAY_MS;
    this.maxQueueMs = env.MCP_MAX_QUEUE_MS;
    this.held = new HeldConnections({
      turnBudgetMs: this.turnBudgetMs,
      maxDelayMs: this.maxDelayMs,
      maxQueueMs: this.maxQueueMs,
    });
    this.clock = new TurnClock(this.held, this.maxDelayMs);
    this.maxHeap = env.MCP_MAX_HEAP_PERCENT / 100;
    this.writer = new RefusalWriter(
      env.MCP_RETRY_AFTER_SECONDS,
      env.MCP_MAX_IN_FLIGHT,
      instance.instanceId,
    );
  }

  onModuleInit(): void {
    if (this.enabled) this.heap.start();
  }

  onModuleDestroy(): void {
    this.heap.stop();
    this.releaseAll();
  }

  /**
   * Reads every held connection back and holds no more: call when shutdown begins, so that each
   * request waiting unread is served or refused, not left while the server closes idle connections.
   */
  releaseAll(): void {
    this.held.close();
  }

  /**
   * Call for each connection the server accepts: while connections are held back, a new one waits
   * with them before its first read (`HeldConnections` reads the newest first). It is held only
   * while the clock is turning (a turn running, or anything held or marked late, which keeps it
   * turning), so a turn's end always comes to read it back.
   */
  readonly onConnection = (socket: Socket): void => {
    if (!this.enabled) return;
    if (this.held.queueing || this.clock.runningMs() >= this.turnBudgetMs)
      this.held.hold(socket, 'new', performance.now());
  };

  /**
   * Admits `req`, or answers it with a 503 and returns false. Call first, before anything reads
   * the request.
   */
  admit(req: IncomingMessage, res: ServerResponse): boolean {
    if (!this.enabled) return true;
    const turnMs = this.clock.elapsedMs();
    // The hot path: no bound is reached, nothing is held.
    if (
      turnMs < this.quietTurnMs &&
      !this.held.queueing &&
      this.active.count < this.maxInFlight &&
      this.heap.used < this.maxHeap
    )
      return true;
    const method = req.headers['mcp-method'];
    const factor = typeof method === 'string' && AHEAD.has(method) ? 2 : 1;
    const socket = req.socket;
    const now = performance.now();
    const reason =
      this.refusal(factor, turnMs, now) ??
      (this.held.lateBy(socket) >= this.maxQueueMs * factor
        ? 'event-loop'
        : undefined);
    if (reason === undefined) {
      this.held.noteRead('admitted', now);
      if (turnMs >= this.turnBudgetMs || this.held.size > 0)
        this.held.hold(socket, 'admitted', now);
      return true;
    }
    this.writer.write(res, reason);
    this.held.noteRead('refused', now);
    this.held.hold(socket, 'refused', now);
    this.count(reason);
    return false;
  }

  stats(): McpAdmissionStatus {
    return {
      enabled: this.enabled,
      refused: { ...this.refusedTotal },
      inFlight: this.active.count,
      longestTurnMs: this.clock.longestRecentMs,
      heapUsedPercent: this.heap.used * 100,
    };
  }

  private refusal(
    factor: number,
    turnMs: number,
    now: number,
  ): RefusalReason | undefined {
    if (this.active.count >= this.maxInFlight * factor) return 'in-flight';
    if (this.heap.used >= this.maxHeap) return 'heap';
    // The event loop is behind by as long as this turn has run: nothing else runs until it ends.
    if (
      turnMs >= this.maxDelayMs * factor &&
      this.clock.longForMs(now) >= STANDING_MS
    )
      return 'event-loop';
    return undefined;
  }

  /** Counts a refusal; logs a summary at most every 10 s while refusals go on. */
  private count(reason: RefusalReason): void {
    this.refusedTotal[reason]++;
    this.refusedSinceLog[reason]++;
    const now = Date.now();
    if (now - this.lastLog < LOG_EVERY_MS) return;
    const counts = REFUSAL_REASONS.filter((r) => this.refusedSinceLog[r] > 0)
      .map((r) => `${r}: ${this.refusedSinceLog[r]}`)
      .join(', ');
    const since =
      this.lastLog === 0
        ? 'since boot'
        : `in ${((now - this.lastLog) / 1000).toFixed(0)} s`;
    this.logger.warn(
      `Refused requests ${since} (${counts}); in flight ${this.active.count}, heap ${(this.heap.used * 100).toFixed(0)} %`,
    );
    this.lastLog = now;
    this.refusedSinceLog = zeroes();
  }
}

function zeroes(): Record<RefusalReason, number> {
  return { 'in-flight': 0, 'event-loop': 0, heap: 0 };
}
