import { describe, expect, it } from '@jest/globals';
import type { IncomingMessage } from 'node:http';
import { validateEnv } from '../../config/validate-env.js';
import type { McpRequestContext } from '../dispatch/mcp-request-context.js';
import { ProtocolEnvironment } from '../protocol.env.js';
import { ProtocolSettings } from '../protocol-settings.js';
import { OriginGuard } from './origin.guard.js';

const guard = new OriginGuard(
  new ProtocolSettings(validateEnv(ProtocolEnvironment, {})),
);
const req = (
  headers: Record<string, string>,
  localAddress: string,
  httpVersion = '1.1',
) =>
  ({
    headers,
    httpVersion,
    socket: { localAddress },
  }) as unknown as IncomingMessage;
const refusal = (r: IncomingMessage) => {
  try {
    guard.check({ req: r } as McpRequestContext);
    return undefined;
  } catch (err) {
    return (err as { httpStatus: number }).httpStatus;
  }
};

describe(OriginGuard.name, () => {
  it('refuses an HTTP/1.1 request without Host with 400 on a public interface', () => {
    expect(refusal(req({}, '10.0.0.4'))).toBe(400);
    expect(refusal(req({}, '10.0.0.4', '1.0'))).toBeUndefined();
    expect(
      refusal(req({ host: 'mcp.example.com' }, '10.0.0.4')),
    ).toBeUndefined();
  });

  it('refuses a missing or foreign Host with 403 on loopback', () => {
    expect(refusal(req({}, '127.0.0.1'))).toBe(403);
    expect(refusal(req({ host: 'evil.example' }, '127.0.0.1'))).toBe(403);
    expect(
      refusal(req({ host: 'localhost:8000' }, '127.0.0.1')),
    ).toBeUndefined();
  });
});
