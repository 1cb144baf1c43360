import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { LogLine } from '../../lib/runView';

const ROW_HEIGHT = 22;

/**
 * Every event of the followed run, one line each, in sequence order. Only the visible rows are in
 * the page, so long runs stay smooth; it keeps to the newest line unless scrolled up.
 */
export function LiveLog({ lines }: { lines: readonly LogLine[] }) {
  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is meant to be called every render
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });

  useEffect(() => {
    if (pinned.current && lines.length > 0) {
      virtualizer.scrollToIndex(lines.length - 1, { align: 'end' });
    }
  }, [lines.length, virtualizer]);

  return (
    <div
      ref={scroller}
      className="live-log"
      data-testid="live-log"
      data-count={lines.length}
      role="log"
      aria-label="Live log"
      tabIndex={0}
      onScroll={(event) => {
        const el = event.currentTarget;
        pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 2;
      }}
    >
      <div className="live-log-body" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((row) => {
          const line = lines[row.index];
          if (line === undefined) {
            return null;
          }
          return (
            <div
              key={line.seq}
              className={`line type-${line.type}${line.level === null ? '' : ` level-${line.level}`}`}
              data-seq={line.seq}
              style={{ transform: `translateY(${String(row.start)}px)`, height: ROW_HEIGHT }}
              title={line.remediation === null ? line.text : `${line.text}\n→ ${line.remediation}`}
            >
              <span className="seq">{line.seq}</span>
              <span className="type">{line.level ?? line.type}</span>
              <span className="text">{line.text}</span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
