import { describe, expect, it } from '@jest/globals';
import type { McpStatus } from '../../index.js';
import { CheckLoadDistributionPrompt } from './check-load-distribution.prompt.js';

const registryWith = (names: string[]) =>
  ({
    tools: () => names.map((name) => ({ name })),
  }) as unknown as McpStatus;

describe(CheckLoadDistributionPrompt.name, () => {
  it('adds the tally steps, with the expected total, when the tally tool is registered', () => {
    const text = new CheckLoadDistributionPrompt(
      registryWith(['whoami', 'tally']),
    ).get({ calls: '7' });
    expect(text).toContain('Call the whoami tool 7 times');
    expect(text).toContain(
      'Call the tally tool without a handle, then 6 more times',
    );
    expect(text).toContain('it must be 7');
    expect(text).toMatch(/^4\. Conclude/m);
  });

  it('leaves tally out when the server does not have it', () => {
    const text = new CheckLoadDistributionPrompt(registryWith(['whoami'])).get(
      {},
    );
    expect(text).not.toContain('tally');
    expect(text).toMatch(/^3\. Conclude/m);
  });

  it.each(['0', '101', '1.5', '-3', 'ten', ''])('refuses calls=%j', (calls) => {
    expect(() =>
      new CheckLoadDistributionPrompt(registryWith([])).get({ calls }),
    ).toThrow('calls must be an integer from 1 to 100');
  });
});
