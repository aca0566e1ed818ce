import { describe, expect, it } from '@jest/globals';
import { escapeHtml, markup, SafeHtml } from './html.js';

describe(markup.name, () => {
  it('escapes every interpolated value', () => {
    const hostile = `"><script>alert('x')</script>&`;
    const escaped =
      '&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;';
    expect(markup`<p title="${hostile}">${hostile}</p>`.value).toBe(
      `<p title="${escaped}">${escaped}</p>`,
    );
  });

  it('embeds nested fragments and arrays of them as they are', () => {
    const items = ['a<b', 'c'].map((x) => markup`<li>${x}</li>`);
    expect(markup`<ul>${items}</ul>`.value).toBe(
      '<ul><li>a&lt;b</li><li>c</li></ul>',
    );
    expect(markup`${new SafeHtml('<br>')}`.value).toBe('<br>');
  });

  it('escapes non-string values too', () => {
    expect(escapeHtml(42)).toBe('42');
    expect(markup`${['<', 1]}`.value).toBe('&lt;1');
  });
});
