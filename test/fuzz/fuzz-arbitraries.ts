import fc from 'fast-check';
import type { FuzzRequest } from './server-model.js';
import { LOG_LEVELS } from '../../src/protocol/protocol.constants.js';

/** Input schema properties of a tool, enough to aim arguments at it. */
export interface ToolShape {
  readonly name: string;
  readonly properties: Readonly<
    Record<string, { type?: unknown; maxLength?: number }>
  >;
}

const VERSION_KEY = 'io.modelcontextprotocol/protocolVersion';
const CAPS_KEY = 'io.modelcontextprotocol/clientCapabilities';
const LEVEL_KEY = 'io.modelcontextprotocol/logLevel';
const LEVELS = [...LOG_LEVELS];

/** Any text: full Unicode (no lone surrogates), control characters included. */
const text = (maxLength = 40) =>
  fc.oneof(
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: 'binary-ascii', maxLength }),
    fc.string({ unit: 'grapheme', maxLength }),
  );
const anyJson = (maxDepth = 3) => fc.jsonValue({ maxDepth });
/** JSON values that are not of `type` (for wrong-type mutations). */
const notA = (type: 'string' | 'object' | 'number' | 'id') =>
  anyJson(2).filter((v) => {
    if (type === 'string') return typeof v !== 'string';
    if (type === 'number') return typeof v !== 'number';
    if (type === 'id') return typeof v !== 'string' && typeof v !== 'number';
    return typeof v !== 'object' || v === null || Array.isArray(v);
  });

const method = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.constantFrom('tools/call', 'tools/list', 'server/discover'),
  },
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      'prompts/list',
      'prompts/get',
      'resources/list',
      'resources/templates/list',
      'resources/read',
      'completion/complete',
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'subscriptions/listen',
      'initialize',
      'ping',
      'logging/setLevel',
    ),
  },
  // The tasks extension (SEP-2663): its three methods and the two it removed.
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'tasks/get',
      'tasks/update',
      'tasks/cancel',
      'tasks/result',
      'tasks/list',
    ),
  },
  // Names that are also properties of every JS object: lookups keyed by client input must not find them.
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'constructor',
      '__proto__',
      'toString',
      'hasOwnProperty',
      'valueOf',
      'TOOLS/CALL',
      'tools/list ',
    ),
  },
  { weight: 2, arbitrary: text(60) },
  { weight: 1, arbitrary: fc.string({ minLength: 300, maxLength: 3000 }) },
);

const id = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.oneof(
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      text(40),
    ),
  },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: notA('id') },
);

const bogusMetaKeys = fc
  .dictionary(
    fc.oneof(
      text(20),
      fc.constantFrom(
        'progressToken',
        'traceparent',
        'tracestate',
        'baggage',
        'io.modelcontextprotocol/clientInfo',
        'io.modelcontextprotocol/subscriptionId',
        'io.mcp/x',
        '__proto__',
        'constructor',
      ),
    ),
    anyJson(3),
    { maxKeys: 4 },
  )
  .filter(
    (extra) =>
      !(VERSION_KEY in extra) && !(CAPS_KEY in extra) && !(LEVEL_KEY in extra),
  );

const meta = fc.oneof(
  {
    weight: 10,
    arbitrary: fc
      .tuple(
        bogusMetaKeys,
        fc.option(fc.constantFrom(...LEVELS), { nil: undefined }),
        fc.option(
          fc.oneof(
            anyJson(2),
            // Declares the tasks extension, so tasks/* get past the capability gate.
            fc.constant({
              extensions: { 'io.modelcontextprotocol/tasks': {} },
            }),
          ),
          { nil: undefined },
        ),
      )
      .map(([extra, level, caps]) => ({
        ...extra,
        [VERSION_KEY]: '2026-07-28',
        [CAPS_KEY]:
          caps !== null && typeof caps === 'object' && !Array.isArray(caps)
            ? caps
            : {},
        ...(level ? { [LEVEL_KEY]: level } : {}),
      })),
  },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: notA('object') },
  // One required or typed field broken at a time.
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom(VERSION_KEY, CAPS_KEY, LEVEL_KEY),
        fc.oneof(
          fc.constant(undefined),
          anyJson(2),
          fc.constantFrom('2025-11-25', '2026-07-29', 'v999.0.0', '', 'DEBUG'),
        ),
      )
      .map(([key, value]) => {
        const base: Record<string, unknown> = {
          [VERSION_KEY]: '2026-07-28',
          [CAPS_KEY]: {},
        };
        if (value === undefined) delete base[key];
        else base[key] = value;
        return base;
      }),
  },
);

