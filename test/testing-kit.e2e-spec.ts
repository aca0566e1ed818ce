import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  it,
} from '@jest/globals';
import {
  type CanActivate,
  type ExecutionContext,
  type INestApplication,
  Injectable,
  UseGuards,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { IncomingMessage } from 'node:http';
import {
  ConfigError,
  McpAuthError,
  type McpAuthenticator,
  type McpCallContext,
  McpExecutionContext,
  McpModule,
  type McpModuleOptions,
  type McpPlugin,
  type McpPrincipal,
  McpTool,
} from '../src/index.js';
import {
  McpTestAuthenticator,
  McpTestClient,
  McpTestError,
} from '../src/testing/index.js';
import { TEST_SIGNING_KEYS } from './support/mcp-app.js';

// The testing kit (`@stateless-mcp/nest/testing`) against a small application booted the way a
// team's test boots theirs: real HTTP on a loopback port, no Redis (tasks on the in-memory store).

const OPTIONS: McpModuleOptions = {
  keys: { signingKeys: [TEST_SIGNING_KEYS] },
};
const ADA: McpPrincipal = {
  subject: 'ada',
  scopes: [],
  claims: { roles: ['admin'] },
};
const BOB: McpPrincipal = { subject: 'bob', scopes: [], claims: { roles: [] } };

@Injectable()
class AdminGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const roles = McpExecutionContext.create(context).getContext().principal
      ?.claims.roles as string[] | undefined;
    return roles?.includes('admin') ?? false;
  }
}

@Injectable()
@McpTool({
  name: 'kit_whoami',
  description: 'Says who called.',
  inputSchema: { type: 'object' },
})
class WhoamiTool {
  execute(_args: object, ctx: McpCallContext) {
    return { subject: ctx.principal?.subject ?? null, method: ctx.method };
  }
}

@Injectable()
@McpTool({
  name: 'kit_admin',
  description: 'Admins only.',
  inputSchema: { type: 'object' },
})
@UseGuards(AdminGuard)
class AdminTool {
  execute() {
    return { ok: true };
  }
}

@Injectable()
@McpTool({
  name: 'kit_sum',
  description: 'Adds numbers, as a task when the client can.',
  inputSchema: {
    type: 'object',
    properties: { values: { type: 'array', items: { type: 'number' } } },
    required: ['values'],
  },
  taskSupport: 'optional',
})
class SumTaskTool {
  async execute({ values }: { values: number[] }, ctx: McpCallContext) {
    ctx.progress(1, 1, 'adding');
    return {
      sum: values.reduce((a, b) => a + b, 0),
      task: ctx.taskId ?? null,
    };
  }
}

@Injectable()
@McpTool({
  name: 'kit_wait',
  description: 'Runs until cancelled.',
  inputSchema: { type: 'object' },
  taskSupport: 'required',
})
class WaitTaskTool {
  async execute(_args: object, ctx: McpCallContext) {
    await new Promise<void>((resolve) =>
      ctx.signal.addEventListener('abort', () => resolve(), { once: true }),
    );
    return { cancelled: true };
  }
}

const TOOLS = [WhoamiTool, AdminTool, SumTaskTool, WaitTaskTool, AdminGuard];

async function boot(
  options: McpModuleOptions,
  authenticator: McpPlugin<McpAuthenticator> = McpTestAuthenticator,
): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [McpModule.forRoot({ ...options, auth: { authenticator } })],
    providers: TOOLS,
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

