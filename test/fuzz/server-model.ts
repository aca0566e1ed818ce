import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { LOG_LEVELS } from '../../src/protocol/protocol.constants.js';

/** One request as the fuzzer sends it. */
export interface FuzzRequest {
  /** Header name → value(s); repeated headers as arrays. Host is added by the sender. */
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly body: string;
  /** Sent byte-exact over a raw socket (headers Node's client refuses), when set. */
  readonly raw?: boolean;
}

/** What the server must answer, as the model predicts it. */
export type Expectation =
  | {
      readonly kind: 'error';
      readonly code: number;
      readonly status: number;
      readonly id: string | number | null;
    }
  | { readonly kind: 'accepted' }
  | {
      readonly kind: 'result';
      readonly check: (result: Record<string, unknown>) => string | undefined;
    }
  | { readonly kind: 'stream' }
  /** Any well-formed answer: a JSON-RPC error or result, or 202 with no body. */
  | { readonly kind: 'any' }
  /** Any of the listed answers (the model cannot tell without reimplementing an opaque format). */
  | { readonly kind: 'either'; readonly options: readonly Expectation[] };

/** A tool as `tools/list` describes it, with validators compiled by the test's own Ajv. */
export interface ModelTool {
  readonly name: string;
  readonly validateInput: ValidateFunction;
  readonly validateOutput?: ValidateFunction;
}

const MODERN = '2026-07-28';
const LEGACY = '2025-11-25';
const META_VERSION = 'io.modelcontextprotocol/protocolVersion';
const META_CAPS = 'io.modelcontextprotocol/clientCapabilities';
const META_LEVEL = 'io.modelcontextprotocol/logLevel';
/** The spec's `LoggingLevel` values (a constant of the protocol, shared with the server). */
const LEVELS = LOG_LEVELS;
const NAME_FIELD = new Map([
  ['tools/call', 'name'],
  ['prompts/get', 'name'],
  ['resources/read', 'uri'],
  ['tasks/get', 'taskId'],
  ['tasks/update', 'taskId'],
  ['tasks/cancel', 'taskId'],
]);
/** Methods of the tasks extension (SEP-2663), modern era only. */
const TASK_METHODS = new Set(['tasks/get', 'tasks/update', 'tasks/cancel']);
/** Methods of both eras, and the item key of the list ones. */
const SHARED_METHODS = [
  'tools/call',
  'prompts/get',
  'resources/read',
  'completion/complete',
];
const LISTS: ReadonlyMap<string, string> = new Map([
  ['tools/list', 'tools'],
  ['prompts/list', 'prompts'],
  ['resources/list', 'resources'],
  ['resources/templates/list', 'resourceTemplates'],
]);
const MODERN_METHODS = new Set([
  ...SHARED_METHODS,
  ...LISTS.keys(),
  'server/discover',
  'subscriptions/listen',
  ...TASK_METHODS,
]);
const LEGACY_METHODS = new Set([
  ...SHARED_METHODS,
  ...LISTS.keys(),
  'initialize',
  'ping',
  'logging/setLevel',
]);
/**
 * Built-in tools whose arguments are references to server state: a generated one is never valid.
 */
const HANDLE_ARGUMENT: Readonly<Record<string, string>> = { tally: 'handle' };

/** Compiles `tools/list` entries the way any 2020-12 validator would. */
export function modelTools(
  tools: readonly {
    name: string;
    inputSchema: object;
    outputSchema?: object;
  }[],
): ModelTool[] {
  const ajv = new Ajv2020({ strict: false, validateFormats: false });
  ajv.addKeyword({ keyword: 'x-mcp-header', schemaType: 'string' });
  return tools.map((t) => ({
    name: t.name,
    validateInput: ajv.compile(t.inputSchema),
    validateOutput: t.outputSchema && ajv.compile(t.outputSchema),
  }));
}

/**
 * A reference model of the endpoint, written from the MCP 2026-07-28 spec (Streamable HTTP request
 * metadata and status codes, `_meta`, error codes, methods;
 * https://modelcontextprotocol.io/specification/2026-07-28) and the validation order in
 * docs/protocol.md, rather than from the server's code: given a request, what must the answer be?
 * Lenient mode, loopback listener, no auth, default limits except `maxBodyBytes`.
 */
