import { describe, expect, it } from '@jest/globals';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { EnvBoolean, EnvInt, EnvNumber } from './env-transforms.js';
import { ConfigError, validateEnv } from './validate-env.js';

class Sample {
  @EnvInt() @IsInt() @Min(0) @Max(65535) PORT = 8000;
  @EnvInt() @IsInt() @Min(100) TIMEOUT_MS = 1000;
  @EnvNumber() @IsNumber() @Min(0) @Max(1) RATIO = 1;
  @IsOptional() @IsIn(['signed', 'redis']) BACKEND = 'signed';
  @IsOptional() @IsUrl({ require_tld: false }) ISSUER?: string;
  @EnvBoolean() @IsBoolean() LIVE = false;
  @IsOptional() @Matches(/^k\d$/) CODE?: string;
  @IsOptional() @IsString() NAME?: string;
  @ValidateIf((env: Sample) => env.BACKEND === 'redis')
  @Matches(/^redis:\/\//, {
    message: (a) =>
      a.value === undefined
        ? 'URL is required when BACKEND=redis'
        : 'URL must be a redis:// URL',
  })
  URL?: string;
}

/** The lines a bad environment produces. */
function problems(env: Record<string, string>): readonly string[] {
  try {
    validateEnv(Sample, env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('what a bad configuration variable expects', () => {
  it('says the range of an integer, whichever bound was broken', () => {
    expect(problems({ PORT: 'abc' })).toEqual([
      'PORT must be an integer from 0 to 65535',
    ]);
    expect(problems({ PORT: '70000' })).toEqual([
      'PORT must be an integer from 0 to 65535',
    ]);
    expect(problems({ TIMEOUT_MS: '1.5' })).toEqual([
      'TIMEOUT_MS must be an integer ≥ 100',
    ]);
    expect(problems({ RATIO: '2' })).toEqual([
      'RATIO must be a number from 0 to 1',
    ]);
  });

  it('lists the allowed words, and says what a URL or a format needs', () => {
    expect(problems({ BACKEND: 'memcached' })).toEqual([
      'BACKEND must be one of: signed, redis',
    ]);
    expect(problems({ ISSUER: 'not a url' })).toEqual([
      'ISSUER must be an http:// or https:// URL',
    ]);
    expect(problems({ CODE: 'zz' })).toEqual([
      'CODE is not in the expected format',
    ]);
  });

  it("uses a rule's own message, which may depend on whether the variable is set", () => {
    expect(problems({ BACKEND: 'redis' })).toEqual([
      'URL is required when BACKEND=redis',
    ]);
    expect(problems({ BACKEND: 'redis', URL: 'http://x' })).toEqual([
      'URL must be a redis:// URL',
    ]);
  });

  it('gives one line per variable and never the value', () => {
    const lines = problems({
      PORT: 'secret-port',
      CODE: 'secret-code',
      RATIO: '-7',
    });
    expect(lines).toHaveLength(3);
    expect(lines.join('\n')).not.toMatch(/secret|-7/);
    expect(problems({})).toEqual([]);
  });
});
