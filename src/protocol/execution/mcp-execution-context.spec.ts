import { describe, expect, it } from '@jest/globals';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { fakeContext } from '../testing/fake-context.spec-helper.js';
import { beginCall } from './handler-calls.js';
import { McpExecutionContext } from './mcp-execution-context.js';

class Deploy {
  execute(): void {}
}

function hostOf(args: unknown[], type = 'mcp'): ExecutionContextHost {
  const host = new ExecutionContextHost(
    args,
    Deploy,
    Deploy.prototype.execute.bind(null),
  );
  host.setType(type);
  return host;
}

describe(McpExecutionContext.name, () => {
  it('reads arguments, target, per-call context, class and handler of an mcp context', () => {
    const { ctx } = fakeContext({ method: 'tools/call', id: 'r9' });
    const target = { kind: 'tool', name: 'deploy' } as const;
    beginCall(ctx, { target, args: { region: 'eu' } });
    const host = hostOf([{ region: 'eu' }, ctx]);
    const mcp = McpExecutionContext.create(host);
    expect(mcp.getArgs()).toEqual({ region: 'eu' });
    expect(mcp.getTarget()).toBe(target);
    expect(mcp.getContext()).toBe(ctx);
    expect(mcp.getContext().requestId).toBe('r9');
    expect(mcp.getClass()).toBe(Deploy);
    expect(mcp.getHandler()).toBe(host.getHandler());
  });

  it('refuses a context of another type', () => {
    const { ctx } = fakeContext({ method: 'tools/call' });
    expect(() => McpExecutionContext.create(hostOf([ctx], 'http'))).toThrow(
      "McpExecutionContext.create() needs an 'mcp' context, got 'http'",
    );
  });

  it('refuses an mcp context without the per-call context among its arguments', () => {
    expect(() => McpExecutionContext.create(hostOf([{}]))).toThrow(
      /needs an 'mcp' context/,
    );
  });
});
