import { describe, expect, it } from '@jest/globals';
import { ConfigError, validateEnv } from '../../config/index.js';
import { BuiltinToolsEnvironment } from './builtin-tools.env.js';

describe(BuiltinToolsEnvironment.name, () => {
  it('lets a task count up to 10^11 by default', () => {
    expect(
      validateEnv(BuiltinToolsEnvironment, {}).COMPUTE_PRIMES_TASK_MAX,
    ).toBe(100_000_000_000);
  });

  it.each([
    ['1e10', 10_000_000_000],
    ['2000000', 2_000_000],
  ])('reads COMPUTE_PRIMES_TASK_MAX=%s', (value, expected) => {
    expect(
      validateEnv(BuiltinToolsEnvironment, { COMPUTE_PRIMES_TASK_MAX: value })
        .COMPUTE_PRIMES_TASK_MAX,
    ).toBe(expected);
  });

  it.each(['1', '1.5', 'lots', '1e13'])(
    'refuses COMPUTE_PRIMES_TASK_MAX=%s, naming the variable',
    (value) => {
      const read = () =>
        validateEnv(BuiltinToolsEnvironment, {
          COMPUTE_PRIMES_TASK_MAX: value,
        });
      expect(read).toThrow(ConfigError);
      expect(read).toThrow(/COMPUTE_PRIMES_TASK_MAX/);
    },
  );
});
