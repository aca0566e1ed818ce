import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  type ArgumentMetadata,
  type INestApplication,
  Injectable,
  type PipeTransform,
} from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import type { Server } from 'node:http';
import { McpModule } from '../src/index.js';
import {
  AdminPrompt,
  FixtureKeyAuthenticator,
  PlainTool,
  RolesGuard,
  SecretResource,
} from './fixtures/guarded-tools.js';
import { events, PIPED_PROVIDERS } from './fixtures/piped-tools.js';
import { TEST_SIGNING_KEYS } from './support/mcp-app.js';
import { mcp } from './support/mcp-request.js';
import {
  callAsTask,
  createTask,
  terminal,
  waitForTask,
} from './support/tasks.js';

const KEYS = { signingKeys: [TEST_SIGNING_KEYS] };
const ADMIN = { 'X-Api-Key': 'admin-key' };
const USER = { 'X-Api-Key': 'user-key' };

async function appWith(
  providers: Parameters<typeof Test.createTestingModule>[0]['providers'],
) {
  const moduleRef = await Test.createTestingModule({
    imports: [
      McpModule.forRoot({
        keys: KEYS,
        auth: { authenticator: FixtureKeyAuthenticator },
      }),
    ],
    providers,
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

const call = (
  server: Server,
  name: string,
  args: Record<string, unknown>,
  headers = USER,
) =>
  mcp(
    server,
    'tools/call',
    { name, arguments: args },
    { extraHeaders: headers },
  );

describe('pipes and parameter decorators on tools, prompts and resources (McpModule over HTTP)', () => {
  let app: INestApplication;
  let server: Server;

  beforeAll(async () => {
    app = await appWith(PIPED_PROVIDERS);
    server = app.getHttpServer() as Server;
  });
  afterAll(() => app.close());

  it('@UsePipes on the class transforms the arguments; the context arrives untouched', async () => {
    const res = await call(server, 'trimmed', { text: '  hi  ' });
    expect(res.body.result.structuredContent).toEqual({
      text: '<hi>',
      hasContext: 'function',
    });
  });

  it("@McpArgs('field', ...pipes), @McpCaller(), @McpContext() and a team's createParamDecorator", async () => {
    const res = await mcp(
      server,
      'tools/call',
      { name: 'repeat', arguments: { text: 'ho', times: '3' } },
      { extraHeaders: ADMIN, id: 'req-9' },
    );
    expect(res.body.result.structuredContent).toEqual({
      text: 'HO HO HO',
      caller: 'ada',
      subject: 'ada',
      requestId: 'req-9',
    });
  });

  it("a pipe's 4xx HttpException answers a JSON-RPC error with its status; its ToolError answers in the tool lane", async () => {
    const parse = await call(server, 'repeat', { text: 'ho', times: 'x' });
    expect(parse.status).toBe(400);
    expect(parse.body.error).toEqual({
      code: -32600,
      message: 'Validation failed (numeric string is expected)',
    });
    const tool = await call(server, 'repeat', { text: 'nothing', times: '1' });
    expect(tool.status).toBe(200);
    expect(tool.body.result).toMatchObject({
      isError: true,
      content: [
        {
          type: 'text',
          text: 'Say something: "nothing" is not a word to repeat',
        },
      ],
    });
  });

  it("Nest's ValidationPipe validates and builds a DTO, and lists what it refused", async () => {
    const ok = await call(server, 'book', { room: 'blue', guests: 2 });
    expect(ok.body.result.structuredContent).toEqual({
      dto: true,
      room: 'blue',
    });
    const refused = await call(server, 'book', { room: 'blue', guests: 20 });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe(
      'Bad Request Exception: guests must not be greater than 8',
    );
  });

  it('a prompt argument through a per-parameter pipe', async () => {
    const res = await mcp(
      server,
      'prompts/get',
      { name: 'topic', arguments: { topic: 'pipes' } },
      { extraHeaders: USER },
    );
    expect(res.body.result.messages[0].content.text).toBe(
      'bob asks about PIPES',
    );
  });

  it("a resource template's variable through ParseIntPipe; a bad one answers 400", async () => {
    const res = await mcp(
      server,
      'resources/read',
      { uri: 'fixture://orders/41' },
      { extraHeaders: USER },
    );
    expect(JSON.parse(res.body.result.contents[0].text)).toEqual({
      uri: 'fixture://orders/41',
      id: 41,
      next: 42,
    });
    const bad = await mcp(
      server,
      'resources/read',
      { uri: 'fixture://orders/abc' },
      { extraHeaders: USER },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      'Validation failed (numeric string is expected)',
    );
  });

  describe('a task tool with a guard, a pipe and an interceptor', () => {
    it('the guard runs when the task is created, in the request, and denies there', async () => {
      events.length = 0;
      const denied = await callAsTask(
        server,
        'piped_task',
        { text: ' x ' },
        { headers: USER },
      );
      expect(denied.status).toBe(403);
      expect(denied.body.error).toEqual({
        code: -32600,
        message: 'Forbidden: you may not use tool piped_task',
      });
      expect(events).toEqual(['guard in the request with its HTTP request']);
    });

    it('the pipe and the interceptor run when it executes, the guard does not run again', async () => {
      events.length = 0;
      const created = await createTask(
        server,
        'piped_task',
        { text: '  padded  ' },
        { headers: ADMIN },
      );
      const done = await waitForTask(server, created.taskId, terminal, 10_000, {
        headers: ADMIN,
      });
      expect(done.status).toBe('completed');
      // The pipe trimmed what execute saw; the interceptor stamped the task it ran in.
      expect(done.result).toMatchObject({
        structuredContent: { text: '<padded>', stampedIn: created.taskId },
      });
      expect(events).toEqual([
        'guard in the request with its HTTP request',
        'interceptor in a task',
        'execute in a task',
      ]);
    });
  });
});

/** Records every parameter it is given, by its metadata type. */
@Injectable()
class RecordingPipe implements PipeTransform {
  static readonly seen: string[] = [];
  transform(value: unknown, { type }: ArgumentMetadata): unknown {
    RecordingPipe.seen.push(type);
    return value;
  }
}

describe('a global APP_PIPE (McpModule over HTTP)', () => {
  let app: INestApplication;
  let server: Server;

  beforeAll(async () => {
    app = await appWith([
      RolesGuard,
      PlainTool,
      AdminPrompt,
      SecretResource,
      { provide: APP_PIPE, useClass: RecordingPipe },
    ]);
    server = app.getHttpServer() as Server;
  });
  afterAll(() => app.close());

  it('runs on the parameters of tools, prompts and resources alike', async () => {
    RecordingPipe.seen.length = 0;
    const tool = await call(server, 'plain', { text: 'hi' });
    expect(tool.body.result.structuredContent).toEqual({
      text: 'hi',
      subject: 'bob',
    });
    expect(RecordingPipe.seen).toEqual(['body', 'custom']);
    const prompt = await mcp(
      server,
      'prompts/get',
      { name: 'admin_prompt' },
      { extraHeaders: ADMIN },
    );
    expect(prompt.body.result.messages[0].content.text).toBe('for admins');
    const read = await mcp(
      server,
      'resources/read',
      { uri: 'fixture://secret' },
      { extraHeaders: ADMIN },
    );
    expect(read.body.result.contents[0].text).toBe('classified');
    expect(RecordingPipe.seen).toEqual([
      'body',
      'custom',
      'body',
      'custom',
      'custom',
      'custom',
    ]);
  });
});
