import { describe, expect, it, jest } from '@jest/globals';
import type { McpPrincipal } from '../auth/mcp-authenticator.interface.js';
import { AccessRule, type ScopeRefusal } from './access-rule.js';
import { ListedFor, RequireScopes } from './access.decorators.js';

const caller = (scopes: string[], subject = 'u'): McpPrincipal => ({
  subject,
  scopes,
  claims: {},
});

class Open {
  run(): void {}
}

@RequireScopes('reports.read')
@ListedFor((p) => p?.subject !== 'banned')
class Restricted {
  @RequireScopes('reports.write', 'reports.read')
  run(): void {}

  other(): void {}
}

describe(AccessRule.name, () => {
  it('is OPEN for a handler that declares nothing: everyone sees and calls it', () => {
    const rule = AccessRule.of(new Open(), 'run');
    expect(rule).toBe(AccessRule.OPEN);
    expect(rule.restricted).toBe(false);
    expect(rule.lists(undefined)).toBe(true);
  });

  it('merges the scopes of class and method, once each', () => {
    expect(AccessRule.of(new Restricted(), 'run').scopes).toEqual([
      'reports.read',
      'reports.write',
    ]);
    expect(AccessRule.of(new Restricted(), 'other').scopes).toEqual([
      'reports.read',
    ]);
  });

  it('lists the handler only to callers with every scope whom every predicate accepts', () => {
    const rule = AccessRule.of(new Restricted(), 'run');
    expect(rule.restricted).toBe(true);
    expect(rule.lists(caller(['reports.read', 'reports.write']))).toBe(true);
    expect(rule.lists(caller(['reports.read']))).toBe(false);
    expect(rule.lists(undefined)).toBe(false);
    expect(
      rule.lists(caller(['reports.read', 'reports.write'], 'banned')),
    ).toBe(false);
  });

  it('enforces scopes with the refusal it is given, naming the scopes required', () => {
    const rule = AccessRule.of(new Restricted(), 'run');
    const refusal = new Error('step up');
    const refuse = jest.fn<ScopeRefusal>(() => refusal);
    const headers = { host: 'h' };
    expect(() =>
      rule.enforce({ principal: caller(['reports.read']), headers }, refuse),
    ).toThrow(refusal);
    expect(refuse).toHaveBeenCalledWith(headers, [
      'reports.read',
      'reports.write',
    ]);
    expect(() =>
      rule.enforce(
        { principal: caller(['reports.write', 'reports.read']), headers },
        refuse,
      ),
    ).not.toThrow();
  });

  it('enforces nothing for a rule of predicates alone (they are for lists)', () => {
    class Listed {
      @ListedFor(() => false)
      run(): void {}
    }
    const rule = AccessRule.of(new Listed(), 'run');
    expect(rule.lists(caller([]))).toBe(false);
    expect(() =>
      rule.enforce({ headers: {} }, () => new Error('refused')),
    ).not.toThrow();
  });

  it('fails the boot naming the class for a declaration that can never work', () => {
    class NoScope {
      @RequireScopes()
      run(): void {}
    }
    class BadScope {
      @RequireScopes('reports write')
      run(): void {}
    }
    @ListedFor('admins' as never)
    class NotAFunction {
      run(): void {}
    }
    expect(() => AccessRule.of(new NoScope(), 'run')).toThrow(
      'NoScope.run: @RequireScopes needs at least one scope',
    );
    expect(() => AccessRule.of(new BadScope(), 'run')).toThrow(
      'BadScope.run: @RequireScopes takes scope tokens (RFC 6749 §3.3)',
    );
    expect(() => AccessRule.of(new NotAFunction(), 'run')).toThrow(
      'NotAFunction.run: @ListedFor takes a function of the caller',
    );
  });
});
