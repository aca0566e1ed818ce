import { describe, expect, it } from '@jest/globals';
import { IsInt, IsString, MinLength } from 'class-validator';
import { EnvBoolean, EnvInt, EnvList } from './env-transforms.js';
import { ConfigError, validateEnv } from './validate-env.js';

class Sample {
  @EnvInt() @IsInt() PORT = 8000;
  @EnvBoolean() STRICT = false;
  @EnvList() @IsString({ each: true }) ORIGINS: string[] = [];
  @IsString() @MinLength(32) SECRET = 'x'.repeat(32);
}

describe(validateEnv.name, () => {
  it('applies defaults and converts numbers, booleans and lists', () => {
    const cfg = validateEnv(Sample, {
      PORT: '9000',
      STRICT: 'TRUE',
      ORIGINS: ' https://a , ,https://b',
    });
    expect(cfg).toMatchObject({
      PORT: 9000,
      STRICT: true,
      ORIGINS: ['https://a', 'https://b'],
    });
    expect(validateEnv(Sample, {})).toMatchObject({
      PORT: 8000,
      STRICT: false,
      ORIGINS: [],
    });
  });

  it('names every bad variable and never prints a value', () => {
    const attempt = () =>
      validateEnv(Sample, { PORT: 'eighty', SECRET: 'too-short-secret-value' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PORT.*SECRET|SECRET.*PORT/);
    expect(attempt).not.toThrow(/too-short-secret-value|eighty/);
  });
});
