import { describe, expect, it } from '@jest/globals';
import { CallToolResultSchema } from '@modelcontextprotocol/core';
import { Content } from './content.js';
import type { ContentBlock } from './content.types.js';
import { ToolResult } from './tool-result.js';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0x00]);
const ANNOTATIONS = {
  audience: ['user' as const],
  priority: 0.9,
  lastModified: '2025-05-03T14:30:00Z',
};

/** The wire `CallToolResult` the invoker sends for a `ToolResult` (see tool.invoker.ts). */
function wire(result: ToolResult<unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { content: result.content };
  if (result.structuredContent !== undefined)
    out.structuredContent = result.structuredContent;
  if (result.isError) out.isError = true;
  return out;
}

/**
 * Checked against the official SDK's 2026-07-28 `CallToolResult` schema (its objects strip what
 * the spec does not define, so parsing back to an equal value means every field is the spec's).
 */
function expectSpecShaped(result: ToolResult<unknown>): void {
  const sent = JSON.parse(JSON.stringify(wire(result))) as unknown;
  expect(CallToolResultSchema.parse(sent)).toEqual(sent);
}

describe('the spec check these tests rely on', () => {
  it.each([
    ['an image without mimeType', { type: 'image', data: 'AA==' }],
    ['a field the spec does not define', { type: 'text', text: 'a', tone: 1 }],
    ['a resource link without name', { type: 'resource_link', uri: 'a:b' }],
  ])('fails on %s', (_what, block) => {
    expect(() =>
      expectSpecShaped(new ToolResult([block as unknown as ContentBlock])),
    ).toThrow();
  });
});

describe('Content', () => {
  it.each<[string, ContentBlock, object]>([
    ['text', Content.text('hi'), { type: 'text', text: 'hi' }],
    [
      'text with annotations and _meta',
      Content.text('hi', { annotations: ANNOTATIONS, _meta: { k: 1 } }),
      { type: 'text', text: 'hi', annotations: ANNOTATIONS, _meta: { k: 1 } },
    ],
    [
      'image from bytes',
      Content.image(PNG, 'image/png', { annotations: { priority: 0.5 } }),
      {
        type: 'image',
        data: Buffer.from(PNG).toString('base64'),
        mimeType: 'image/png',
        annotations: { priority: 0.5 },
      },
    ],
    [
      'image from base64',
      Content.image('iVBORw==', 'image/png'),
      { type: 'image', data: 'iVBORw==', mimeType: 'image/png' },
    ],
    [
      'audio',
      Content.audio(Uint8Array.from([1, 2, 3]), 'audio/wav'),
      { type: 'audio', data: 'AQID', mimeType: 'audio/wav' },
    ],
    [
      'resource link',
      Content.resourceLink({
        uri: 'file:///project/src/main.rs',
        name: 'main.rs',
        description: 'Primary application entry point',
        mimeType: 'text/x-rust',
        size: 42,
        title: undefined,
        annotations: ANNOTATIONS,
        icons: [{ src: 'https://example.com/rs.png', mimeType: 'image/png' }],
      }),
      {
        type: 'resource_link',
        uri: 'file:///project/src/main.rs',
        name: 'main.rs',
        description: 'Primary application entry point',
        mimeType: 'text/x-rust',
        size: 42,
        annotations: ANNOTATIONS,
        icons: [{ src: 'https://example.com/rs.png', mimeType: 'image/png' }],
      },
    ],
    [
      'embedded text resource',
      Content.resource(
        { uri: 'file:///a.txt', mimeType: 'text/plain', text: 'A' },
        { annotations: ANNOTATIONS },
      ),
      {
        type: 'resource',
        resource: { uri: 'file:///a.txt', mimeType: 'text/plain', text: 'A' },
        annotations: ANNOTATIONS,
      },
    ],
    [
      'embedded blob resource',
      Content.resource({
        uri: 'file:///logo.png',
        mimeType: 'image/png',
        blob: PNG,
        _meta: { source: 'disk' },
      }),
      {
        type: 'resource',
        resource: {
          uri: 'file:///logo.png',
          mimeType: 'image/png',
          blob: Buffer.from(PNG).toString('base64'),
          _meta: { source: 'disk' },
        },
      },
    ],
  ])(
    'builds %s in its wire shape, valid against the spec',
    (_what, block, expected) => {
      expect(block).toEqual(expected);
      expect(Object.keys(block)).toEqual(Object.keys(expected));
      expectSpecShaped(ToolResult.of(block));
    },
  );

  it('encodes a view on part of a buffer, not the whole buffer', () => {
    const whole = Uint8Array.from([9, 9, 1, 2, 3, 9]);
    expect(Content.image(whole.subarray(2, 5), 'image/png').data).toBe('AQID');
  });
});

describe(ToolResult.name, () => {
  it('text: one text block per string', () => {
    const result = ToolResult.text('a', 'b');
    expect(wire(result)).toEqual({
      content: [
        { type: 'text', text: 'a' },
        { type: 'text', text: 'b' },
      ],
    });
    expectSpecShaped(result);
  });

  it('of: the blocks given, in order', () => {
    const result = ToolResult.of(
      Content.text('see'),
      Content.image(PNG, 'image/png'),
      Content.resourceLink({ uri: 'facts://mcp', name: 'mcp' }),
    );
    expect(result.content.map((b) => b.type)).toEqual([
      'text',
      'image',
      'resource_link',
    ]);
    expect(result.isError).toBe(false);
    expectSpecShaped(result);
  });

  it('structured: the value as structuredContent, mirrored as JSON text first, then extra blocks', () => {
    const result = ToolResult.structured(
      { temperature: 22.5, conditions: 'Partly cloudy' },
      Content.image(PNG, 'image/png'),
    );
    expect(wire(result)).toEqual({
      content: [
        {
          type: 'text',
          text: '{"temperature":22.5,"conditions":"Partly cloudy"}',
        },
        {
          type: 'image',
          data: Buffer.from(PNG).toString('base64'),
          mimeType: 'image/png',
        },
      ],
      structuredContent: { temperature: 22.5, conditions: 'Partly cloudy' },
    });
    expectSpecShaped(result);
  });

  it('structured: any JSON value, arrays and primitives included (SEP-2106)', () => {
    for (const value of [[{ id: '1' }], 'plain', 3, true, null]) {
      const result = ToolResult.structured(value);
      expect(wire(result)).toEqual({
        content: [{ type: 'text', text: JSON.stringify(value) }],
        structuredContent: value,
      });
      expectSpecShaped(result);
    }
  });

  it('error: isError, the message as text and as structuredContent.error with the details', () => {
    const result = ToolResult.error('Region is closed', { retryable: false });
    expect(wire(result)).toEqual({
      content: [{ type: 'text', text: 'Region is closed' }],
      structuredContent: {
        error: { message: 'Region is closed', retryable: false },
      },
      isError: true,
    });
    expectSpecShaped(result);
  });
});
