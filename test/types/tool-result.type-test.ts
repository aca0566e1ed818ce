// Type tests: content blocks and results are checked against the MCP 2026-07-28 shapes. Each
// mistake carries the code it must fail with and sits beside a control that compiles (checked by
// test/type-tests.e2e-spec.ts).
import {
  Content,
  type ContentBlock,
  type PromptMessage,
  ToolResult,
} from '../../src/index.js';

const png = new Uint8Array([0x89, 0x50]);

// Controls: every content type, with annotations where the spec has them.
export const blocks: ContentBlock[] = [
  Content.text('hello', { annotations: { audience: ['user'], priority: 1 } }),
  Content.image(png, 'image/png'),
  Content.audio('UklGRg==', 'audio/wav'),
  Content.resourceLink({
    uri: 'file:///a.rs',
    name: 'a.rs',
    mimeType: 'text/x-rust',
  }),
  Content.resource({ uri: 'file:///a.txt', text: 'A' }),
  Content.resource({ uri: 'file:///a.png', mimeType: 'image/png', blob: png }),
];
export const result = ToolResult.of(...blocks);
export const structured: ToolResult<{ n: number }> = ToolResult.structured({
  n: 1,
});

// Mistake: an image needs its MIME type.
// @ts-expect-error TS2554 — Content.image(data, mimeType)
export const noMime = Content.image(png);

// Mistake: a block literal missing a field the spec requires.
// @ts-expect-error TS2322 — an image block needs mimeType
export const literal: ContentBlock = { type: 'image', data: 'AA==' };

// Mistake: a content type the spec does not have.
export const video: ContentBlock = {
  // @ts-expect-error TS2322 — no 'video' content in 2026-07-28
  type: 'video',
  data: 'AA==',
  mimeType: 'video/mp4',
};

// Mistake: a resource link needs a name.
// @ts-expect-error TS2345 — ResourceLink.name is required
export const unnamed = Content.resourceLink({ uri: 'file:///a.rs' });

// Mistake: an annotation audience is 'user' or 'assistant'.
export const audience = Content.text('x', {
  // @ts-expect-error TS2322 — no 'system' audience
  annotations: { audience: ['system'] },
});

// Mistake: structured content typed for one shape, built from another.
// @ts-expect-error TS2322 — n is a number
export const mistyped: ToolResult<{ n: number }> = ToolResult.structured({
  n: 'one',
});

// Control and mistake: prompt messages take the same blocks.
export const message: PromptMessage = {
  role: 'user',
  content: Content.text('hi'),
};
export const badMessage: PromptMessage = {
  role: 'user',
  // @ts-expect-error TS2322 — a prompt message's content is one of the spec's blocks
  content: { type: 'text' },
};
