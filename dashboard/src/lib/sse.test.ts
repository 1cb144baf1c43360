import { describe, expect, it } from 'vitest';
import { createSseParser } from './sse';

describe('createSseParser', () => {
  it('parses events split across chunks anywhere, skipping comments and retry', () => {
    const parse = createSseParser();
    const text =
      'retry: 3000\n\nid: 1\nevent: run\ndata: {"status":"queued"}\n\n: keep-alive\n\nid: 2\r\nevent: log\r\ndata: a\r\ndata: b\r\n\r\n';

    const chars = Array.from({ length: text.length }, (_, i) => text.charAt(i));
    const messages = chars.flatMap((char) => parse(char));

    expect(messages).toEqual([
      { id: '1', event: 'run', data: '{"status":"queued"}' },
      { id: '2', event: 'log', data: 'a\nb' },
    ]);
  });

  it('keeps the last id for an event without one', () => {
    const parse = createSseParser();

    expect(parse('id: 7\ndata: x\n\ndata: y\n\n').map((m) => m.id)).toEqual(['7', '7']);
  });
});
