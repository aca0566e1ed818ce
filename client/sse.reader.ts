/** One server-sent event: its `event` type (default `message`) and its joined `data` lines. */
export interface SseEvent {
  event: string;
  data: string;
}

/**
 * Parses a `text/event-stream` body (WHATWG HTML §9.2.6) into events as they arrive. Comment lines
 * (`: keep-alive`,
 * https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#receiving-messages)
 * are skipped; an event is dispatched on the blank line that ends it, and an unterminated last
 * event is dropped, as the standard says.
 */
export async function* readSse(
  body: AsyncIterable<Uint8Array>,
): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  const parser = new SseParser();
  for await (const chunk of body) {
    yield* parser.push(decoder.decode(chunk, { stream: true }), false);
  }
  yield* parser.push(decoder.decode(), true);
}

/** Incremental `text/event-stream` parser: splits text into lines (LF, CRLF or CR) and folds them into events. */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';

  /** Feeds decoded text; `final` marks the end of the stream (a trailing CR then ends a line). */
  *push(text: string, final: boolean): Generator<SseEvent> {
    this.buffer += text;
    let end: number;
    while ((end = this.buffer.search(/[\r\n]/)) >= 0) {
      // A CR at the end of what has arrived may be the first half of a CRLF: wait for more.
      if (this.buffer[end] === '\r' && end + 1 === this.buffer.length && !final)
        return;
      const breakLength = this.buffer.startsWith('\r\n', end) ? 2 : 1;
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + breakLength);
      const event = this.line(line);
      if (event) yield event;
    }
  }

  private line(line: string): SseEvent | undefined {
    if (line === '') {
      const event =
        this.data.length > 0
          ? { event: this.event || 'message', data: this.data.join('\n') }
          : undefined;
      this.data = [];
      this.event = '';
      return event;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    return undefined;
  }
}