export class ServerModel {
  private readonly tools: ReadonlyMap<string, ModelTool>;

  constructor(
    tools: readonly ModelTool[],
    private readonly maxBodyBytes: number,
    private readonly maxDepth = 64,
  ) {
    this.tools = new Map(tools.map((t) => [t.name, t]));
  }

  expect(req: FuzzRequest): Expectation {
    const h = (name: string) => header(req.headers, name);
    // §4.5 step 1: Origin (403).
    const origin = h('origin');
    if (
      origin !== undefined &&
      !/^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i.test(origin)
    ) {
      return error(-32600, 403, null);
    }
    if (Buffer.byteLength(req.body) > this.maxBodyBytes)
      return error(-32600, 413, null);
    // Step 2: JSON (-32700), nesting (-32600), JSON-RPC shape (-32600).
    let value: unknown;
    try {
      value = JSON.parse(req.body);
    } catch {
      return bracketDepth(req.body) > this.maxDepth
        ? error(-32600, 400, null)
        : error(-32700, 400, null);
    }
    if (depthOf(value) > this.maxDepth) return error(-32600, 400, null);
    if (
      !isObject(value) ||
      value.jsonrpc !== '2.0' ||
      typeof value.method !== 'string'
    )
      return error(-32600, 400, null);
    const params = value.params ?? {};
    if (!isObject(params)) return error(-32600, 400, null);
    // Step 3: notifications are acknowledged whatever they say.
    if (value.id === undefined) return { kind: 'accepted' };
    const id = value.id;
    if (
      typeof id !== 'string' &&
      !(typeof id === 'number' && Number.isFinite(id))
    )
      return error(-32600, 400, null);
    const method = value.method;
    const meta = params._meta;
    const headerVersion = h('mcp-protocol-version');
    const modern =
      headerVersion === MODERN ||
      (isObject(meta) && META_VERSION in meta) ||
      method === 'server/discover';
    return modern
      ? this.modern(req, id, method, params)
      : this.legacy(req, id, method, params);
  }

  private modern(
    req: FuzzRequest,
    id: string | number,
    method: string,
    params: Record<string, unknown>,
  ): Expectation {
    const meta = params._meta;
    // Step 4: required _meta (-32602/400); a modern-era initialize without a version names ours.
    const version = isObject(meta) ? meta[META_VERSION] : undefined;
    if (version === undefined && method === 'initialize')
      return error(-32022, 400, id);
    if (
      !isObject(meta) ||
      typeof version !== 'string' ||
      !isObject(meta[META_CAPS])
    )
      return error(-32602, 400, id);
    if (
      meta[META_LEVEL] !== undefined &&
      !LEVELS.has(meta[META_LEVEL] as string)
    )
      return error(-32602, 400, id);
    // Step 5: headers that are present must agree with the body (-32020).
    const h = (name: string) => header(req.headers, name);
    if (disagrees(h('mcp-protocol-version'), version))
      return error(-32020, 400, id);
    if (routingHeadersDisagree(req, method, params))
      return error(-32020, 400, id);
    // Step 6: version (-32022); step 7: method (-32601/404).
    if (version !== MODERN) return error(-32022, 400, id);
    if (!MODERN_METHODS.has(method)) return error(-32601, 404, id);
    return this.method(req, id, method, params, true);
  }

  private legacy(
    req: FuzzRequest,
    id: string | number,
    method: string,
    params: Record<string, unknown>,
  ): Expectation {
    if (routingHeadersDisagree(req, method, params))
      return error(-32020, 400, id);
    const version = header(req.headers, 'mcp-protocol-version');
    if (version !== undefined && version !== LEGACY)
      return error(-32022, 400, id);
    if (!LEGACY_METHODS.has(method)) return error(-32601, 404, id);
    return this.method(req, id, method, params, false);
  }