function argumentsFor(tools: readonly ToolShape[]) {
  const valueOf = (schema: { type?: unknown; maxLength?: number }) =>
    schema.type === 'integer'
      ? fc.oneof(fc.integer({ min: -10, max: 60_000 }), fc.integer())
      : schema.type === 'string'
        ? text(Math.min(schema.maxLength ?? 200, 200))
        : anyJson(2);
  const aimed = (tool: ToolShape) =>
    fc
      .tuple(
        fc.record(
          Object.fromEntries(
            Object.entries(tool.properties).map(([key, schema]) => [
              key,
              fc.oneof(
                { weight: 4, arbitrary: valueOf(schema) },
                { weight: 1, arbitrary: anyJson(2) },
              ),
            ]),
          ),
          { requiredKeys: [] },
        ),
        fc.option(fc.dictionary(text(10), anyJson(2), { maxKeys: 2 }), {
          nil: undefined,
          freq: 5,
        }),
      )
      .map(([args, extra]) => ({ ...extra, ...args }));
  return fc.oneof(
    {
      weight: 6,
      arbitrary: tools.length ? fc.oneof(...tools.map(aimed)) : fc.constant({}),
    },
    { weight: 1, arbitrary: fc.constantFrom(undefined, null) },
    { weight: 1, arbitrary: anyJson(3) },
  );
}

const cursor = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: text(30) },
  { weight: 1, arbitrary: notA('string') },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(
        'o:-1',
        'o:9999',
        'o:1.5',
        'o:abc',
        'o:0',
        'o:',
        'o:1e400',
        'x:1',
        '',
      )
      .map((c) => Buffer.from(c).toString('base64url')),
  },
);

/** What the server offers, read from its list methods at the start of a run. */
export interface Surface {
  readonly tools: readonly ToolShape[];
  readonly prompts: readonly {
    readonly name: string;
    readonly arguments: readonly string[];
  }[];
  /** Concrete resource URIs, and templates with their `{variables}`. */
  readonly uris: readonly string[];
  readonly templates: readonly string[];
}

/** Mostly one of `known`, else any text. */
const knownOrText = (known: readonly string[]) =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: known.length ? fc.constantFrom(...known) : text(20),
    },
    { weight: 1, arbitrary: text(30) },
  );
/** Mostly one of `known`, else any text or any non-string. */
const orText = (known: readonly string[]) =>
  fc.oneof(
    { weight: 7, arbitrary: knownOrText(known) },
    { weight: 1, arbitrary: notA('string') },
  );

/** `prompts/get` and `completion/complete` parameters aimed at the real prompts and templates. */
function promptAndCompletionParams(surface: Surface) {
  const promptNames = surface.prompts.map((p) => p.name);
  const argNames = [
    ...new Set(surface.prompts.flatMap((p) => p.arguments)),
    'topic',
  ];
  const promptArgs = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.dictionary(
        knownOrText(argNames),
        fc.oneof(
          { weight: 4, arbitrary: text(60) },
          { weight: 1, arbitrary: anyJson(1) },
        ),
        { maxKeys: 3 },
      ),
    },
    { weight: 1, arbitrary: anyJson(2) },
  );
  const ref = fc.oneof(
    {
      weight: 3,
      arbitrary: orText(promptNames).map((name) => ({
        type: 'ref/prompt',
        name,
      })),
    },
    {
      weight: 3,
      arbitrary: orText(surface.templates).map((uri) => ({
        type: 'ref/resource',
        uri,
      })),
    },
    { weight: 1, arbitrary: anyJson(2) },
  );
  const argument = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        name: orText(argNames),
        value: fc.oneof(text(30), notA('string')),
      }),
    },
    { weight: 1, arbitrary: anyJson(2) },
  );
  const context = fc.option(
    fc.oneof(
      fc.record({
        arguments: fc.dictionary(text(10), fc.oneof(text(20), anyJson(1)), {
          maxKeys: 2,
        }),
      }),
      anyJson(2),
    ),
    {
      nil: undefined,
      freq: 3,
    },
  );
  return {
    promptName: orText(promptNames),
    promptArgs,
    ref,
    argument,
    context,
  };
}

