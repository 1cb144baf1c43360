/**
 * The connection to a run's event stream. Without an API token it is an EventSource; with one, a
 * fetch whose body is parsed as SSE (EventSource cannot send an Authorization header). A dropped
 * connection is retried after 3 s, then 6, 12, … up to 30 s, resuming after the last event the
 * view holds; a gap the view refuses is handled the same way. Events are handed over in batches
 * so a fast stream renders once per batch rather than once per event.
 */
import { eventsUrl } from '../../lib/api';
import { EVENT_TYPES, parseEvent, type StreamEvent } from '../../lib/events';
import { retryDelayMillis, type ConnectionState } from '../../lib/resume';
import { createSseParser } from '../../lib/sse';

const BATCH_MILLIS = 50;

export interface StreamOwner {
  /** The last sequence number the view holds. */
  lastSeq: () => number;
  /** Whether the view refused an event because one before it is missing. */
  hasGap: () => boolean;
  /** Whether the run's final event arrived. */
  ended: () => boolean;
  token: () => string | null;
  onEvents: (events: StreamEvent[]) => void;
  onState: (state: ConnectionState) => void;
}

interface Transport {
  close: () => void;
}

interface TransportHandlers {
  open: () => void;
  event: (event: StreamEvent) => void;
  /** The connection ended without the run's final event (or failed). */
  drop: () => void;
  /** The server said nothing can follow (204). */
  end: () => void;
}

/** Opens the stream of a run; returns the function that closes it for good. */
export function openStream(runId: string, owner: StreamOwner): () => void {
  let transport: Transport | null = null;
  let attempt = 0;
  let stopped = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  let pending: StreamEvent[] = [];

  const stop = (state: ConnectionState) => {
    stopped = true;
    clearTimeout(retry);
    clearTimeout(flushTimer);
    transport?.close();
    transport = null;
    owner.onState(state);
  };

  const reconnectLater = () => {
    transport?.close();
    transport = null;
    owner.onState('reconnecting');
    clearTimeout(retry);
    retry = setTimeout(connect, retryDelayMillis(attempt));
    attempt++;
  };

  /** Hands over pending events; then stops at the run's end, or resumes to fill a gap. */
  const flush = (): 'open' | 'ended' | 'gap' => {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    if (pending.length > 0) {
      const batch = pending;
      pending = [];
      owner.onEvents(batch);
    }
    if (owner.ended()) {
      stop('closed');
      return 'ended';
    }
    if (owner.hasGap()) {
      reconnectLater();
      return 'gap';
    }
    return 'open';
  };

  const handlers: TransportHandlers = {
    open: () => {
      owner.onState('live');
    },
    event: (event) => {
      if (stopped) {
        return;
      }
      attempt = 0;
      pending.push(event);
      flushTimer ??= setTimeout(flush, BATCH_MILLIS);
    },
    drop: () => {
      if (stopped) {
        return;
      }
      if (flush() === 'open') {
        reconnectLater();
      }
    },
    end: () => {
      if (!stopped) {
        flush();
        stop('closed');
      }
    },
  };

  function connect() {
    if (stopped) {
      return;
    }
    const url = eventsUrl(runId, owner.lastSeq());
    const token = owner.token();
    transport = token === null ? viaEventSource(url, handlers) : viaFetch(url, token, handlers);
  }

  connect();
  return () => {
    stop('idle');
  };
}

function viaEventSource(url: string, handlers: TransportHandlers): Transport {
  const source = new EventSource(url);
  source.onopen = handlers.open;
  for (const type of EVENT_TYPES) {
    source.addEventListener(type, (message: MessageEvent<string>) => {
      const event = parseEvent(message.lastEventId, type, message.data);
      if (event !== null) {
        handlers.event(event);
      }
    });
  }
  // EventSource would reconnect by itself every 3 s; the backoff is ours, so it is closed here.
  source.onerror = () => {
    source.close();
    handlers.drop();
  };
  return {
    close: () => {
      source.close();
    },
  };
}

function viaFetch(url: string, token: string, handlers: TransportHandlers): Transport {
  const controller = new AbortController();
  const read = async () => {
    const response = await fetch(url, {
      headers: { Accept: 'text/event-stream', Authorization: `Bearer ${token}` },
      cache: 'no-store',
      signal: controller.signal,
    });
    if (response.status === 204) {
      handlers.end();
      return;
    }
    if (!response.ok || response.body === null) {
      handlers.drop();
      return;
    }
    handlers.open();
    const parse = createSseParser();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      for (const message of parse(chunk.value)) {
        const event = parseEvent(message.id, message.event, message.data);
        if (event !== null) {
          handlers.event(event);
        }
      }
    }
    handlers.drop();
  };
  read().catch(() => {
    if (!controller.signal.aborted) {
      handlers.drop();
    }
  });
  return {
    close: () => {
      controller.abort();
    },
  };
}
