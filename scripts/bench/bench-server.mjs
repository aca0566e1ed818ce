// The server `npm run bench` uses to price enhancers: the production application (dist/main.js's
// path: telemetry first, then `createApp` on McpHttpAdapter with the JSON logger) plus three
// bench-only tools that do echo's work: `bench_plain`; `bench_guarded`, with one trivial guard and
// one pass-through interceptor; `bench_piped`, with one pass-through pipe and one parameter
// decorator (scripts/bench/pipes.bench.mjs). A fourth, `bench_burn`, holds the event loop for a
// fixed ~2 ms of CPU: the CPU-heavy half of the overload bench's mix
// (scripts/bench/overload.bench.mjs). These tools never exist in the real server.
// Built package only (run `npx nest build` first). Env as dist/main.js (PORT, HOST, ...).
// Plain .mjs without TypeScript decorators, so each decorator is applied by calling it.
import '../../dist/telemetry/instrument.js';
import { BadRequestException, Injectable, Logger, Module, UseGuards, UseInterceptors, UsePipes } from '@nestjs/common';
import { z } from 'zod';
import { startServer } from '../../dist/bootstrap.js';
import { GracefulShutdown, McpArgs, McpExecutionContext, McpTool } from '../../dist/index.js';
import { shutdownConfig } from '../../dist/server-config.slices.js';
import { JsonConsoleLogger } from '../../dist/telemetry/json-console.logger.js';

const Input = z.strictObject({ message: z.string().max(10_000) });
const Output = z.object({ message: z.string(), instance_id: z.string() });

/** Applies class decorators as TypeScript would for `@a @b class X`: the last one first. */
const decorate = (cls, ...decorators) => decorators.reduceRight((c, d) => d(c) ?? c, cls);

// The guard and the interceptor are as small as real ones get: the guard reads the call's arguments
// the documented way and lets everything through but `message: "deny"`, the interceptor passes the
// call on but throws for `message: "boom"`. Those two answers let bench.mjs check, before it
// measures, that both really run around `bench_guarded` (and neither around `bench_plain`).

/** Lets every call through except `{ message: 'deny' }` (answered 403). */
const PassGuard = decorate(
  class PassGuard {
    canActivate(context) {
      return McpExecutionContext.create(context).getArgs().message !== 'deny';
    }
  },
  Injectable(),
);

/** Passes the call through unchanged, the usual `next.handle()` shape; `{ message: 'boom' }` throws. */
const PassInterceptor = decorate(
  class PassInterceptor {
    intercept(context, next) {
      if (McpExecutionContext.create(context).getArgs().message === 'boom') throw new Error('boom');
      return next.handle();
    }
  },
  Injectable(),
);

/**
 * Passes every parameter on unchanged, as a pipe meant for the arguments does with the others; the
 * argument `"deny"` is refused (answered 400), so pipes.bench.mjs can check the pipe really runs.
 */
const PassPipe = decorate(
  class PassPipe {
    transform(value, metadata) {
      if (metadata.type === 'body' && value === 'deny') throw new BadRequestException('denied');
      return value;
    }
  },
  Injectable(),
);

/** The tool body every bench tool shares: echo's work, with a fixed instance id. */
const echoBody = ({ message }) => ({ message, instance_id: 'bench' });
const tool = (name) => ({
  name,
  description: 'Echo a message back (bench only).',
  input: Input,
  output: Output,
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
});

const PlainTool = decorate(
  class PlainTool {
    execute(args) {
      return echoBody(args);
    }
  },
  McpTool(tool('bench_plain')),
  Injectable(),
);

const GuardedTool = decorate(
  class GuardedTool {
    execute(args) {
      return echoBody(args);
    }
  },
  McpTool(tool('bench_guarded')),
  UseGuards(PassGuard),
  UseInterceptors(PassInterceptor),
  Injectable(),
);

// `execute(@McpArgs('message') message, ctx)` with `@UsePipes(PassPipe)` on the method: the
// parameter decorator applied by calling it, as TypeScript does, before the method decorator.
class PipedTool {
  execute(message) {
    return echoBody({ message });
  }
}
McpArgs('message')(PipedTool.prototype, 'execute', 0);
UsePipes(PassPipe)(PipedTool.prototype, 'execute', Object.getOwnPropertyDescriptor(PipedTool.prototype, 'execute'));
decorate(PipedTool, McpTool(tool('bench_piped')), Injectable());

/** How long one `bench_burn` call holds the event loop, in ms. */
const BURN_MS = 2;

// A fixed amount of CPU per call, whatever the machine: a busy loop on the clock rather than a
// fixed amount of work, so the overload bench's capacity means "calls of ~2 ms" on any core. It
// blocks the event loop as a CPU-heavy tool does (a signed `tally` costs ~0.1 ms; this is 20× that).
const BurnTool = decorate(
  class BurnTool {
    execute() {
      const start = performance.now();
      let spins = 0;
      while (performance.now() - start < BURN_MS) spins++;
      return { burned_ms: Math.round((performance.now() - start) * 1000) / 1000, spins };
    }
  },
  McpTool({
    name: 'bench_burn',
    description: `Burn ~${BURN_MS} ms of CPU on the event loop (bench only).`,
    input: z.strictObject({}),
    output: z.object({ burned_ms: z.number(), spins: z.number().int() }),
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  }),
  Injectable(),
);

const BenchToolsModule = decorate(
  class BenchToolsModule {},
  Module({ providers: [PassGuard, PassInterceptor, PassPipe, PlainTool, GuardedTool, PipedTool, BurnTool] }),
);

const app = await startServer(process.env, { logger: new JsonConsoleLogger(), imports: [BenchToolsModule] });
new GracefulShutdown(app, shutdownConfig(process.env).options).installSignalHandlers();
Logger.log(`Bench MCP endpoint listening on ${await app.getUrl()}/mcp`, 'Bootstrap');