/** `resources/read` URIs: listed ones, templates filled with any text, and anything else. */
function resourceUri(surface: Surface) {
  const filled = surface.templates.length
    ? fc
        .tuple(fc.constantFrom(...surface.templates), text(30))
        .map(([t, v]) => t.replace(/\{[^}]*\}/g, v))
    : text(30);
  return fc.oneof(
    { weight: 3, arbitrary: orText(surface.uris) },
    { weight: 3, arbitrary: filled },
  );
}

const LIST_METHODS = new Set([
  'tools/list',
  'prompts/list',
  'resources/list',
  'resources/templates/list',
]);

/** A JSON-RPC message aimed at some stage of the pipeline, as a plain object. */
function message(surface: Surface) {
  const names = surface.tools.map((t) => t.name);
  const pc = promptAndCompletionParams(surface);
  return fc
    .record(
      {
        jsonrpc: fc.oneof(
          { weight: 20, arbitrary: fc.constant('2.0') },
          { weight: 1, arbitrary: fc.option(anyJson(1), { nil: undefined }) },
        ),
        id,
        method: fc.oneof(
          { weight: 30, arbitrary: method },
          { weight: 1, arbitrary: notA('string') },
        ),
        meta,
        name: fc.oneof(
          {
            weight: 8,
            arbitrary: names.length
              ? fc.constantFrom(...names)
              : fc.constant('echo'),
          },
          { weight: 1, arbitrary: text(30) },
          {
            weight: 1,
            arbitrary: fc.constantFrom(
              undefined,
              'ECHO',
              'echo ',
              'hasOwnProperty',
              '__proto__',
            ),
          },
          { weight: 1, arbitrary: notA('string') },
        ),
        args: argumentsFor(surface.tools),
        cursor,
        notifications: fc.oneof(
          fc.constant({ toolsListChanged: true }),
          anyJson(2),
        ),
        uri: fc.option(resourceUri(surface), { nil: undefined, freq: 8 }),
        promptName: pc.promptName,
        promptArgs: fc.option(pc.promptArgs, { nil: undefined, freq: 6 }),
        ref: pc.ref,
        argument: pc.argument,
        context: pc.context,
        mrtr: fc.option(
          fc.record(
            {
              inputResponses: anyJson(2),
              requestState: fc.option(text(60), { nil: undefined }),
            },
            { requiredKeys: [] },
          ),
          { nil: undefined, freq: 12 },
        ),
        extraParams: fc.option(
          fc.dictionary(text(10), anyJson(2), { maxKeys: 2 }),
          { nil: undefined, freq: 6 },
        ),
        paramsShape: fc.oneof(
          { weight: 30, arbitrary: fc.constant('object' as const) },
          {
            weight: 1,
            arbitrary: fc.constantFrom(
              'absent' as const,
              'null' as const,
              'wrong' as const,
            ),
          },
        ),
        wrongParams: notA('object'),
      },
      {
        requiredKeys: [
          'jsonrpc',
          'id',
          'method',
          'meta',
          'name',
          'args',
          'cursor',
          'notifications',
          'promptName',
          'ref',
          'argument',
          'paramsShape',
          'wrongParams',
        ],
      },
    )
    .map((m) => {
      const params: Record<string, unknown> = { ...m.extraParams };
      if (m.meta !== undefined) params._meta = m.meta;
      const mrtr =
        m.method === 'tools/call' ||
        m.method === 'prompts/get' ||
        m.method === 'resources/read';
      if (mrtr && m.mrtr) Object.assign(params, m.mrtr);
      if (m.method === 'tools/call') {
        if (m.name !== undefined) params.name = m.name;
        if (m.args !== undefined) params.arguments = m.args;
      }
      if (m.method === 'prompts/get') {
        params.name = m.promptName;
        if (m.promptArgs !== undefined) params.arguments = m.promptArgs;
      }
      if (m.method === 'resources/read' && m.uri !== undefined)
        params.uri = m.uri;
      if (m.method === 'completion/complete') {
        params.ref = m.ref;
        params.argument = m.argument;
        if (m.context !== undefined) params.context = m.context;
      }
      if (
        typeof m.method === 'string' &&
        LIST_METHODS.has(m.method) &&
        m.cursor !== undefined
      )
        params.cursor = m.cursor;
      if (m.method === 'subscriptions/listen')
        params.notifications = m.notifications;
      if (m.method === 'logging/setLevel') params.level = m.name;
      if (m.method === 'initialize') params.protocolVersion = '2025-11-25';
      // Hostile task ids: tool names, random text, non-strings (no task exists on this server).
      if (
        m.method === 'tasks/get' ||
        m.method === 'tasks/update' ||
        m.method === 'tasks/cancel'
      ) {
        if (m.name !== undefined) params.taskId = m.name;
        if (m.method === 'tasks/update')
          params.inputResponses = m.mrtr?.inputResponses ?? {};
      }
      const msg: Record<string, unknown> = {
        jsonrpc: m.jsonrpc,
        method: m.method,
      };
      if (m.id !== undefined) msg.id = m.id;
      if (m.paramsShape === 'object') msg.params = params;
      else if (m.paramsShape === 'null') msg.params = null;
      else if (m.paramsShape === 'wrong') msg.params = m.wrongParams;
      return msg;
    });
}

