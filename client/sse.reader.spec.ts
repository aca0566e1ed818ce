import { describe, expect, it } from '@jest/globals';
import { readSse, type SseEvent } from './sse.reader.js';

async function* chunks(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield new TextEncoder().encode(part);
}

async function all(body: AsyncIterable<Uint8Array>): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for await (const e of readSse(body)) events.push(e);
  return events;
}

describe('readSse', () => {
  it('yields each data event as it is terminated', async () => {
    expect(await all(chunks('data: {"a":1}\n\n', 'data: {"b":2}\n\n'))).toEqual(
      [
        { event: 'message', data: '{"a":1}' },
        { event: 'message', data: '{"b":2}' },
      ],
    );
  });

  it('joins events split across chunks, including inside a UTF-8 sequence', async () => {
    const bytes = new TextEncoder().encode('data: {"t":"é"}\n\n');
    const split = bytes.indexOf(0xc3) + 1;
    async function* twoParts() {
      yield bytes.slice(0, split);
      yield bytes.slice(split);
    }
    expect(await all(twoParts())).toEqual([
      { event: 'message', data: '{"t":"é"}' },
    ]);
  });

  it('handles CRLF and CR line breaks, split CRLF, comments, event names and multi-line data', async () => {
    const events = await all(
      chunks(
        ': keep-alive\r',
        '\n\r\nevent: note\r\ndata: one\r\ndata:two\r',
        '\n\r',
        '\ndata: x\r\r',
      ),
    );
    expect(events).toEqual([
      { event: 'note', data: 'one\ntwo' },
      { event: 'message', data: 'x' },
    ]);
  });

  it('drops an unterminated last event and events without data', async () => {
    expect(await all(chunks('event: empty\n\n', 'data: partial'))).toEqual([]);
  });
});
