import { describe, expect, it } from '@jest/globals';
import { UriTemplate } from './uri-template.js';

describe(UriTemplate.name, () => {
  it('matches and decodes level-1 variables', () => {
    const t = UriTemplate.parse('test://template/{id}/data');
    expect(t.variables).toEqual(['id']);
    expect(t.match('test://template/123/data')).toEqual({ id: '123' });
    expect(t.match('test://template/a%20b/data')).toEqual({ id: 'a b' });
  });

  it.each([
    'test://template//data',
    'test://template/1/2/data',
    'test://template/123/datax',
    'xtest://template/123/data',
    'test://template/a b/data',
    'test://template/%ZZ/data',
    'test://template/%FF/data',
  ])('does not match %s', (uri) => {
    expect(
      UriTemplate.parse('test://template/{id}/data').match(uri),
    ).toBeUndefined();
  });

  it('treats regex characters in literals literally', () => {
    const t = UriTemplate.parse('a+b://x.y/{v}?q');
    expect(t.match('a+b://x.y/1?q')).toEqual({ v: '1' });
    expect(t.match('aab://xzy/1?q')).toBeUndefined();
  });

  it('expands to unreserved characters, and match inverts expand', () => {
    const t = UriTemplate.parse('facts://{topic}/{lang}');
    const uri = t.expand({ topic: "it's a/b", lang: 'fr' });
    expect(uri).toBe('facts://it%27s%20a%2Fb/fr');
    expect(t.match(uri)).toEqual({ topic: "it's a/b", lang: 'fr' });
  });

  it.each([
    'x://{+path}',
    'x://{#frag}',
    'x://{a,b}',
    'x://{var:3}',
    'x://{list*}',
    'x://{a',
    'x://a}',
    'x://{}',
    'x://{a}/{a}',
  ])('refuses %s (not level 1)', (template) => {
    expect(() => UriTemplate.parse(template)).toThrow();
  });
});
