// The dashboard under a burst of log lines, in headless Chromium against a fake server (see
// fake-server.mjs): the time until the burst's last line is shown, against a burst of 1/100 the
// size measured in the same browser, and the first load of / against its 500 KB gzip budget.
// Run it through bench/dashboard-log-burst, which builds the dashboard first when needed.
//
//   node bench/dashboard/log-burst.mjs [--lines 10000] [--repeat 3] [--json]
//
// Exit codes: 0 figures printed (the budget is reported, not enforced); 1 the last line never
// appeared within 60 s, or the log held as many rows as lines (not virtualised); 2 bad usage.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { chromiumLaunchOptions } from "../../dashboard/e2e/chromium.mjs";
import { startFakeServer } from "./fake-server.mjs";
import { firstLoad, readApp, SERVER_GZIP_LEVEL } from "./first-load.mjs";
import {
  burstProbe,
  firstLoadTransfer,
  usedHeapBytes,
} from "./page-probes.mjs";

const DASHBOARD = fileURLToPath(new URL("../../dashboard/", import.meta.url));
const { chromium } = createRequire(`${DASHBOARD}package.json`)(
  "playwright-core",
);

const BUDGET_BYTES = 500_000;
const TIMEOUT_MILLIS = 60_000;
const MIB = 1024 * 1024;

const options = parseOptions();
const app = readApp(`${DASHBOARD}dist/app`);
const load = firstLoad(app);
const server = await startFakeServer(app);
const browser = await chromium.launch(
  chromiumLaunchOptions(["--enable-precise-memory-info"]),
);

let exitCode = 0;
try {
  const referenceLines = Math.max(1, Math.round(options.lines / 100));
  console.error(
    `dashboard-log-burst: ${options.lines} lines against ${referenceLines}, ` +
      `${options.repeat} times each after one warm-up; Chromium ${browser.version()}`,
  );
  await measure(referenceLines, "warm-up");
  const bursts = [];
  const references = [];
  for (let round = 1; round <= options.repeat; round++) {
    references.push(await measure(referenceLines, `reference ${round}`));
    bursts.push(await measure(options.lines, `burst ${round}`));
  }
  const burst = medians(bursts);
  const reference = medians(references);
  const report = summary(burst, reference, referenceLines, bursts, references);
  printTable(report);
  if (options.json) {
    console.log(JSON.stringify(report));
  }
  if (!report.pass.virtualised) {
    const most = Math.max(...bursts.map((m) => m.rows));
    console.error(
      `dashboard-log-burst: ${most} rows for ${options.lines} lines: not virtualised`,
    );
    exitCode = 1;
  }
} catch (error) {
  console.error(
    `dashboard-log-burst: ${error instanceof Error ? error.message : String(error)}`,
  );
  exitCode = 1;
} finally {
  await browser.close();
  await server.close();
}
process.exit(exitCode);

