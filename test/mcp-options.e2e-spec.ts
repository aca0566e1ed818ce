import { afterEach, describe, expect, it } from '@jest/globals';
import type { INestApplication, ModuleMetadata } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Server } from 'node:http';
import { McpModule, type McpModuleOptions, McpStatus } from '../src/index.js';
import { BoundedCounterTool } from './fixtures/handle-fixtures.js';
import { FixtureKeyAuthenticator } from './fixtures/guarded-tools.js';
import {
  ExistingOptionsFactory,
  Ledger,
  LedgerHandleStore,
  LedgerModule,
  LedgerTaskExecutor,
  LedgerTaskStore,
  OptionsFromSource,
  OptionsSource,
  OptionsSourceModule,
  QuickTaskTool,
  ResumableWaitTool,
} from './fixtures/plugin-fixtures.js';
import { TaskProbeModule } from './fixtures/task-probe-tools.js';
import { TEST_SIGNING_KEYS } from './support/mcp-app.js';
import { mcp } from './support/mcp-request.js';
import {
  deleteKeys,
  ensureSharedRedis,
  SHARED_REDIS_URL,
  uniquePrefix,
} from './support/redis.js';
import {
  createTask,
  getTask,
  taskRequest,
  terminal,
  waitForTask,
} from './support/tasks.js';
import { waitFor } from './support/wait-for.js';

// McpModule as a team's application uses it: typed options through forRoot and each form of
// forRootAsync, its own stores and authenticator plugged in, driven over real HTTP.

const KEYS = { signingKeys: [TEST_SIGNING_KEYS] };

