import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { missingPeer } from './optional-peer.js';

/** The error Node itself gives an ESM import of a package that is not installed (not Jest's). */
function nodeMissingPackageError(name: string): Error {
  const script = `import(${JSON.stringify(name)}).catch((e) => console.log(JSON.stringify({ code: e.code, message: e.message })))`;
  const { code, message } = JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
    }),
  ) as { code: string; message: string };
  return Object.assign(new Error(message), { code });
}

describe(missingPeer.name, () => {
  it('names the setting and the install command when the peer is not installed', () => {
    const err = nodeMissingPackageError('ioredis-that-is-not-installed');
    const out = missingPeer('ioredis-that-is-not-installed', 'redis.url', err);
    expect(out.message).toBe(
      'redis.url needs the package ioredis-that-is-not-installed, an optional peer dependency of @stateless-mcp/nest: npm install ioredis-that-is-not-installed',
    );
    expect(out.cause).toBe(err);
  });

  it('passes any other failure through unchanged', () => {
    const another = nodeMissingPackageError('another-missing-package');
    expect(missingPeer('ioredis', 'redis.url', another)).toBe(another);
    const broken = new SyntaxError('Unexpected token');
    expect(missingPeer('ioredis', 'redis.url', broken)).toBe(broken);
  });
});
