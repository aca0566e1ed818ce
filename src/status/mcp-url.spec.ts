import { describe, expect, it } from '@jest/globals';
import { publicMcpUrl } from './mcp-url.js';

describe(publicMcpUrl.name, () => {
  it('uses Host over plain HTTP by default', () => {
    expect(publicMcpUrl({ host: 'localhost:8000' })).toBe(
      'http://localhost:8000/mcp',
    );
    expect(publicMcpUrl({})).toBe('http://localhost/mcp');
  });

  it('honours X-Forwarded-Proto and X-Forwarded-Host, first value of a list', () => {
    expect(
      publicMcpUrl({
        host: 'internal:8000',
        'x-forwarded-proto': 'https, http',
        'x-forwarded-host': 'app.example.net, internal',
      }),
    ).toBe('https://app.example.net/mcp');
    expect(
      publicMcpUrl({
        host: 'app.azurewebsites.net',
        'x-forwarded-proto': 'HTTPS',
      }),
    ).toBe('https://app.azurewebsites.net/mcp');
  });

  it('takes no scheme but http and https', () => {
    expect(publicMcpUrl({ host: 'h', 'x-forwarded-proto': 'javascript' })).toBe(
      'http://h/mcp',
    );
  });
});
