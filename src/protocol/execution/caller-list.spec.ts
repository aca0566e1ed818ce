import { describe, expect, it } from '@jest/globals';
import type { McpPrincipal } from '../auth/mcp-authenticator.interface.js';
import { AccessRule } from './access-rule.js';
import { ListedFor, RequireScopes } from './access.decorators.js';
import type { BoundHandler } from './bound-handler.js';
import { CallerList, type Listable } from './caller-list.js';

class Plain {
  run(): void {}
}
class Admin {
  @RequireScopes('admin')
  run(): void {}
}
class NotForBob {
  @ListedFor((p) => p?.subject !== 'bob')
  run(): void {}
}

const entry = (name: string, instance: object): Listable<string> => ({
  descriptor: name,
  bound: { access: AccessRule.of(instance, 'run') } as BoundHandler,
});
const who = (subject: string, scopes: string[] = []): McpPrincipal => ({
  subject,
  scopes,
  claims: {},
});

describe(CallerList.name, () => {
  it('gives every caller the one frozen array when nothing is restricted', () => {
    const list = new CallerList([
      entry('a', new Plain()),
      entry('b', new Plain()),
    ]);
    expect(list.restricted).toBe(false);
    expect(list.all()).toEqual(['a', 'b']);
    expect(Object.isFrozen(list.all())).toBe(true);
    expect(list.for(who('bob'))).toBe(list.all());
    expect(list.for(undefined)).toBe(list.all());
  });

  it('leaves out, in order, what a caller may not see', () => {
    const list = new CallerList([
      entry('a', new Plain()),
      entry('admin', new Admin()),
      entry('c', new NotForBob()),
    ]);
    expect(list.restricted).toBe(true);
    expect(list.all()).toEqual(['a', 'admin', 'c']);
    expect(list.for(undefined)).toEqual(['a', 'c']);
    expect(list.for(who('bob', ['admin']))).toEqual(['a', 'admin']);
    expect(list.for(who('carol', ['admin']))).toEqual(['a', 'admin', 'c']);
  });
});
