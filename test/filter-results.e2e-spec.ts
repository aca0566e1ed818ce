import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  BadRequestException,
  Catch,
  type ExceptionFilter,
  Injectable,
  Module,
  UseFilters,
} from '@nestjs/common';
import { z } from 'zod';
import {
  McpPrompt,
  McpResource,
  McpTool,
  type McpToolFn,
  ToolError,
  ToolResult,
} from '../src/index.js';
import { startApp, type TestServer } from './support/mcp-app.js';
import { callTool, mcp } from './support/mcp-request.js';

// What an exception filter's return value means for a tool, a prompt and a resource, as
// docs/tools.md#exception-filters states it: a value (or a promise of one) stands in for what the
// handler would have returned; undefined returned synchronously means "not handled", and the
// exception goes on to its usual lane.

/** Turns the exception into the handler's result, or leaves it (`undefined`) by its message. */
@Catch()
class ReplyingFilter implements ExceptionFilter {
  catch(err: Error) {
    if (err.message === 'unhandled') return undefined;
    if (err.message === 'async')
      return Promise.resolve(ToolResult.text('later'));
    if (err.message === 'async-nothing') return Promise.resolve(undefined);
    if (err.message === 'none') return null;
    if (err.message === 'rethrow')
      throw new BadRequestException('refused by the filter');
    return `filtered: ${err.message}`;
  }
}

const Input = z.strictObject({ fail: z.string() });

@Injectable()
@McpTool({ name: 'filtered_tool', description: 'Throws', input: Input })
@UseFilters(ReplyingFilter)
class FilteredTool {
  execute: McpToolFn<typeof Input> = ({ fail }) => {
    throw fail === 'unhandled' ? new ToolError('unhandled') : new Error(fail);
  };
}

@Injectable()
@McpPrompt({ name: 'filtered_prompt', description: 'Throws' })
@UseFilters(ReplyingFilter)
class FilteredPrompt {
  get(): string {
    throw new Error('prompt broke');
  }
}

@Injectable()
@McpResource({ uri: 'filtered://gone', name: 'gone' })
@UseFilters(ReplyingFilter)
class FilteredResource {
  read(): string {
    throw new Error('none');
  }
}

@Module({ providers: [FilteredTool, FilteredPrompt, FilteredResource] })
class FilteredModule {}

describe("an exception filter's return value (tools, prompts, resources)", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startApp({}, [FilteredModule]);
  });
  afterAll(() => t.close());

  const call = (fail: string) => callTool(t.server, 'filtered_tool', { fail });

  it("tool: a value is the tool's result, published as execute's would be", async () => {
    expect(await call('boom')).toEqual({
      resultType: 'complete',
      content: [{ type: 'text', text: '"filtered: boom"' }],
      structuredContent: 'filtered: boom',
      _meta: expect.any(Object),
    });
  });

  it('tool: a promise is awaited; a ToolResult is sent as it is', async () => {
    expect(await call('async')).toMatchObject({
      content: [{ type: 'text', text: 'later' }],
    });
  });

  it('tool: a promise of undefined is a result too (execute returning nothing), not "unhandled"', async () => {
    const result = await call('async-nothing');
    expect(result.content).toEqual([]);
    expect(result.isError).toBeUndefined();
  });

  it('tool: undefined, returned synchronously, leaves the exception to its lane (a ToolError: isError)', async () => {
    expect(await call('unhandled')).toMatchObject({
      isError: true,
      content: [{ type: 'text', text: 'unhandled' }],
    });
  });

  it('tool: what the filter throws takes the lane instead (a 4xx HttpException: a JSON-RPC error)', async () => {
    const res = await mcp(t.server, 'tools/call', {
      name: 'filtered_tool',
      arguments: { fail: 'rethrow' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      code: -32600,
      message: 'refused by the filter',
    });
  });

  it("prompt: a value is the prompt's output (a string: one user message)", async () => {
    const res = await mcp(t.server, 'prompts/get', { name: 'filtered_prompt' });
    expect(res.body.result.messages).toEqual([
      {
        role: 'user',
        content: { type: 'text', text: 'filtered: prompt broke' },
      },
    ]);
  });

  it("resource: a value is the read's output (null: no such resource, -32602)", async () => {
    const res = await mcp(t.server, 'resources/read', {
      uri: 'filtered://gone',
    });
    expect(res.body.error).toEqual({
      code: -32602,
      message: 'Resource not found: filtered://gone',
      data: { uri: 'filtered://gone' },
    });
  });
});