  private method(
    req: FuzzRequest,
    id: string | number,
    method: string,
    params: Record<string, unknown>,
    modern: boolean,
  ): Expectation {
    const stamped = (
      check: (r: Record<string, unknown>) => string | undefined,
    ) =>
      result((r) =>
        modern && r.resultType !== 'complete'
          ? 'resultType must be "complete"'
          : check(r),
      );
    if (TASK_METHODS.has(method)) {
      // The capability gate comes before any lookup; no task exists here, so every id is unknown.
      return declaresTasks(params)
        ? error(-32602, 200, id)
        : error(-32021, 400, id);
    }
    switch (method) {
      case 'server/discover':
        return stamped((r) =>
          Array.isArray(r.supportedVersions) && r.cacheScope
            ? undefined
            : 'not a DiscoverResult',
        );
      case 'tools/call':
        return this.call(id, params, stamped, modern);
      case 'prompts/get':
        return (
          this.forgedRetry(id, params) ??
          either(
            stamped((r) =>
              Array.isArray(r.messages) ? undefined : 'not a GetPromptResult',
            ),
            error(-32602, 200, id),
          )
        );
      case 'resources/read':
        if (this.forgedRetry(id, params)) return this.forgedRetry(id, params)!;
        if (typeof params.uri !== 'string') return error(-32602, 200, id);
        // Found, or -32602 (never empty contents,
        // https://modelcontextprotocol.io/specification/2026-07-28/server/resources#error-handling).
        return either(
          stamped((r) =>
            Array.isArray(r.contents) && r.contents.length > 0
              ? undefined
              : 'not a ReadResourceResult',
          ),
          error(-32602, 200, id),
        );
      case 'completion/complete':
        return either(
          stamped((r) => {
            const values = (r.completion as { values?: unknown } | undefined)
              ?.values;
            return Array.isArray(values) && values.length <= 100
              ? undefined
              : 'not a CompleteResult';
          }),
          error(-32602, 200, id),
        );
      case 'subscriptions/listen':
        if (!isObject(params.notifications)) return error(-32602, 200, id);
        return (header(req.headers, 'accept') ?? '').includes(
          'text/event-stream',
        )
          ? { kind: 'stream' }
          : error(-32600, 400, id);
      case 'initialize':
        return result((r) =>
          r.protocolVersion === LEGACY
            ? undefined
            : 'initialize must answer 2025-11-25',
        );
      case 'ping':
        return result((r) =>
          Object.keys(r).length === 0 ? undefined : 'ping must answer {}',
        );
      case 'logging/setLevel':
        return LEVELS.has(params.level as string)
          ? result(() => undefined)
          : error(-32602, 200, id);
      default:
        return this.list(id, params.cursor, LISTS.get(method)!, stamped);
    }
  }

  private list(
    id: string | number,
    cursor: unknown,
    key: string,
    stamped: (
      c: (r: Record<string, unknown>) => string | undefined,
    ) => Expectation,
  ): Expectation {
    const page = stamped((r) =>
      Array.isArray(r[key]) &&
      typeof r.ttlMs === 'number' &&
      typeof r.cacheScope === 'string'
        ? undefined
        : `not a ${key} list result`,
    );
    if (cursor === undefined) return page;
    // Cursors are opaque
    // (https://modelcontextprotocol.io/specification/2026-07-28/server/utilities/pagination): one
    // we never minted is -32602. A string that decodes like ours may be accepted or refused;
    // anything else must be refused.
    const looksMinted =
      typeof cursor === 'string' &&
      Buffer.from(cursor, 'base64url').toString('utf8').startsWith('o:');
    return looksMinted
      ? either(page, error(-32602, 200, id))
      : error(-32602, 200, id);
  }

  /**
   * MRTR retry fields are checked first (SEP-2322): malformed `inputResponses` are -32602, and
   * since the fuzzer never holds a real `requestState`, any it sends is forged: -32602.
   */
  private forgedRetry(
    id: string | number,
    params: Record<string, unknown>,
  ): Expectation | undefined {
    const { inputResponses, requestState } = params;
    if (
      inputResponses !== undefined &&
      (!isObject(inputResponses) ||
        !Object.values(inputResponses).every(isObject))
    ) {
      return error(-32602, 200, id);
    }
    return requestState !== undefined ? error(-32602, 200, id) : undefined;
  }

