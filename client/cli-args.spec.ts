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

  it.each([
    [['ftp://x/mcp'], /Not an http\(s\) URL/],
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
