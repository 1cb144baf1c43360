// A stand-in for the TestOps server, just enough for the dashboard to follow one running run: it
// serves the built dashboard (gzip -9, as the real server gzips its first load) and answers the
// calls the dashboard makes while following a run (src/lib/api.ts, features/run-control/activeRun.ts,
// features/followed-run/, features/history/). Each run's event stream sends a few ordinary events,
// then holds until the benchmark asks for its burst of log events.
//
// Event data has the shapes RunExecutor emits; frames are written as SseSession writes them.
// Anything else the dashboard asks for is answered 404 problem+json and listed in `unexpected`, so
// a dashboard that starts calling something new shows up in the benchmark's output.
import { createServer } from "node:http";
import { once } from "node:events";
import { extname } from "node:path";
import { gzipSync } from "node:zlib";

const PHASES = ["engine-check", "sim", "replay"];
const TITLES = {
  "engine-check": "Engine Check",
  sim: "SIM Batch",
  replay: "Replay",
};
const TYPES = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".css": "text/css",
};
/** Events per write of the burst: about 60 KB. */
const EVENTS_PER_WRITE = 500;

/**
 * Starts the server on 127.0.0.1 and a free port.
 *
 * @param {Map<string, Buffer>} app the built dashboard by path, from readApp
 * @returns {Promise<{url: string, newRun: (lines: number) => object, finish: (run: object) => void,
 *   unexpected: Set<string>, close: () => Promise<void>}>}
 */
