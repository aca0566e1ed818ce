import { describe, expect, it } from '@jest/globals';
import { DEFAULT_URL, parseCliArgs } from './cli-args.js';

describe('parseCliArgs', () => {
  it('defaults to the local server, readable output', () => {
    expect(parseCliArgs([])).toEqual({
      url: DEFAULT_URL,
      json: false,
      help: false,
      timeoutMs: 30000,
      headers: {},
    });
  });

  it('reads the URL and options in any order', () => {
    expect(
      parseCliArgs([
        '--json',
        'https://app.azurewebsites.net/mcp',
        '--timeout',
        '5000',
        '--header',
        'Authorization: Bearer a:b',
      ]),
    ).toEqual({
      url: 'https://app.azurewebsites.net/mcp',
      json: true,
      help: false,
      timeoutMs: 5000,
      headers: { Authorization: 'Bearer a:b' },
    });
  });

  it('reads --task LIMIT, in decimal or exponent form, beside a URL', () => {
    expect(parseCliArgs(['--task', '1e9', 'http://a/mcp'])).toMatchObject({
      url: 'http://a/mcp',
      task: 1_000_000_000,
    });
    expect(parseCliArgs(['http://a/mcp', '--task', '250000']).task).toBe(
      250_000,
    );
    expect(parseCliArgs([]).task).toBeUndefined();
  });

  it.each([
    [['ftp://x/mcp'], /Not an http\(s\) URL/],
    [['--task'], /--task needs a positive integer, got undefined/],
    [['--task', '0'], /--task needs a positive integer/],
    [['--task', '-5'], /--task needs a positive integer/],
    [['--task', '2.5'], /--task needs a positive integer/],
    [['--task', 'lots'], /--task needs a positive integer/],
    [['--task', ''], /--task needs a positive integer/],
    [['--task', '1e300'], /--task needs a positive integer/],
    [['not a url'], /Not an http\(s\) URL/],
    [['http://a/mcp', 'http://b/mcp'], /Unexpected argument/],
    [['--verbose'], /Unknown option --verbose/],
    [['--timeout', '0'], /positive integer/],
    [['--timeout'], /positive integer/],
    [['--header', 'novalue'], /Name: value/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});