let app: INestApplication | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** Boots a testing module with `metadata` and serves it (Nest's default adapter). */
async function serve(metadata: ModuleMetadata): Promise<Server> {
  const moduleRef = await Test.createTestingModule(metadata).compile();
  app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app.getHttpServer() as Server;
}

/** The boot error `options` give, as the one line it prints. */
async function bootError(imports: ModuleMetadata['imports']): Promise<string> {
  try {
    await Test.createTestingModule({ imports }).compile();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('booted');
}

const instructions = async (server: Server) =>
  (await mcp(server, 'server/discover')).body.result.instructions as string;

/** Mints a counter handle, then counts once with it. */
async function countTwice(server: Server) {
  const call = (args: Record<string, unknown>) =>
    mcp(server, 'tools/call', { name: 'bounded_counter', arguments: args });
  const minted = (await call({})).body.result.structuredContent as {
    handle: string;
    n: number;
  };
  const next = (await call({ handle: minted.handle })).body.result
    .structuredContent as { handle: string; n: number };
  return { minted, next };
}

describe('McpModule.forRootAsync serves /mcp with the options of each form', () => {
  it('useFactory, with inject from imports', async () => {
    const server = await serve({
      imports: [
        McpModule.forRootAsync({
          imports: [OptionsSourceModule],
          inject: [OptionsSource],
          useFactory: (source: OptionsSource) => source.options('useFactory'),
        }),
      ],
    });
    expect(await instructions(server)).toBe(
      'useFactory: from the options source',
    );
  });

  it('useClass: McpModule creates the factory, its dependencies injected', async () => {
    const server = await serve({
      imports: [
        McpModule.forRootAsync({
          imports: [OptionsSourceModule],
          useClass: OptionsFromSource,
        }),
      ],
    });
    expect(await instructions(server)).toBe(
      'useClass: from the options source',
    );
  });

  it('useExisting: the factory an imported module provides', async () => {
    const server = await serve({
      imports: [
        McpModule.forRootAsync({
          imports: [OptionsSourceModule],
          useExisting: ExistingOptionsFactory,
        }),
      ],
    });
    expect(await instructions(server)).toBe(
      'useExisting: from the options source',
    );
  });

  it('applies what the options say: protocol.strictHeaders', async () => {
    const server = await serve({
      imports: [
        McpModule.forRootAsync({
          useFactory: async (): Promise<McpModuleOptions> => ({
            keys: KEYS,
            protocol: { strictHeaders: true },
          }),
        }),
      ],
    });
    const res = await mcp(
      server,
      'tools/list',
      {},
      {
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
        },
      },
    );
    expect(res.body.error.code).toBe(-32020);
  });
});

describe('a handle store of the application’s own', () => {
  it('as a class: created by McpModule with its dependencies (from imports), hooks run once', async () => {
    const server = await serve({
      imports: [
        McpModule.forRootAsync({
          imports: [LedgerModule],
          useFactory: () => ({
            keys: KEYS,
            handles: { store: LedgerHandleStore },
          }),
        }),
      ],
      providers: [BoundedCounterTool],
    });
    const { minted, next } = await countTwice(server);
    expect(minted).toMatchObject({ handle: 'lh_1', n: 0 });
    expect(next).toMatchObject({ handle: 'lh_1', n: 1 });
    const ledger = app!.get(Ledger, { strict: false });
    expect(ledger.calls).toEqual(['create', 'update']);
    expect(ledger.inits).toBe(1);
  });

  it('as an instance', async () => {
    const ledger = new Ledger();
    const server = await serve({
      imports: [
        McpModule.forRoot({
          keys: KEYS,
          handles: { store: new LedgerHandleStore(ledger) },
        }),
      ],
      providers: [BoundedCounterTool],
    });
    const { minted, next } = await countTwice(server);
    expect([minted.handle, next.n]).toEqual(['lh_1', 1]);
    expect(ledger.calls).toEqual(['create', 'update']);
    expect(ledger.inits).toBe(1);
  });
});

describe('a task store of the application’s own', () => {
  it('records and answers the task', async () => {
    const store = new LedgerTaskStore();
    const server = await serve({
      imports: [McpModule.forRoot({ keys: KEYS, tasks: { store } })],
      providers: [QuickTaskTool],
    });
    const { taskId } = await createTask(server, 'quick_task');
    const task = await waitForTask(server, taskId, terminal);
    expect(task).toMatchObject({ status: 'completed' });
    expect(store.ledger.calls).toEqual(
      expect.arrayContaining(['create', 'finish', 'get']),
    );
  });
});

/** Answers each input request of a task until it ends; its last `tasks/get`. */
async function answerUntilDone(server: Server, taskId: string) {
  for (;;) {
    const task = await waitForTask(
      server,
      taskId,
      (t) => terminal(t) || t.status === 'input_required',
    );
    if (terminal(task)) return task;
    const keys = Object.keys(task.inputRequests as object);
    await taskRequest(server, 'tasks/update', {
      taskId,
      inputResponses: Object.fromEntries(
        keys.map((k) => [k, { action: 'accept', content: {} }]),
      ),
    });
  }
}

/** How often each entry occurs in `calls`. */
const tally = (calls: readonly string[]) =>
  calls.reduce<Record<string, number>>(
    (counts, call) => ({ ...counts, [call]: (counts[call] ?? 0) + 1 }),
    {},
  );

/** Waits until this app's executor reports a run of `tool` (through `McpStatus`). */
const running = (tool: string) =>
  waitFor(
    () =>
      app!
        .get(McpStatus)
        .tasks()
        .running.some((r) => r.tool === tool),
    { what: `a run of ${tool} on this instance` },
  );

describe('a task executor of the application’s own', () => {
  it('as a class: created by McpModule with its dependencies (from imports), runs every task, hooks run once', async () => {
    const server = await serve({
      imports: [
        McpModule.forRootAsync({
          imports: [LedgerModule],
          useFactory: () => ({
            keys: KEYS,
            tasks: { executor: LedgerTaskExecutor },
          }),
        }),
        TaskProbeModule,
      ],
      providers: [QuickTaskTool],
    });
    const quick = await createTask(server, 'quick_task');
    expect(await waitForTask(server, quick.taskId, terminal)).toMatchObject({
      status: 'completed',
      result: { structuredContent: { done: true } },
    });
    // Two rounds of input: the runner's wait for answers brings the task back each time.
    const asking = await createTask(server, 'two_rounds');
    expect(await answerUntilDone(server, asking.taskId)).toMatchObject({
      status: 'completed',
      result: { structuredContent: { seen: ['first', 'second'] } },
    });
    const ledger = app!.get(Ledger, { strict: false });
    expect(ledger.calls.slice(0, 7)).toEqual([
      ...['start', 'admit', 'enqueue', 'run:completed'],
      ...['admit', 'enqueue', 'run:waiting'],
    ]);
    // A run's end and the answer that wakes it again are not ordered: count them.
    expect(tally(ledger.calls.slice(7))).toEqual({
      'run:waiting': 1,
      resume: 2,
      'run:completed': 1,
    });
    expect(ledger.calls.at(-1)).toBe('run:completed');
    expect(app!.get(McpStatus).tasks()).toMatchObject({
      store: 'memory',
      executor: 'ledger',
    });
    await app!.close();
    app = undefined;
    expect(ledger.calls.slice(-2)).toEqual(['drain', 'close']);
    expect(ledger.inits).toBe(1);
  });

  it('as an instance beside the memory store: a cancel reaches the run, shutdown fails what still runs', async () => {
    const executor = new LedgerTaskExecutor(new Ledger());
    const server = await serve({
      imports: [McpModule.forRoot({ keys: KEYS, tasks: { executor } })],
      providers: [ResumableWaitTool],
    });
    const cancelled = await createTask(server, 'resumable_wait');
    await running('resumable_wait');
    await taskRequest(server, 'tasks/cancel', { taskId: cancelled.taskId });
    expect(await waitForTask(server, cancelled.taskId, terminal)).toMatchObject(
      { status: 'cancelled' },
    );
    await waitFor(() => executor.ledger.calls.includes('run:cancelled'), {
      what: 'the cancelled run to end',
    });
    await createTask(server, 'resumable_wait');
    await running('resumable_wait');
    await app!.close();
    app = undefined;
    const calls = executor.ledger.calls;
    expect(calls.slice(0, 3)).toEqual(['start', 'admit', 'enqueue']);
    expect(tally(calls.slice(3, 5))).toEqual({ cancel: 1, 'run:cancelled': 1 });
    expect(calls.slice(5)).toEqual([
      ...['admit', 'enqueue', 'drain', 'run:failed', 'close'],
    ]);
    expect(executor.ledger.inits).toBe(1);
  });

  it('as an instance beside the Redis store: BullMQ stays out, and drain hands a resumable task over', async () => {
    await ensureSharedRedis();
    const redis = {
      url: SHARED_REDIS_URL,
      keyPrefix: uniquePrefix('executor'),
    };
    try {
      const executor = new LedgerTaskExecutor(new Ledger());
      executor.onDrain = 'handover';
      const server = await serve({
        imports: [
          McpModule.forRoot({ keys: KEYS, redis, tasks: { executor } }),
        ],
        providers: [ResumableWaitTool],
      });
      const status = app!.get(McpStatus).tasks();
      expect(status).toMatchObject({ store: 'redis', executor: 'ledger' });
      expect(status.queue).toBeUndefined();
      const { taskId } = await createTask(server, 'resumable_wait');
      await running('resumable_wait');
      await app!.close();
      app = undefined;
      expect(executor.ledger.calls).toEqual([
        ...['start', 'admit', 'enqueue', 'drain', 'run:handed-over', 'close'],
      ]);
      // Another instance on the same Redis reads the task let go, for its executor to continue.
      const other = await serve({
        imports: [
          McpModule.forRoot({
            keys: KEYS,
            redis,
            tasks: { executor: new LedgerTaskExecutor(new Ledger()) },
          }),
        ],
        providers: [ResumableWaitTool],
      });
      expect(await getTask(other, taskId)).toMatchObject({
        status: 'working',
        statusMessage: expect.stringMatching(/^Handed over:/),
      });
    } finally {
      await deleteKeys(redis.keyPrefix);
    }
  });
});

describe('an authenticator of the application’s own', () => {
  it('as an instance: every /mcp request passes through it', async () => {
    const server = await serve({
      imports: [
        McpModule.forRoot({
          keys: KEYS,
          auth: { authenticator: new FixtureKeyAuthenticator() },
        }),
      ],
    });
    expect((await mcp(server, 'tools/list')).status).toBe(401);
    const res = await mcp(
      server,
      'tools/list',
      {},
      {
        extraHeaders: { 'X-Api-Key': 'user-key' },
      },
    );
    expect(res.status).toBe(200);
    // Callers are authenticated: results are for the caller alone.
    expect(res.body.result.cacheScope).toBe('private');
  });
});

describe('wrong options stop the boot with one line per problem', () => {
  it.each<[string, McpModuleOptions, string]>([
    [
      'a value out of range',
      { protocol: { maxBodyBytes: 10 } },
      'Invalid configuration: protocol.maxBodyBytes must be an integer from 1024 to 67108864',
    ],
    [
      'a store that needs a setting',
      { handles: { store: 'redis' } },
      'Invalid configuration: redis.url is required when handles.store=redis',
    ],
    [
      'two ways to authenticate',
      {
        auth: {
          authenticator: FixtureKeyAuthenticator,
          oauth: { issuer: 'https://issuer.example/', audience: ['api://mcp'] },
        },
      },
      'Invalid configuration: auth.authenticator and auth.oauth are two ways to authenticate callers: use one',
    ],
    [
      'a misspelt option',
      { protocol: { maxBodySize: 2048 } } as McpModuleOptions,
      'Invalid configuration: protocol.maxBodySize is not an option of McpModule',
    ],
    [
      'a class that is not a store',
      { tasks: { store: OptionsSource as never } },
      "Invalid configuration: tasks.store must be 'auto', 'redis', 'memory', 'off' or a TaskStore class or instance",
    ],
    [
      'a class that is not an executor',
      { tasks: { executor: OptionsSource as never } },
      'Invalid configuration: tasks.executor must be a TaskExecutor class or instance',
    ],
    [
      'an instance that is not an executor',
      { tasks: { executor: { kind: 'half', start() {} } as never } },
      'Invalid configuration: tasks.executor must be a TaskExecutor class or instance',
    ],
    [
      'an executor with tasks off',
      {
        tasks: {
          store: 'off',
          executor: new LedgerTaskExecutor(new Ledger()),
        },
      },
      'Invalid configuration: tasks.executor needs a task store, but tasks are off (tasks.store=off)',
    ],
    [
      'an executor on App Service without Redis (tasks off)',
      {
        instance: { instanceId: 'web-1' },
        tasks: { executor: new LedgerTaskExecutor(new Ledger()) },
      },
      'Invalid configuration: tasks.executor needs a task store, but tasks are off (App Service without Redis: another instance could not answer for a task)',
    ],
  ])('%s', async (_what, options, line) => {
    expect(
      await bootError([McpModule.forRoot({ keys: KEYS, ...options })]),
    ).toBe(line);
    expect(
      await bootError([
        McpModule.forRootAsync({
          useFactory: () => ({ keys: KEYS, ...options }),
        }),
      ]),
    ).toBe(line);
  });
});