/** One fresh tab on a fresh run: load /, follow the run, then the burst of `lines`. */
async function measure(lines, label) {
  const run = server.newRun(lines);
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  try {
    await page.goto(`${server.url}/`);
    // Nothing names the run: the dashboard finds it by polling GET /v1/test-runs?status=running.
    await page.waitForFunction(
      (seq) =>
        document.querySelector(
          `[data-testid="live-log"] [data-seq="${seq}"]`,
        ) !== null,
      run.firstSeq,
      { timeout: 30_000 },
    );
    await page.waitForTimeout(500); // the load's own work done, as before a user's burst
    const transfer = await page.evaluate(firstLoadTransfer);
    const cdp = await context.newCDPSession(page);
    const heap = async () => {
      await cdp.send("HeapProfiler.collectGarbage");
      return page.evaluate(usedHeapBytes);
    };
    const heapBefore = await heap();
    const result = await page.evaluate(burstProbe, {
      lastSeq: run.lastSeq,
      trigger: `/_bench/burst/${encodeURIComponent(run.id)}`,
      timeoutMillis: TIMEOUT_MILLIS,
    });
    if (result.paintedMillis === null) {
      const count = await page
        .getByTestId("live-log")
        .getAttribute("data-count");
      throw new Error(
        `${label}: line ${run.lastSeq} not shown within ${TIMEOUT_MILLIS / 1000} s ` +
          `(the log holds ${count} lines${errors.length > 0 ? `; page errors: ${errors.join("; ")}` : ""})`,
      );
    }
    const heapAfter = await heap();
    const figures = {
      ...result,
      heapMib: heapAfter / MIB,
      heapGrowthMib: (heapAfter - heapBefore) / MIB,
      transferBytes: transfer.encodedBytes,
      transferFiles: transfer.files,
      pageErrors: errors.length,
    };
    console.error(
      `  ${label.padEnd(12)} ${String(lines).padStart(6)} lines: shown ${fixed(figures.paintedMillis)} ms, ` +
        `longest task ${fixed(figures.longestTaskMillis)} ms, frame gap ${fixed(figures.longestFrameGapMillis)} ms, ` +
        `${figures.rows} rows, heap ${fixed(figures.heapMib, 1)} MiB` +
        (figures.scrolledToBottom
          ? ", scrolled to the bottom by the probe"
          : "") +
        (errors.length > 0 ? `, page errors: ${errors.join("; ")}` : ""),
    );
    return figures;
  } finally {
    server.finish(run);
    await context.close();
  }
}

function summary(burst, reference, referenceLines, bursts, references) {
  const extraLines = options.lines - referenceLines;
  return {
    bench: "dashboard-log-burst",
    lines: options.lines,
    reference_lines: referenceLines,
    repeat: options.repeat,
    chromium: browser.version(),
    burst: snake(burst),
    reference: snake(reference),
    ratio: round(burst.paintedMillis / reference.paintedMillis, 2),
    per_line_micros: round(
      ((burst.paintedMillis - reference.paintedMillis) * 1000) / extraLines,
      2,
    ),
    first_load: {
      files: load.files.map((f) => f.path),
      gzip9_bytes: load.gzip9Bytes,
      gzip_server_level_bytes: load.gzipServerBytes,
      in_browser_bytes: burst.transferBytes,
      budget_bytes: BUDGET_BYTES,
    },
    pass: {
      last_line_shown: true,
      virtualised: bursts.every((m) => m.rows < options.lines),
      first_load_budget:
        load.gzipServerBytes <= BUDGET_BYTES && load.gzip9Bytes <= BUDGET_BYTES,
      followed_without_scrolling: ![...bursts, ...references].some(
        (m) => m.scrolledToBottom,
      ),
    },
    unexpected_requests: [...server.unexpected].sort(),
    runs: { burst: bursts.map(snake), reference: references.map(snake) },
  };
}

