import { describe, expect, it } from '@jest/globals';
import { Injectable, type Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import type { McpRequestContext } from '../dispatch/mcp-request-context.js';
import type { McpResult } from '../json-rpc/json-rpc.types.js';
import { fakeContext, methodOf } from '../testing/fake-context.spec-helper.js';
import { McpPipeline } from './mcp-pipeline.js';
import { McpPipelineStep } from './mcp-pipeline-step.decorator.js';
import type { McpNext, McpStep } from './mcp-step.interface.js';

/** What the steps of one request did, in order. */
let trail: string[] = [];

@Injectable()
@McpPipelineStep({ order: 30 })
class Third implements McpStep {
  check(): void {
    trail.push('third');
  }
}

@Injectable()
@McpPipelineStep({ order: 10 })
class First implements McpStep {
  async intercept(_ctx: McpRequestContext, next: McpNext): Promise<McpResult> {
    trail.push('first:in');
    const result = await next();
    trail.push('first:out');
    return { ...result, wrapped: true };
  }
}

@Injectable()
@McpPipelineStep({ order: 20 })
class AsyncSecond implements McpStep {
  async check(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    trail.push('second');
  }
}

@Injectable()
@McpPipelineStep({ order: 15 })
class Disabled implements McpStep {
  readonly enabled = false;
  check(): void {
    trail.push('disabled');
  }
}

@Injectable()
@McpPipelineStep({ order: 25 })
class Refusing implements McpStep {
  check(): void {
    throw new Error('refused');
  }
}

@Injectable()
@McpPipelineStep({ order: 25 })
class ShortCircuit implements McpStep {
  intercept(): Promise<McpResult> {
    trail.push('short');
    return Promise.resolve({ short: true });
  }
}

@Injectable()
@McpPipelineStep({ order: 5 })
class Idle {}

@Injectable()
@McpPipelineStep({ order: Number('later') })
class Unordered implements McpStep {
  check(): void {}
}

async function pipelineOf(...steps: Type[]): Promise<McpPipeline> {
  const module = await Test.createTestingModule({
    imports: [DiscoveryModule],
    providers: [McpPipeline, ...steps],
  }).compile();
  await module.init();
  return module.get(McpPipeline);
}

function request() {
  trail = [];
  return fakeContext({
    method: 'demo',
    target: methodOf('demo', {
      handler: () => {
        trail.push('handler');
        return { answered: true };
      },
    }),
  }).ctx;
}

describe(McpPipeline.name, () => {
  it('runs steps by order, not registration, leaves disabled ones out and ends in the handler', async () => {
    const pipeline = await pipelineOf(Third, AsyncSecond, Disabled, First);
    expect(pipeline.list().map((s) => s.constructor)).toEqual([
      First,
      AsyncSecond,
      Third,
    ]);
    const result = await pipeline.run(request());
    expect(trail).toEqual([
      'first:in',
      'second',
      'third',
      'handler',
      'first:out',
    ]);
    expect(result).toEqual({ answered: true, wrapped: true });
  });

  it('waits for an async check before going on', async () => {
    const pipeline = await pipelineOf(AsyncSecond, Third);
    await pipeline.run(request());
    expect(trail).toEqual(['second', 'third', 'handler']);
  });

  it('rejects when a check throws, running nothing after it', async () => {
    const pipeline = await pipelineOf(First, Refusing, Third);
    await expect(pipeline.run(request())).rejects.toThrow('refused');
    expect(trail).toEqual(['first:in']);
  });

  it('stops at a step that does not call next()', async () => {
    const pipeline = await pipelineOf(First, ShortCircuit, Third);
    await expect(pipeline.run(request())).resolves.toEqual({
      short: true,
      wrapped: true,
    });
    expect(trail).toEqual(['first:in', 'short', 'first:out']);
  });

  it('turns a first check that throws synchronously into a rejected promise', async () => {
    const pipeline = await pipelineOf(Refusing, Third);
    let running: Promise<McpResult> | undefined;
    expect(() => (running = pipeline.run(request()))).not.toThrow();
    await expect(running).rejects.toThrow('refused');
    expect(trail).toEqual([]);
  });

  it('fails when it reaches its end without a method', async () => {
    const pipeline = await pipelineOf(Third);
    await expect(
      pipeline.run(fakeContext({ method: 'demo' }).ctx),
    ).rejects.toThrow('without a method');
  });

  it.each([
    [Idle, /step Idle implements neither check\(\) nor intercept\(\)/],
    [Unordered, /step Unordered needs a numeric order/],
  ])('refuses to boot with %p, naming the class', async (step, message) => {
    await expect(pipelineOf(step)).rejects.toThrow(message);
  });
});
