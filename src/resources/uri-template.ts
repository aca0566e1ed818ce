/** Thrown by `UriTemplate.parse` for a template outside RFC 6570 level 1. */
export class UriTemplateError extends Error {
  override readonly name = 'UriTemplateError';
}

// RFC 6570 §2.3 varname: varchar *( ["."] varchar ), varchar = ALPHA / DIGIT / "_" / pct-encoded.
const VARNAME =
  /^(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})+(?:\.(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})+)*$/;
// A level-1 expansion percent-encodes everything but unreserved characters (RFC 6570 §3.2.2), so
// a matching value is made of unreserved characters and pct-encoded octets only.
const VALUE = '((?:[A-Za-z0-9\\-._~]|%[0-9A-Fa-f]{2})+)';

/**
 * An RFC 6570 level-1 URI template (`facts://{topic}`, `test://template/{id}/data`): simple string
 * expansion only. Matching is the inverse of expansion, so `match(expand(v))` gives back `v`.
 */
export class UriTemplate {
  private constructor(
    readonly template: string,
    /** Variable names, in order of appearance. */
    readonly variables: readonly string[],
    private readonly literals: readonly string[],
    private readonly pattern: RegExp,
  ) {}

  /** @throws UriTemplateError for operators, modifiers, lists or malformed braces (levels 2–4). */
  static parse(template: string): UriTemplate {
    const variables: string[] = [];
    const literals: string[] = [];
    let source = '^';
    let rest = template;
    for (;;) {
      const open = rest.indexOf('{');
      const literal = open < 0 ? rest : rest.slice(0, open);
      if (literal.includes('}'))
        throw new UriTemplateError(`unbalanced '}' in ${template}`);
      literals.push(literal);
      source += escapeRegExp(literal);
      if (open < 0) break;
      const close = rest.indexOf('}', open);
      if (close < 0) throw new UriTemplateError(`unclosed '{' in ${template}`);
      const name = rest.slice(open + 1, close);
      if (!VARNAME.test(name)) {
        throw new UriTemplateError(
          `'{${name}}' in ${template} is not a level-1 expression ({name} only)`,
        );
      }
      if (variables.includes(name))
        throw new UriTemplateError(
          `variable '${name}' appears twice in ${template}`,
        );
      variables.push(name);
      source += VALUE;
      rest = rest.slice(close + 1);
    }
    return new UriTemplate(
      template,
      variables,
      literals,
      new RegExp(`${source}$`),
    );
  }

  /** The variables of `uri` when it matches (pct-decoded), else undefined. */
  match(uri: string): Record<string, string> | undefined {
    const m = this.pattern.exec(uri);
    if (!m) return undefined;
    const values: Record<string, string> = {};
    try {
      this.variables.forEach(
        (name, i) => (values[name] = decodeURIComponent(m[i + 1])),
      );
    } catch {
      return undefined; // pct-encoded octets that are not UTF-8
    }
    return values;
  }

  /** The URI for `values`, each percent-encoded to unreserved characters (RFC 6570 §3.2.2). */
  expand(values: Readonly<Record<string, string>>): string {
    let uri = this.literals[0];
    this.variables.forEach((name, i) => {
      uri += encodeUnreserved(values[name] ?? '') + this.literals[i + 1];
    });
    return uri;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function encodeUnreserved(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