export async function startFakeServer(app) {
  const files = new Map();
  const runs = new Map();
  const unexpected = new Set();

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://bench");
    const path = url.pathname;
    const get = req.method === "GET";
    let match;
    if (get && (path === "/" || path.startsWith("/assets/"))) {
      serveFile(req, res, path === "/" ? "/index.html" : path);
    } else if (get && path === "/v1/test-runs") {
      json(res, 200, runPage([...runs.values()].reverse(), url.searchParams));
    } else if (
      get &&
      (match = /^\/v1\/test-runs\/([^/]+)\/events$/.exec(path))
    ) {
      const run = runs.get(decodeURIComponent(match[1]));
      const after = Number(
        url.searchParams.get("last_event_id") ??
          req.headers["last-event-id"] ??
          0,
      );
      run === undefined
        ? notFound(res, "no such run")
        : stream(run, after, res);
    } else if (get && (match = /^\/v1\/test-runs\/([^/]+)$/.exec(path))) {
      const run = runs.get(decodeURIComponent(match[1]));
      run === undefined
        ? notFound(res, "no such run")
        : json(res, 200, runJson(run));
    } else if (get && (match = /^\/tests\/result\/([^/]+)$/.exec(path))) {
      const run = runs.get(decodeURIComponent(match[1]));
      run === undefined
        ? notFound(res, "no such run")
        : json(res, 200, { run_id: run.id, status: run.status, artifacts: [] });
    } else if (get && /^\/v1\/reports\/[^/]+$/.test(path)) {
      notFound(res, "the report is not written yet");
    } else if (
      req.method === "POST" &&
      (match = /^\/_bench\/burst\/([^/]+)$/.exec(path))
    ) {
      const run = runs.get(decodeURIComponent(match[1]));
      run === undefined
        ? notFound(res, "no such run")
        : (burst(run), res.writeHead(204).end());
    } else {
      unexpected.add(`${req.method} ${path}`);
      notFound(res, "not faked by the benchmark");
    }
  });

  function serveFile(req, res, path) {
    let entry = files.get(path);
    if (entry === undefined) {
      const raw = app.get(path);
      if (raw === undefined) {
        return notFound(res, "no such file");
      }
      entry = {
        raw,
        gzip: gzipSync(raw, { level: 9 }),
        type: TYPES[extname(path)],
      };
      files.set(path, entry);
    }
    const gzip = /\bgzip\b/.test(req.headers["accept-encoding"] ?? "");
    const body = gzip ? entry.gzip : entry.raw;
    res.writeHead(200, {
      "Content-Type": entry.type ?? "application/octet-stream",
      ...(gzip ? { "Content-Encoding": "gzip" } : {}),
      "Content-Length": body.length,
      "Cache-Control": "no-cache",
    });
    res.end(body);
  }

  /** Sends the run's events after `after`, then whatever the run adds, until the client leaves. */
  function stream(run, after, res) {
    res.writeHead(200, {
      "Content-Type": "text/event-stream",
      "Cache-Control": "no-cache",
      "X-Accel-Buffering": "no",
    });
    res.socket?.setNoDelay(true);
    res.write(`retry: 3000\n\n${run.frames.slice(after).join("")}`);
    run.clients.add(res);
    res.on("close", () => run.clients.delete(res));
  }

  /** Appends the run's burst to its events and writes it to every open stream, in large writes. */
  function burst(run) {
    if (run.burstSent) {
      return;
    }
    run.burstSent = true;
    const writes = run.burst;
    run.frames.push(...run.burstFrames);
    for (const res of run.clients) {
      void (async () => {
        for (const chunk of writes) {
          if (!res.write(chunk)) {
            await drainedOrClosed(res);
          }
          if (res.destroyed) {
            return;
          }
        }
      })();
    }
  }

  /** Registers a running run whose burst holds `lines` log events. */
  function newRun(lines) {
    const id = `bench-${String(runs.size + 1).padStart(4, "0")}`;
    const now = new Date().toISOString();
    const frames = [];
    const add = (type, data) => {
      frames.push(
        `id: ${frames.length + 1}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`,
      );
    };
    add("run", { status: "running", progress: 0 });
    add("phase", {
      phase: "engine-check",
      title: TITLES["engine-check"],
      status: "running",
      progress: 0,
    });
    add("log", {
      phase: "engine-check",
      level: "info",
      message: "engine toron: 3 probes",
    });
    add("progress", {
      phase: "engine-check",
      phase_progress: 100,
      progress: 33,
    });
    add("metric", {
      phase: "engine-check",
      figures: { probes: 3, deterministic: true },
      name: "summary",
    });
    add("phase", {
      phase: "engine-check",
      title: TITLES["engine-check"],
      status: "passed",
      progress: 33,
    });
    add("phase", {
      phase: "sim",
      title: TITLES.sim,
      status: "running",
      progress: 33,
    });
    const firstSeq = frames.length;
    const burstFrames = [];
    for (let i = 1; i <= lines; i++) {
      const data = {
        phase: "sim",
        level: "info",
        message: `line ${i} of ${lines}`,
      };
      burstFrames.push(
        `id: ${firstSeq + i}\nevent: log\ndata: ${JSON.stringify(data)}\n\n`,
      );
    }
    const burst = [];
    for (let i = 0; i < burstFrames.length; i += EVENTS_PER_WRITE) {
      burst.push(burstFrames.slice(i, i + EVENTS_PER_WRITE).join(""));
    }
    const run = {
      id,
      status: "running",
      createdAt: now,
      frames,
      burstFrames,
      burst,
      burstSent: false,
      clients: new Set(),
      /** The sequence number of the last line before the burst, and of the burst's last line. */
      firstSeq,
      lastSeq: firstSeq + lines,
    };
    runs.set(id, run);
    return run;
  }

  /** Ends a measured run: it no longer shows as running, and its streams close. */
  function finish(run) {
    run.status = "cancelled";
    for (const res of run.clients) {
      res.end();
    }
  }

  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    newRun,
    finish,
    unexpected,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}

function drainedOrClosed(res) {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

function runJson(run) {
  const phases = PHASES.map((name, index) => ({
    name,
    status: index === 0 ? "passed" : index === 1 ? "running" : "pending",
    progress: index === 0 ? 100 : 0,
    started_at: index <= 1 ? run.createdAt : null,
    finished_at: index === 0 ? run.createdAt : null,
    summary: {},
  }));
  return {
    id: run.id,
    status: run.status,
    progress: 33,
    suite: "full",
    phases,
    created_at: run.createdAt,
    started_at: run.createdAt,
    finished_at: null,
    reason: null,
  };
}

function runPage(runs, query) {
  const status = query.get("status");
  const page = Number(query.get("page") ?? 0);
  const size = Number(query.get("size") ?? 20);
  const matching = runs.filter(
    (run) => status === null || run.status === status,
  );
  return {
    items: matching.slice(page * size, (page + 1) * size).map(runJson),
    page,
    size,
    total: matching.length,
  };
}

function json(res, status, body) {
  res
    .writeHead(status, { "Content-Type": "application/json" })
    .end(JSON.stringify(body));
}

function notFound(res, detail) {
  res.writeHead(404, { "Content-Type": "application/problem+json" });
  res.end(
    JSON.stringify({
      type: "about:blank",
      title: "Not Found",
      status: 404,
      detail,
    }),
  );
}