  private call(
    id: string | number,
    params: Record<string, unknown>,
    stamped: (
      c: (r: Record<string, unknown>) => string | undefined,
    ) => Expectation,
    modern: boolean,
  ): Expectation {
    const retry = this.forgedRetry(id, params);
    if (retry) return retry;
    const tool =
      typeof params.name === 'string' ? this.tools.get(params.name) : undefined;
    if (!tool) return error(-32602, 200, id);
    const args = params.arguments ?? {};
    if (!tool.validateInput(args)) {
      return stamped((r) =>
        r.isError === true && Array.isArray(r.content)
          ? undefined
          : 'invalid arguments must be an isError result',
      );
    }
    const reference = HANDLE_ARGUMENT[tool.name];
    if (
      reference !== undefined &&
      (args as Record<string, unknown>)[reference] !== undefined
    ) {
      // A handle the fuzzer made up: refused as a tool error, and not worth retrying.
      return stamped((r) => {
        const error = (
          r.structuredContent as { error?: { retryable?: unknown } } | undefined
        )?.error;
        return r.isError === true && error?.retryable === false
          ? undefined
          : `a made-up handle was not refused: ${JSON.stringify(r)}`;
      });
    }
    const completed = stamped((r) => {
      if (r.isError)
        return `valid arguments failed: ${JSON.stringify(r.content)}`;
      if (tool.validateOutput && !tool.validateOutput(r.structuredContent))
        return 'structuredContent breaks outputSchema';
      return undefined;
    });
    // A client that declares the tasks extension may get a task instead: the server decides which
    // calls run as tasks (SEP-2663), and `tools/list` does not say which tools may.
    return modern && declaresTasks(params)
      ? either(
          completed,
          result((r) =>
            r.resultType === 'task' && typeof r.taskId === 'string'
              ? undefined
              : 'not a CreateTaskResult',
          ),
        )
      : completed;
  }
}

/** The request's client capabilities declare the tasks extension. */
function declaresTasks(params: Record<string, unknown>): boolean {
  const meta = params._meta as Record<string, unknown> | undefined;
  const caps = meta?.[META_CAPS] as Record<string, unknown> | undefined;
  return (
    isObject(caps?.extensions) &&
    isObject(caps.extensions['io.modelcontextprotocol/tasks'])
  );
}

function error(
  code: number,
  status: number,
  id: string | number | null,
): Expectation {
  return { kind: 'error', code, status, id };
}

function either(...options: Expectation[]): Expectation {
  return { kind: 'either', options };
}

function result(
  check: (r: Record<string, unknown>) => string | undefined,
): Expectation {
  return { kind: 'result', check };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A header as a server reads it: case-insensitive name, repeats joined by `, `, trimmed. */
export function header(
  headers: FuzzRequest['headers'],
  name: string,
): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name)
      return (typeof value === 'string' ? value : value.join(', ')).trim();
  }
  return undefined;
}

/**
 * `Mcp-Method`, and `Mcp-Name` where the method has one, against the body
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#standard-request-headers).
 */
function routingHeadersDisagree(
  req: FuzzRequest,
  method: string,
  params: Record<string, unknown>,
): boolean {
  const field = NAME_FIELD.get(method);
  return (
    disagrees(header(req.headers, 'mcp-method'), method) ||
    (field !== undefined &&
      disagrees(decodeName(header(req.headers, 'mcp-name')), params[field]))
  );
}

/**
 * A present header must equal the body value
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#server-validation);
 * an absent one is fine in lenient mode.
 */
function disagrees(
  headerValue: string | null | undefined,
  body: unknown,
): boolean {
  return headerValue !== undefined && headerValue !== body;
}

/**
 * `=?base64?…?=` is decoded before comparing
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#server-validation);
 * broken base64 inside is `null`.
 */
function decodeName(value: string | undefined): string | null | undefined {
  const match = value === undefined ? null : /^=\?base64\?(.*)\?=$/.exec(value);
  if (!match) return value;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(match[1]) || match[1].length % 4 !== 0)
    return null;
  return Buffer.from(match[1], 'base64').toString('utf8');
}

function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let deepest = 0;
  for (const child of Object.values(value))
    deepest = Math.max(deepest, depthOf(child));
  return deepest + 1;
}

/** Bracket nesting of a text that is not valid JSON (strings skipped as far as they can be told). */
function bracketDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') max = Math.max(max, ++depth);
    else if (c === '}' || c === ']') depth--;
  }
  return max;
}