function printTable(report) {
  const b = report.burst;
  const r = report.reference;
  const row = (name, burst, reference, unit = "") => {
    const ratio =
      typeof burst === "number" &&
      typeof reference === "number" &&
      reference > 0
        ? `${fixed(burst / reference, 2)}x`
        : "";
    console.log(
      `${name.padEnd(30)} ${cell(burst, unit).padStart(14)} ${cell(reference, unit).padStart(14)} ${ratio.padStart(9)}`,
    );
  };
  console.log();
  console.log(
    `medians of ${report.repeat} runs each, times from the burst's request (ms)`,
  );
  console.log(
    `${"figure".padEnd(30)} ${`${report.lines} lines`.padStart(14)} ${`${report.reference_lines} lines`.padStart(14)} ${"ratio".padStart(9)}`,
  );
  row("last line in the DOM", b.in_dom_millis, r.in_dom_millis, " ms");
  row("last line painted", b.painted_millis, r.painted_millis, " ms");
  row("every line in the store", b.stored_millis, r.stored_millis, " ms");
  row(
    b.long_tasks_supported ? "longest task (longtask)" : "longest task (n/a)",
    b.longest_task_millis,
    r.longest_task_millis,
    " ms",
  );
  row("long tasks (>= 50 ms)", b.long_tasks, r.long_tasks);
  row(
    "longest frame gap",
    b.longest_frame_gap_millis,
    r.longest_frame_gap_millis,
    " ms",
  );
  row("log re-renders in the burst", b.log_updates, r.log_updates);
  row("scroll to top and back", b.scroll_millis, r.scroll_millis, " ms");
  row("rows in the log (DOM)", b.rows, r.rows);
  row("elements in the page", b.elements, r.elements);
  row("JS heap after GC", b.heap_mib, r.heap_mib, " MiB");
  row("JS heap growth in burst", b.heap_growth_mib, r.heap_growth_mib, " MiB");
  console.log();
  console.log(
    `per extra line: ${fixed(report.per_line_micros, 1)} µs ` +
      `((painted ${report.lines} - painted ${report.reference_lines}) / ${report.lines - report.reference_lines})`,
  );
  const f = report.first_load;
  const kb = (bytes) => `${fixed(bytes / 1000, 1)} KB`;
  console.log(
    `first load of /: ${kb(f.gzip9_bytes)} gzip -9, ${kb(f.gzip_server_level_bytes)} at the server's ` +
      `level ${SERVER_GZIP_LEVEL}, ${kb(f.in_browser_bytes)} measured in the browser ` +
      `(${f.files.length} files); budget ${kb(f.budget_bytes)}: ${report.pass.first_load_budget ? "PASS" : "MISS"}`,
  );
  console.log(
    `virtualised (rows < lines): ${report.pass.virtualised ? "PASS" : "FAIL"}; ` +
      `followed the tail by itself: ${report.pass.followed_without_scrolling ? "yes" : "NO (the probe scrolled)"}`,
  );
  if (report.unexpected_requests.length > 0) {
    console.log(
      `requests the fake server does not know: ${report.unexpected_requests.join(", ")}`,
    );
  }
}

function medians(measurements) {
  const out = {};
  for (const [key, value] of Object.entries(measurements[0])) {
    if (typeof value === "number") {
      const sorted = measurements.map((m) => m[key]).sort((a, b) => a - b);
      const middle = Math.floor(sorted.length / 2);
      out[key] =
        sorted.length % 2 === 1
          ? sorted[middle]
          : (sorted[middle - 1] + sorted[middle]) / 2;
    } else {
      out[key] = value;
    }
  }
  out.scrolledToBottom = measurements.some((m) => m.scrolledToBottom);
  return out;
}

function snake(figures) {
  return Object.fromEntries(
    Object.entries(figures).map(([key, value]) => [
      key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
      typeof value === "number" ? round(value, 2) : value,
    ]),
  );
}

function cell(value, unit) {
  if (value === null || value === undefined) {
    return "–";
  }
  return Number.isInteger(value)
    ? `${value}${unit}`
    : `${fixed(value, 1)}${unit}`;
}

function fixed(value, digits = 0) {
  return value.toFixed(digits);
}

function round(value, digits) {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

function parseOptions() {
  const usage =
    "usage: bench/dashboard-log-burst [--lines 10000] [--repeat 3] [--json]";
  try {
    const { values } = parseArgs({
      options: {
        lines: { type: "string", default: "10000" },
        repeat: { type: "string", default: "3" },
        json: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
    });
    if (values.help) {
      console.log(usage);
      process.exit(0);
    }
    const lines = Number(values.lines);
    const repeat = Number(values.repeat);
    if (
      !Number.isSafeInteger(lines) ||
      lines < 100 ||
      !Number.isSafeInteger(repeat) ||
      repeat < 1
    ) {
      throw new Error(
        "--lines must be a whole number >= 100 and --repeat >= 1",
      );
    }
    return { lines, repeat, json: values.json };
  } catch (error) {
    console.error(
      `${error instanceof Error ? error.message : String(error)}\n${usage}`,
    );
    process.exit(2);
  }
}
