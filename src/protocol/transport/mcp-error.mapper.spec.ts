import { describe, expect, it, jest } from '@jest/globals';
import {
  BadRequestException,
  ForbiddenException,
  InternalServerErrorException,
  Logger,
} from '@nestjs/common';
import { McpAuthError } from '../auth/mcp-authenticator.interface.js';
import { JsonRpcError } from '../json-rpc/json-rpc.error.js';
import {
  RecordingResponder,
  settingsOf,
} from '../testing/fake-context.spec-helper.js';
import { BodyTooLargeError, RequestAbortedError } from './body-reader.js';
import { McpErrorMapper } from './mcp-error.mapper.js';

const mapper = new McpErrorMapper(settingsOf({ MCP_MAX_BODY_BYTES: '2048' }));
function sent(err: unknown, id: string | number | null = 5) {
  const responder = new RecordingResponder();
  mapper.send(responder.asResponder, id, err);
  return responder.sent;
}
const body = (code: number, message: string, data?: unknown) => ({
  jsonrpc: '2.0',
  id: 5,
  error: data === undefined ? { code, message } : { code, message, data },
});

describe(McpErrorMapper.name, () => {
  it('keeps a protocol error’s code, message, data and status', () => {
    const err = new JsonRpcError(-32022, 'Unsupported protocol version', {
      supported: ['x'],
    });
    expect(sent(err)).toEqual([
      {
        status: 400,
        body: body(-32022, 'Unsupported protocol version', {
          supported: ['x'],
        }),
        headers: undefined,
      },
    ]);
    expect(sent(JsonRpcError.invalidParams('Unknown tool: x'))[0].status).toBe(
      200,
    );
  });

  it('answers an authentication refusal with its status and challenge, without an id when none is known', () => {
    const err = new McpAuthError(401, 'Bearer realm="mcp"');
    expect(sent(err, null)).toEqual([
      {
        status: 401,
        body: { ...body(-32600, 'Unauthorized'), id: null },
        headers: { 'WWW-Authenticate': 'Bearer realm="mcp"' },
      },
    ]);
  });

  it('answers an oversized body with 413 and closes the connection', () => {
    expect(sent(new BodyTooLargeError())).toEqual([
      {
        status: 413,
        body: body(-32600, 'Request body exceeds 2048 bytes'),
        headers: { Connection: 'close' },
      },
    ]);
  });

  it('keeps the status and message of a 4xx HttpException', () => {
    expect(sent(new ForbiddenException('Only admins'))).toEqual([
      { status: 403, body: body(-32600, 'Only admins'), headers: undefined },
    ]);
    expect(sent(new BadRequestException('No'))[0].status).toBe(400);
  });

  it('answers nothing to a client that went away', () => {
    expect(sent(new RequestAbortedError())).toEqual([]);
  });

  it.each([
    ['an Error', new Error('password=hunter2 at db.internal')],
    [
      'a 5xx HttpException',
      new InternalServerErrorException('db.internal down'),
    ],
    ['a thrown string', 'secret token abc'],
  ])('masks %s as -32603 and never shows its message', (_what, err) => {
    const log = jest
      .spyOn(Logger.prototype, 'error')
      .mockImplementation(() => {});
    try {
      const answers = sent(err);
      expect(answers).toEqual([
        {
          status: 500,
          body: body(-32603, 'Internal error'),
          headers: undefined,
        },
      ]);
      expect(JSON.stringify(answers)).not.toMatch(/hunter2|internal|secret/);
      expect(log).toHaveBeenCalledTimes(1);
    } finally {
      log.mockRestore();
    }
  });
});