/** Is `value` safe to send verbatim in a header (visible ASCII, no surrounding blanks)? */
function plain(value: string): boolean {
  return (
    /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(value) &&
    !value.startsWith('=?')
  );
}

/**
 * Header value a compliant client sends for `value`: base64 when not plain ASCII
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#value-encoding).
 */
export function encodeHeader(value: string): string {
  return plain(value)
    ? value
    : `=?base64?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

/**
 * The headers a compliant client derives from `msg`
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#request-metadata).
 */
function compliantHeaders(
  msg: Record<string, unknown>,
): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Accept: 'application/json, text/event-stream',
  };
  const params = (typeof msg.params === 'object' && msg.params) || {};
  const metaVersion = (params as { _meta?: Record<string, unknown> })._meta?.[
    VERSION_KEY
  ];
  headers['MCP-Protocol-Version'] =
    typeof metaVersion === 'string' && plain(metaVersion)
      ? metaVersion
      : '2026-07-28';
  if (typeof msg.method === 'string' && plain(msg.method))
    headers['Mcp-Method'] = msg.method;
  const target =
    (params as Record<string, unknown>).name ??
    (params as Record<string, unknown>).uri ??
    (params as Record<string, unknown>).taskId;
  if (typeof target === 'string' && msg.method !== 'logging/setLevel')
    headers['Mcp-Name'] = encodeHeader(target);
  return headers;
}

/** Header names and values that are valid HTTP but mean nothing to MCP, or that Node must refuse. */
const headerName = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      'Mcp-Param-Region',
      'Mcp-Param-X',
      'X-Fuzz',
      'Traceparent',
      'Mcp-Session-Id',
      'Last-Event-ID',
      'Accept',
    ),
  },
  {
    weight: 2,
    arbitrary: fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,20}$/),
  },
  {
    weight: 1,
    arbitrary: text(12).filter(
      (s) => s.length > 0 && !/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(s),
    ),
  },
);
/** Header values as the server sees them: bytes read as Latin-1, so non-Latin-1 text arrives as its UTF-8 bytes. */
const headerValueArb = text(40).map((v) =>
  Buffer.from(v, 'utf8').toString('latin1'),
);

type Headers = Record<string, string | string[]>;
const STANDARD = [
  'MCP-Protocol-Version',
  'Mcp-Method',
  'Mcp-Name',
  'Accept',
  'Content-Type',
];

const headerMutation = fc.oneof(
  { weight: 12, arbitrary: fc.constant((h: Headers) => h) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(...STANDARD)
      .map((name) => (h: Headers) => omit(h, name)),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom(...STANDARD), headerValueArb)
      .map(([name, value]) => (h: Headers) => ({ ...h, [name]: value })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...STANDARD), headerValueArb)
      .map(([name, value]) => (h: Headers) => {
        const current = h[name];
        return current === undefined
          ? h
          : { ...h, [name]: [...[current].flat(), value] };
      }),
  },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.tuple(headerName, headerValueArb), {
        minLength: 1,
        maxLength: 3,
      })
      .map((extra) => (h: Headers) => {
        const out = { ...h };
        for (const [name, value] of extra)
          if (!STANDARD.some((s) => s.toLowerCase() === name.toLowerCase()))
            out[name] = value;
        return out;
      }),
  },
  {
    weight: 1,
    arbitrary: fc
      .oneof(
        fc.constantFrom(
          'null',
          'https://evil.example',
          'http://localhost:3000',
          'http://127.0.0.1',
          'file://',
        ),
        headerValueArb,
      )
      .map((origin) => (h: Headers) => ({ ...h, Origin: origin })),
  },
);

function omit(h: Headers, name: string): Headers {
  const { [name]: _dropped, ...rest } = h;
  return rest;
}

const bodyMutation = fc.oneof(
  { weight: 14, arbitrary: fc.constant((b: string) => b) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(' ', '\n\t', '\r\n')
      .map((ws) => (b: string) => `${ws}${b}${ws}`),
  },
  {
    weight: 1,
    arbitrary: fc
      .nat()
      .map((n) => (b: string) => b.slice(0, n % Math.max(1, b.length))),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.nat(),
        fc.constantFrom('"', '{', '}', ',', ':', '\\', '\u0000', '\uFEFF', 'x'),
      )
      .map(([n, c]) => (b: string) => {
        const at = n % (b.length + 1);
        return b.slice(0, at) + c + b.slice(at);
      }),
  },
  { weight: 1, arbitrary: fc.constant((b: string) => `\uFEFF${b}`) },
  {
    weight: 1,
    arbitrary: fc.constant((b: string) =>
      b.replace(/"id":[^,}]*/, '"id":1e400'),
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constant((b: string) =>
      b.replace(/^\{/, '{"jsonrpc":"2.0","jsonrpc":"1.0",'),
    ),
  },
  { weight: 1, arbitrary: anyJson(4).map((v) => () => JSON.stringify(v)) },
  { weight: 1, arbitrary: text(200).map((t) => () => t) },
);

/**
 * A whole request aimed at the MCP pipeline: a message with every envelope, `_meta`, name,
 * argument and cursor field sometimes of the wrong type, the headers a compliant client would
 * derive from it, then mutations of those headers and of the serialized body.
 */
export function pipelineRequest(surface: Surface): fc.Arbitrary<FuzzRequest> {
  return fc
    .tuple(message(surface), headerMutation, bodyMutation)
    .map(([msg, mutateHeaders, mutateBody]) => {
      const headers = mutateHeaders(compliantHeaders(msg));
      const raw = Object.entries(headers).some(
        ([name, value]) =>
          !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) ||
          [value].flat().some((v) => /[^\t\x20-\x7e\x80-\xff]/.test(v)),
      );
      // What the server decodes: a mutation that split a surrogate pair arrives as U+FFFD.
      const body = Buffer.from(
        mutateBody(JSON.stringify(msg)),
        'utf8',
      ).toString('utf8');
      return { headers, body, raw };
    });
}

/**
 * Requests whose size or depth is the point: strings around the body limit and nesting around the
 * depth limit, in `_meta`, in arguments and in the id.
 */
export function sizeRequest(
  maxBodyBytes: number,
  maxDepth: number,
): fc.Arbitrary<FuzzRequest> {
  const deep = fc
    .tuple(
      fc.integer({ min: 1, max: maxDepth + 20 }),
      fc.constantFrom('[', '{"a":'),
    )
    .map(([depth, open]) => {
      const close = open === '[' ? ']' : '}';
      return `${open.repeat(depth)}1${close.repeat(depth)}`;
    });
  const big = fc
    .integer({ min: maxBodyBytes - 400, max: maxBodyBytes + 400 })
    .map((n) => JSON.stringify('x'.repeat(Math.max(0, n))));
  const where = fc.constantFrom('meta', 'arguments', 'id');
  return fc.tuple(fc.oneof(deep, big), where).map(([value, at]) => {
    const meta = `{"${VERSION_KEY}":"2026-07-28","${CAPS_KEY}":{}${at === 'meta' ? `,"pad":${value}` : ''}}`;
    const args =
      at === 'arguments' ? `{"message":${value}}` : '{"message":"hi"}';
    const idText = at === 'id' ? value : '7';
    const body = `{"jsonrpc":"2.0","id":${idText},"method":"tools/call","params":{"name":"echo","arguments":${args},"_meta":${meta}}}`;
    const headers = {
      'Content-Type': 'application/json',
      'MCP-Protocol-Version': '2026-07-28',
      'Mcp-Method': 'tools/call',
      'Mcp-Name': 'echo',
    };
    return { headers, body };
  });
}

/** A request whose HTTP framing is the point, written byte-exact. */
export interface FramingCase {
  readonly label: string;
  /** The request head up to and including the blank line; `HOST` is replaced by the real host. */
  readonly head: string;
  readonly body: Buffer;
  /** `model`: the framing is fine, so the model predicts the answer from `modelBody`. */
  readonly expect:
    'model' | 'malformed' | 'header-too-large' | 'forbidden' | 'any';
  readonly modelBody: string;
}

/**
 * HTTP framing that disagrees with the body or breaks the grammar: Content-Length too short, too
 * long, invalid or repeated; chunked bodies, broken chunks, both framings at once; oversized,
 * folded and NUL-bearing headers; odd request lines; `Expect: 100-continue`.
 */
export function framingRequest(
  maxHeaderBytes: number,
): fc.Arbitrary<FramingCase> {
  const json = JSON.stringify({
    jsonrpc: '2.0',
    id: 3,
    method: 'tools/call',
    params: {
      name: 'echo',
      arguments: { message: 'framing' },
      _meta: { [VERSION_KEY]: '2026-07-28', [CAPS_KEY]: {} },
    },
  });
  const body = Buffer.from(json);
  const std =
    'Content-Type: application/json\r\nMCP-Protocol-Version: 2026-07-28\r\nMcp-Method: tools/call\r\nMcp-Name: echo\r\n';
  const line = 'POST /mcp HTTP/1.1\r\nHost: HOST\r\n';
  const chunked = (b: Buffer, size = b.length.toString(16)) =>
    Buffer.concat([
      Buffer.from(`${size}\r\n`),
      b,
      Buffer.from('\r\n0\r\n\r\n'),
    ]);
  const cases: fc.Arbitrary<FramingCase>[] = [
    fc.integer({ min: 1, max: body.length - 1 }).map((n) => ({
      label: 'Content-Length shorter than the body',
      head: `${line}${std}Content-Length: ${n}\r\n\r\n`,
      body,
      expect: 'model' as const,
      modelBody: body.subarray(0, n).toString(),
    })),
    fc.integer({ min: 1, max: 5000 }).map((extra) => ({
      label: 'Content-Length longer than the body, then EOF',
      head: `${line}${std}Content-Length: ${body.length + extra}\r\n\r\n`,
      body,
      expect: 'malformed' as const,
      modelBody: '',
    })),
    fc
      .constantFrom(
        'abc',
        '-1',
        '1.5',
        `${body.length}x`,
        `${body.length}, ${body.length + 1}`,
        '99999999999999999999',
      )
      .map((cl) => ({
        label: `invalid Content-Length ${cl}`,
        head: `${line}${std}Content-Length: ${cl}\r\n\r\n`,
        body,
        expect: 'malformed' as const,
        modelBody: '',
      })),
    fc.constant({
      label: 'two different Content-Length headers',
      head: `${line}${std}Content-Length: ${body.length}\r\nContent-Length: ${body.length - 1}\r\n\r\n`,
      body,
      expect: 'malformed' as const,
      modelBody: '',
    }),
    fc.constant({
      label: 'chunked body',
      head: `${line}${std}Transfer-Encoding: chunked\r\n\r\n`,
      body: chunked(body),
      expect: 'model' as const,
      modelBody: json,
    }),
    fc.constantFrom('zz', '-5', '1ffffffffffffffff', '').map((size) => ({
      label: `broken chunk size ${JSON.stringify(size)}`,
      head: `${line}${std}Transfer-Encoding: chunked\r\n\r\n`,
      body: chunked(body, size),
      expect: 'malformed' as const,
      modelBody: '',
    })),
    fc.constant({
      label: 'both Transfer-Encoding and Content-Length',
      head: `${line}${std}Transfer-Encoding: chunked\r\nContent-Length: ${body.length}\r\n\r\n`,
      body: chunked(body),
      expect: 'malformed' as const,
      modelBody: '',
    }),
    fc
      .integer({ min: maxHeaderBytes, max: maxHeaderBytes * 4 })
      .map((size) => ({
        label: `a ${size}-byte header`,
        head: `${line}${std}X-Big: ${'a'.repeat(size)}\r\nContent-Length: ${body.length}\r\n\r\n`,
        body,
        expect: 'header-too-large' as const,
        modelBody: '',
      })),
    fc.integer({ min: 200, max: 2000 }).map((count) => ({
      label: `${count} small headers`,
      head: `${line}${std}${Array.from({ length: count }, (_, i) => `X-H${i}: v\r\n`).join('')}Content-Length: ${body.length}\r\n\r\n`,
      body,
      expect: 'any' as const,
      modelBody: '',
    })),
    fc
      .constantFrom(
        `${line}${std} folded: continuation\r\n`,
        `${line}${std}X-Nul: a\u0000b\r\n`,
        `${line}${std}X Space: v\r\n`,
        `${line}${std}: empty-name\r\n`,
        `POST /mcp\u0000 HTTP/1.1\r\nHost: HOST\r\n${std}`,
        `post /mcp HTTP/1.1\r\nHost: HOST\r\n${std}`,
        `POST /mcp HTTP/2.0\r\nHost: HOST\r\n${std}`,
        `POST  /mcp  HTTP/1.1\r\nHost: HOST\r\n${std}`,
        `POST /mcp HTTP/1.1\n${std.replace(/\r\n/g, '\n')}`,
      )
      .map((head) => ({
        label: `malformed head ${JSON.stringify(head.slice(0, 40))}`,
        head: `${head}Content-Length: ${body.length}\r\n\r\n`,
        body,
        expect: 'any' as const,
        modelBody: '',
      })),
    fc
      .constantFrom(
        `POST /mcp?x=1 HTTP/1.1\r\nHost: HOST\r\n${std}`,
        `POST /mcp HTTP/1.1\r\nHost: HOST\r\nExpect: 100-continue\r\n${std}`,
        `POST /mcp HTTP/1.1\r\nHost: HOST\r\nConnection: keep-alive, Upgrade\r\nUpgrade: websocket\r\n${std}`,
      )
      .map((head) => ({
        label: `well-framed variant ${JSON.stringify(head.slice(0, 60))}`,
        head: `${head}Content-Length: ${body.length}\r\n\r\n`,
        body,
        expect: 'model' as const,
        modelBody: json,
      })),
    fc
      .constantFrom(
        `POST /mcp HTTP/1.0\r\n${std}`,
        `POST /mcp HTTP/1.1\r\n${std}`,
        `POST /mcp HTTP/1.1\r\nHost: evil.example\r\n${std}`,
      )
      .map((head) => ({
        label: `missing or foreign Host ${JSON.stringify(head.slice(0, 50))}`,
        head: `${head}Content-Length: ${body.length}\r\n\r\n`,
        body,
        expect: 'forbidden' as const,
        modelBody: '',
      })),
  ];
  return fc.oneof(...cases);
}

const B64URL =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const b64json = (value: unknown) =>
  Buffer.from(JSON.stringify(value)).toString('base64url');
const unb64json = (segment: string): Record<string, unknown> => {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return {};
  }
};

/**
 * Turns a genuine handle (a signed token, or a Redis id) into a forgery: flipped, truncated or
 * padded characters, a rewritten payload under the old signature, `alg: none`, a signature made
 * with another key, spare base64 bits changed, made-up ids, oversized strings.
 */
export function forgedHandle(): fc.Arbitrary<
  (genuine: string) => Promise<string>
> {
  const sync = (f: (g: string) => string) => async (g: string) => f(g);
  return fc.oneof(
    fc.tuple(fc.nat(), fc.constantFrom(...B64URL)).map(([n, c]) =>
      sync((g) => {
        const at = n % g.length;
        return (
          g.slice(0, at) +
          (g[at] === c ? (c === 'A' ? 'B' : 'A') : c) +
          g.slice(at + 1)
        );
      }),
    ),
    fc.nat().map((n) => sync((g) => g.slice(0, n % g.length))),
    fc
      .constantFrom(
        ' ',
        '\n',
        '.',
        '..',
        'A',
        '=',
        '\u00e9',
        '\u{1F600}',
        '\u0000',
      )
      .map((x) => sync((g) => g + x)),
    fc.constantFrom(' ', '\t').map((x) => sync((g) => x + g)),
    // Rewrite the claims but keep the old signature.
    fc.integer().map((total) =>
      sync((g) => {
        const [h, p, sig] = g.split('.');
        if (sig === undefined) return `${g}${total}`;
        const claims = unb64json(p);
        return `${h}.${b64json({ ...claims, st: { total, calls: 1 }, exp: 4_102_444_800 })}.${sig}`;
      }),
    ),
    // No signature at all.
    fc.constant(
      sync((g) => {
        const [, p] = g.split('.');
        return `${b64json({ alg: 'none', typ: 'mcp-handle+jwt', kid: 'test1' })}.${p ?? b64json({})}.`;
      }),
    ),
    // A valid HS256 signature, but with a key the server does not have.
    fc
      .uint8Array({ minLength: 32, maxLength: 32 })
      .map((key) => async (g: string) => {
        const { CompactSign } = await import('jose');
        const claims = unb64json(g.split('.')[1] ?? '');
        return new CompactSign(
          Buffer.from(
            JSON.stringify({ ...claims, st: { total: 1e9, calls: 1 } }),
          ),
        )
          .setProtectedHeader({
            alg: 'HS256',
            kid: 'test1',
            typ: 'mcp-handle+jwt',
          })
          .sign(key);
      }),
    // Spare bits of the last base64url character: the same bytes, a different string.
    fc.constant(
      sync((g) => {
        const last = B64URL.indexOf(g.at(-1)!);
        return last < 0 ? `${g}x` : g.slice(0, -1) + B64URL[last ^ 1];
      }),
    ),
    fc
      .oneof(
        fc.uuid(),
        fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
        fc.stringMatching(
          /^[A-Za-z0-9_-]{10,40}\.[A-Za-z0-9_-]{10,80}\.[A-Za-z0-9_-]{43}$/,
        ),
      )
      .map((made) => sync(() => made)),
    fc
      .integer({ min: 4000, max: 9000 })
      .map((n) => sync((g) => g.repeat(Math.ceil(n / g.length)).slice(0, n))),
    text(80).map((t) => sync(() => t)),
  );
}
