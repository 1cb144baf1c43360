/**
 * A parser of the text/event-stream format for streams read with fetch (used when requests need
 * an Authorization header, which EventSource cannot send). Feed it chunks; it returns complete
 * events. Comments (": keep-alive") and retry fields are skipped.
 */

export interface SseMessage {
  id: string;
  event: string;
  data: string;
}

export function createSseParser(): (chunk: string) => SseMessage[] {
  let buffer = '';
  let id = '';
  let event = '';
  let data: string[] = [];
  return (chunk) => {
    buffer += chunk;
    const out: SseMessage[] = [];
    let newline = buffer.search(/\r\n|\r|\n/);
    // A CR at the end may be the first half of a CRLF: wait for the next chunk to tell.
    while (newline >= 0 && !(newline === buffer.length - 1 && buffer.endsWith('\r'))) {
      const line = buffer.slice(0, newline);
      const width = buffer.startsWith('\r\n', newline) ? 2 : 1;
      buffer = buffer.slice(newline + width);
      if (line === '') {
        if (data.length > 0) {
          out.push({ id, event: event === '' ? 'message' : event, data: data.join('\n') });
        }
        event = '';
        data = [];
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) {
          value = value.slice(1);
        }
        if (field === 'id') {
          id = value;
        } else if (field === 'event') {
          event = value;
        } else if (field === 'data') {
          data.push(value);
        }
      }
      newline = buffer.search(/\r\n|\r|\n/);
    }
    return out;
  };
}