describe('McpTestClient over a Nest application, with McpTestAuthenticator', () => {
  let app: INestApplication;
  let mcp: McpTestClient;

  beforeAll(async () => {
    app = await boot(OPTIONS);
    mcp = await McpTestClient.for(app);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('lists the tools and calls one as the caller it sets, through /mcp', async () => {
    const names = (await mcp.as(ADA).listTools()).map((t) => t.name).sort();
    expect(names).toEqual(['kit_admin', 'kit_sum', 'kit_wait', 'kit_whoami']);
    const result = await mcp.as(ADA).callTool('kit_whoami');
    expect(result.structuredContent).toEqual({
      subject: 'ada',
      method: 'tools/call',
    });
    expect(
      (await mcp.as(BOB).callTool('kit_whoami')).structuredContent,
    ).toMatchObject({ subject: 'bob' });
  });

  it('answers 401 without a caller, as a real authenticator would', async () => {
    const res = await mcp.request('tools/list');
    expect(res.status).toBe(401);
    expect(res.body.error?.message).toMatch(
      /needs the x-mcp-test-caller header/,
    );
    await expect(mcp.listTools()).rejects.toMatchObject({ status: 401 });
  });

  it('refuses a malformed caller header with 400, never a 500', async () => {
    const res = await mcp
      .withHeaders({ 'x-mcp-test-caller': 'not-json' })
      .request('tools/list');
    expect(res.status).toBe(400);
  });

  it("runs the app's guards: a denial throws McpTestError with the HTTP status and JSON-RPC code", async () => {
    expect((await mcp.as(ADA).callTool('kit_admin')).structuredContent).toEqual(
      { ok: true },
    );
    const denied = await mcp
      .as(BOB)
      .callTool('kit_admin')
      .catch((err: unknown) => err);
    expect(denied).toBeInstanceOf(McpTestError);
    expect(denied).toMatchObject({ status: 403, code: -32600 });
  });

  it('reports a bad argument as the tool result it is (isError), not as a throw', async () => {
    const result = await mcp.as(ADA).callTool('kit_sum', { values: 'x' });
    expect(result.isError).toBe(true);
    expect(
      (await mcp.as(ADA).callTool('kit_sum', { values: [2, 3] }))
        .structuredContent,
    ).toEqual({ sum: 5, task: null });
  });

  it('tasks without Redis: create, await the terminal state, read the result', async () => {
    const caller = mcp.as(ADA);
    const task = await caller.callToolAsTask('kit_sum', { values: [1, 2, 3] });
    expect(task.taskId).toMatch(/^mt_/);
    const done = await caller.awaitTask(task.taskId);
    expect(done.status).toBe('completed');
    expect(done.result?.structuredContent).toEqual({
      sum: 6,
      task: task.taskId,
    });
  });

  it('tasks: cancel a running one and see it end cancelled', async () => {
    const caller = mcp.as(ADA);
    const task = await caller.callToolAsTask('kit_wait');
    expect((await caller.getTask(task.taskId)).status).toBe('working');
    await caller.cancelTask(task.taskId);
    expect((await caller.awaitTask(task.taskId)).status).toBe('cancelled');
  });

  it("hides one caller's task from another (-32602), as in production", async () => {
    const task = await mcp.as(ADA).callToolAsTask('kit_wait');
    await expect(mcp.as(BOB).getTask(task.taskId)).rejects.toMatchObject({
      code: -32602,
    });
    await mcp.as(ADA).cancelTask(task.taskId);
  });

  it('awaitTask gives up at its deadline, naming the status', async () => {
    const caller = mcp.as(ADA);
    const task = await caller.callToolAsTask('kit_wait');
    await expect(
      caller.awaitTask(task.taskId, { timeoutMs: 50 }),
    ).rejects.toThrow(/still working after 50 ms/);
    await caller.cancelTask(task.taskId);
  });
});

describe('McpTestAuthenticator refuses production', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it.each<[string, () => McpPlugin<McpAuthenticator>]>([
    ['the class', () => McpTestAuthenticator],
    ['an instance', () => new McpTestAuthenticator()],
  ])(
    'with production: true (%s): the boot fails with one line naming the option',
    async (_, plug) => {
      const failure = await boot(
        { ...OPTIONS, production: true },
        plug(),
      ).catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(ConfigError);
      expect((failure as ConfigError).problems).toEqual([
        'auth.authenticator (McpTestAuthenticator) is for development and tests only (allowedInProduction: false) and refuses to boot in production',
      ]);
    },
  );

  it.each([
    ['NODE_ENV=production', { NODE_ENV: 'production' }],
    ['an App Service instance', { WEBSITE_INSTANCE_ID: 'abc123' }],
  ])(
    'in a production process (%s), even with production: false: the boot fails with a clear message',
    async (_, extra) => {
      Object.assign(process.env, extra);
      const failure = await boot({ ...OPTIONS, production: false }).catch(
        (err: unknown) => err,
      );
      expect(failure).toBeInstanceOf(ConfigError);
      expect((failure as Error).message).toMatch(
        /for tests only and refuses to boot in production/,
      );
    },
  );

  it('the control: the same options boot outside production', async () => {
    const app = await boot({ ...OPTIONS, production: false });
    await app.close();
  });
});

/** An application's real authenticator: bearer keys it knows. */
@Injectable()
class KeyAuthenticator implements McpAuthenticator {
  async authenticate(req: IncomingMessage): Promise<McpPrincipal> {
    if (req.headers.authorization === 'Bearer right-key') return ADA;
    throw new McpAuthError(401, 'Bearer', 'Unauthorized');
  }
}

/** An application's module whose authenticator a test may replace, as a team's root module does. */
function appModule(
  authenticator: McpPlugin<McpAuthenticator> = KeyAuthenticator,
) {
  return McpModule.forRoot({ ...OPTIONS, auth: { authenticator } });
}

describe("replacing an application's authenticator in a test (auth.authenticator)", () => {
  const apps: INestApplication[] = [];
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
  });

  async function start(module: ReturnType<typeof appModule>) {
    const moduleRef = await Test.createTestingModule({
      imports: [module],
      providers: TOOLS,
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    apps.push(app);
    await app.init();
    return McpTestClient.for(app);
  }

  it('the test sets the caller; the real authenticator is out of the way', async () => {
    const mcp = await start(appModule(McpTestAuthenticator));
    expect(
      (await mcp.as(BOB).callTool('kit_whoami')).structuredContent,
    ).toMatchObject({ subject: 'bob' });
  });

  it('the control: with its own authenticator, the application refuses the test caller', async () => {
    const mcp = await start(appModule());
    await expect(mcp.as(BOB).listTools()).rejects.toMatchObject({
      status: 401,
    });
    expect(
      (
        await mcp
          .withHeaders({ authorization: 'Bearer right-key' })
          .callTool('kit_whoami')
      ).structuredContent,
    ).toMatchObject({ subject: 'ada' });
  });
});
