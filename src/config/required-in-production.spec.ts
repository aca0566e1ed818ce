import { describe, expect, it } from '@jest/globals';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { EnvList } from './env-transforms.js';
import {
  productionRequirements,
  RequiredInProduction,
} from './required-in-production.js';
import { ConfigError, validateEnv } from './validate-env.js';

class Sample {
  @RequiredInProduction()
  @IsOptional()
  @EnvList()
  @IsString({ each: true })
  KEYS: string[] = [];
  @IsOptional() @IsIn(['a', 'b']) MODE: 'a' | 'b' = 'a';
  @RequiredInProduction({ MODE: 'b' }) @IsOptional() @IsString() B_URL?: string;
}

describe(RequiredInProduction.name, () => {
  it('records each requirement with its condition', () => {
    expect(productionRequirements(Sample)).toEqual([
      { setting: 'KEYS' },
      { setting: 'B_URL', when: { MODE: 'b' } },
    ]);
  });

  it('is enforced only in production, and only when its condition holds', () => {
    expect(() => validateEnv(Sample, {})).not.toThrow();
    expect(() =>
      validateEnv(Sample, { NODE_ENV: 'test', MODE: 'b' }),
    ).not.toThrow();
    expect(() =>
      validateEnv(Sample, { NODE_ENV: 'production', KEYS: 'k:secret-value' }),
    ).not.toThrow();
    expect(() =>
      validateEnv(Sample, { NODE_ENV: 'production', KEYS: ' , ' }),
    ).toThrow(/KEYS is required in production/);
    const attempt = () =>
      validateEnv(Sample, {
        NODE_ENV: 'production',
        KEYS: 'k:secret-value',
        MODE: 'b',
      });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(
      /^Invalid configuration: B_URL is required in production$/,
    );
    expect(attempt).not.toThrow(/secret-value/);
  });

  it('reports validation errors and missing settings together', () => {
    expect(() =>
      validateEnv(Sample, { NODE_ENV: 'production', MODE: 'c' }),
    ).toThrow(
      /^Invalid configuration: MODE must be one of: a, b; KEYS is required in production$/,
    );
  });
});
