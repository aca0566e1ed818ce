import { describe, expect, it } from '@jest/globals';
import { paginate } from './paginate.js';

describe(paginate.name, () => {
  const items = ['a', 'b', 'c', 'd', 'e'];

  it('returns everything without a cursor when it fits one page', () => {
    expect(paginate(items, undefined, 10)).toEqual({ items });
  });

  it('walks every page with the cursors it mints', () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = paginate(items, cursor, 2);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(items);
  });

  it.each([
    ['nope'],
    [7],
    [Buffer.from('o:-1').toString('base64url')],
    [Buffer.from('o:1.5').toString('base64url')],
  ])('refuses the cursor %j with -32602', (cursor) => {
    expect(() => paginate(items, cursor, 2)).toThrow(
      expect.objectContaining({ code: -32602 }),
    );
  });
});
