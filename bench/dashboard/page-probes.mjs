// Functions that run inside the dashboard page (handed to page.evaluate, so each is self-contained:
// no imports, no closures over this module). Times are performance.now() in the page, so no
// Playwright round trip is inside a measurement.

/**
 * Marks t0, asks the fake server for the burst, and times it until the burst's last line is in the
 * log; then scrolls the log to the top and back to the bottom, as a user dragging its scroll bar.
 *
 * "In the DOM" is the MutationObserver callback after the row is inserted; "painted" is a message
 * posted from the next requestAnimationFrame callback, which runs once that frame is out. The log
 * should keep to its newest line by itself; if every line is in the store (the log's data-count)
 * and the last one is still not shown 1 s later, the probe scrolls to the bottom and says so.
 *
 * @param {{lastSeq: number, trigger: string, timeoutMillis: number}} args
 * @returns {Promise<object>} times in ms from t0 (null where the line never appeared), the longest
 *   main-thread task and gap between animation frames until it was painted, how many times the log
 *   re-rendered with more lines meanwhile, the rows and elements in the page, and the time to
 *   scroll to the top and back (each until the end line is painted)
 */
export async function burstProbe({ lastSeq, trigger, timeoutMillis }) {
  const log = document.querySelector('[data-testid="live-log"]');
  const last = `[data-seq="${String(lastSeq)}"]`;
  const when = (predicate, timeout) =>
    new Promise((resolve) => {
      if (predicate()) {
        resolve(performance.now());
        return;
      }
      const observer = new MutationObserver(() => {
        if (predicate()) {
          done(performance.now());
        }
      });
      const timer = setTimeout(() => done(null), timeout);
      const done = (at) => {
        observer.disconnect();
        clearTimeout(timer);
        resolve(at);
      };
      observer.observe(log, {
        childList: true,
        subtree: true,
        attributes: true,
        attributeFilter: ["data-count"],
      });
    });
  const painted = () =>
    new Promise((resolve) => {
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now());
        channel.port2.postMessage(null);
      });
    });

  const longTasks = [];
  const longTaskObserver = PerformanceObserver.supportedEntryTypes.includes(
    "longtask",
  )
    ? new PerformanceObserver((list) => longTasks.push(...list.getEntries()))
    : null;
  longTaskObserver?.observe({ type: "longtask" });
  let framing = true;
  let lastFrame = null;
  let longestFrameGap = 0;
  const frame = (at) => {
    if (lastFrame !== null) {
      longestFrameGap = Math.max(longestFrameGap, at - lastFrame);
    }
    lastFrame = at;
    if (framing) {
      requestAnimationFrame(frame);
    }
  };

  // How often the log re-rendered with more lines before the last one was shown.
  let logUpdates = 0;
  const updates = new MutationObserver(() => {
    logUpdates++;
  });
  updates.observe(log, { attributes: true, attributeFilter: ["data-count"] });

  const t0 = performance.now();
  requestAnimationFrame(frame);
  void fetch(trigger, { method: "POST" });
  let scrolled = false;
  const stored = when(
    () => Number(log.dataset.count) >= lastSeq,
    timeoutMillis,
  );
  void stored.then(async (at) => {
    if (
      at !== null &&
      (await when(() => log.querySelector(last) !== null, 1000)) === null
    ) {
      scrolled = true;
      log.scrollTop = log.scrollHeight;
    }
  });
  const inDom = await when(
    () => log.querySelector(last) !== null,
    timeoutMillis,
  );
  const shown = inDom === null ? null : await painted();
  framing = false;
  updates.disconnect();
  const storedAt = await stored;
  const rows = log.querySelectorAll("[data-seq]").length;
  const elements = document.getElementsByTagName("*").length;

  let scrollMillis = null;
  if (shown !== null) {
    const up = performance.now();
    log.scrollTop = 0;
    const top = await when(
      () => log.querySelector('[data-seq="1"]') !== null,
      10_000,
    );
    const topShown = top === null ? null : await painted();
    const down = performance.now();
    log.scrollTop = log.scrollHeight;
    const bottom = await when(() => log.querySelector(last) !== null, 10_000);
    const bottomShown = bottom === null ? null : await painted();
    if (topShown !== null && bottomShown !== null) {
      scrollMillis = topShown - up + (bottomShown - down);
    }
  }
  longTaskObserver?.takeRecords().forEach((entry) => longTasks.push(entry));
  longTaskObserver?.disconnect();
  const during = longTasks.filter(
    (t) => t.startTime >= t0 && t.startTime < (shown ?? Infinity),
  );
  return {
    inDomMillis: inDom === null ? null : inDom - t0,
    paintedMillis: shown === null ? null : shown - t0,
    storedMillis: storedAt === null ? null : storedAt - t0,
    scrolledToBottom: scrolled,
    longTasksSupported: longTaskObserver !== null,
    longestTaskMillis: during.reduce(
      (most, t) => Math.max(most, t.duration),
      0,
    ),
    longTasks: during.length,
    longestFrameGapMillis: longestFrameGap,
    logUpdates,
    rows,
    elements,
    scrollMillis,
  };
}

/** The bytes the first load of / took on the wire: the page and its /assets/ files, bodies only. */
export function firstLoadTransfer() {
  const entries = [
    ...performance.getEntriesByType("navigation"),
    ...performance.getEntriesByType("resource"),
  ].filter((entry) => {
    const path = new URL(entry.name).pathname;
    return path === "/" || path.startsWith("/assets/");
  });
  return {
    files: entries.length,
    encodedBytes: entries.reduce(
      (sum, entry) => sum + entry.encodedBodySize,
      0,
    ),
  };
}

/** performance.memory.usedJSHeapSize (exact with --enable-precise-memory-info). */
export function usedHeapBytes() {
  return performance.memory.usedJSHeapSize;
}
