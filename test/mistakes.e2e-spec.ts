import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  it,
  jest,
} from '@jest/globals';
import { Injectable, Logger, Module } from '@nestjs/common';
import { z } from 'zod';
import {
  McpPrompt,
  McpResource,
  McpResourceTemplate,
  McpTool,
  type McpToolFn,
} from '../src/index.js';
import { ZodToolsModule } from './fixtures/zod-tools.js';
import { startApp, type TestServer } from './support/mcp-app.js';
import { callTool, mcp } from './support/mcp-request.js';

// Mistakes a tool author makes, caught when they are made: at boot, or with a result that says
// what went wrong (issue: "mistakes caught early").

const Output = z.object({ text: z.string() });

/** Declares an output schema but returns nothing: what a JavaScript tool (or a cast) can do. */
@Injectable()
@McpTool({
  name: 'forgetful',
  description: 'Forgets to return its result',
  input: z.strictObject({}),
  output: Output,
})
class ForgetfulTool {
  execute = (() => undefined) as unknown as McpToolFn<undefined, typeof Output>;
}

/** Marked, but never provided (exported only so nothing else refers to them): each must be named at boot. */
@Injectable()
@McpTool({
  name: 'ghost_tool',
  description: 'Never provided',
  inputSchema: { type: 'object' },
})
export class GhostTool {
  execute() {
    return 'boo';
  }
}

@Injectable()
@McpPrompt({ name: 'ghost_prompt', description: 'Never provided' })
export class GhostPrompt {
  get() {
    return 'boo';
  }
}

@Injectable()
@McpResource({ uri: 'ghost://static', name: 'ghost' })
export class GhostResource {
  read() {
    return 'boo';
  }
}

@Injectable()
@McpResourceTemplate({ uriTemplate: 'ghost://{id}', name: 'ghosts' })
export class GhostTemplate {
  read() {
    return 'boo';
  }
}

/** Provided under another token and by a factory: provided all the same, so never warned about. */
@Injectable()
@McpTool({
  name: 'aliased',
  description: 'Provided by useClass under a token',
  inputSchema: { type: 'object' },
})
class AliasedTool {
  execute() {
    return 'here';
  }
}

@Injectable()
@McpPrompt({ name: 'factory_made', description: 'Provided by a factory' })
class FactoryPrompt {
  get() {
    return 'here';
  }
}

@Module({
  providers: [
    ForgetfulTool,
    { provide: 'ALIASED', useClass: AliasedTool },
    { provide: 'FACTORY', useFactory: () => new FactoryPrompt() },
  ],
})
class MistakesModule {}

describe('mistakes caught early', () => {
  let t: TestServer;
  const warned: string[] = [];
  beforeAll(async () => {
    const warn = jest
      .spyOn(Logger.prototype, 'warn')
      .mockImplementation((message: unknown) => {
        warned.push(String(message));
      });
    try {
      t = await startApp({}, [ZodToolsModule, MistakesModule]);
    } finally {
      warn.mockRestore();
    }
  });
  afterAll(() => t.close());
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it.each([
    ['GhostTool', "@McpTool 'ghost_tool'"],
    ['GhostPrompt', "@McpPrompt 'ghost_prompt'"],
    ['GhostResource', "@McpResource 'ghost://static'"],
    ['GhostTemplate', "@McpResourceTemplate 'ghost://{id}'"],
  ])(
    'warns at boot about %s, marked %s but provided by no module',
    (name, label) => {
      expect(warned).toContain(
        `${name} (${label}) is not provided by any module, so it is not served: add it to the providers of a module the application imports`,
      );
    },
  );

  it('names nothing that is provided, under its class, another token or by a factory', () => {
    const named = warned.filter((w) => w.includes('is not provided'));
    expect(named).toHaveLength(4);
    for (const provided of [
      'ForgetfulTool',
      'AliasedTool',
      'FactoryPrompt',
      'GreetTool',
      'EchoTool',
    ])
      expect(named.join('\n')).not.toContain(provided);
  });

  it('serves what is provided, whatever the token, and not what is only marked', async () => {
    const tools = (await mcp(t.server, 'tools/list')).body.result.tools.map(
      (tool: { name: string }) => tool.name,
    );
    expect(tools).toEqual(expect.arrayContaining(['aliased', 'forgetful']));
    expect(tools).not.toContain('ghost_tool');
  });

  it('answers a tool that returns nothing despite its outputSchema with an isError result naming it (HTTP 200, not masked)', async () => {
    const error = jest
      .spyOn(Logger.prototype, 'error')
      .mockImplementation(() => {});
    const res = await mcp(t.server, 'tools/call', {
      name: 'forgetful',
      arguments: {},
    });
    expect(res.status).toBe(200);
    const message =
      'Tool forgetful returned no result, but its outputSchema requires structuredContent.';
    expect(res.body.result).toEqual({
      resultType: 'complete',
      content: [{ type: 'text', text: message }],
      structuredContent: { error: { message } },
      isError: true,
      _meta: expect.any(Object),
    });
    expect(error).toHaveBeenCalledWith(message);
  });

  it('lists every violation of invalid arguments in one result', async () => {
    const result = await callTool(t.server, 'greet', {
      name: 5,
      times: 9,
      style: { punctuation: '?' },
      colour: 'red',
    });
    expect(result.isError).toBe(true);
    expect(result.content[0].text).toBe(
      'Invalid arguments for tool greet: ' +
        [
          "arguments must NOT have additional properties ('colour')",
          'arguments/name must be string',
          'arguments/times must be <= 3',
          'arguments/style/punctuation must be equal to one of the allowed values',
        ].join('; '),
    );
    expect(result.structuredContent).toEqual({
      error: { message: result.content[0].text },
    });
  });

  it('keeps the list bounded: at most 10 violations, then how many more', async () => {
    const extra = Object.fromEntries(
      Array.from({ length: 25 }, (_, i) => [`x${i}`, i]),
    );
    const result = await callTool(t.server, 'greet', { name: 'Ada', ...extra });
    const text = result.content[0].text;
    expect(text.split('; ')).toHaveLength(11);
    expect(text).toMatch(/; and 15 more$/);
    expect(text.length).toBeLessThan(1000);
  });
});
