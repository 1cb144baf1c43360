// What the first load of `/` transfers: index.html and every file it pulls in at once (scripts,
// style sheets, module preloads, static imports of those scripts, url() references of those style
// sheets), each gzipped in memory. Dynamic import() chunks are left out: they load later, if ever.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/**
 * The built dashboard read into memory once, so a rebuild while the benchmark runs cannot mix two
 * builds.
 *
 * @param {string} appDir the built dashboard (dist/app)
 * @returns {Map<string, Buffer>} by path as served: /index.html, /assets/…
 */
export function readApp(appDir) {
  const app = new Map([
    ["/index.html", readFileSync(join(appDir, "index.html"))],
  ]);
  for (const name of readdirSync(join(appDir, "assets"))) {
    app.set(`/assets/${name}`, readFileSync(join(appDir, "assets", name)));
  }
  return app;
}

/** The server's gzip level: Tomcat compresses with java.util.zip's default, level 6. */
export const SERVER_GZIP_LEVEL = 6;

/**
 * The files of the first load and their sizes.
 *
 * @param {Map<string, Buffer>} app the built dashboard, from readApp
 * @returns {{files: {path: string, bytes: number, gzip9Bytes: number, gzipServerBytes: number}[],
 *   gzip9Bytes: number, gzipServerBytes: number}}
 */
export function firstLoad(app) {
  const queue = ["/index.html"];
  const seen = new Set(queue);
  const files = [];
  while (queue.length > 0) {
    const path = queue.shift();
    const bytes = app.get(path);
    if (bytes === undefined) {
      throw new Error(
        `the dashboard build has no ${path} (is it being rebuilt?)`,
      );
    }
    files.push({
      path,
      bytes: bytes.length,
      gzip9Bytes: gzipSync(bytes, { level: 9 }).length,
      gzipServerBytes: gzipSync(bytes, { level: SERVER_GZIP_LEVEL }).length,
    });
    for (const reference of references(path, bytes.toString("utf8"))) {
      if (!seen.has(reference)) {
        seen.add(reference);
        queue.push(reference);
      }
    }
  }
  const sum = (field) => files.reduce((total, file) => total + file[field], 0);
  return {
    files,
    gzip9Bytes: sum("gzip9Bytes"),
    gzipServerBytes: sum("gzipServerBytes"),
  };
}

/** The /assets/ files a file loads with it, as absolute paths. */
function references(path, text) {
  const dir = path.slice(0, path.lastIndexOf("/") + 1);
  const patterns = path.endsWith(".html")
    ? [/\b(?:src|href)="([^"]+)"/g]
    : path.endsWith(".js")
      ? [/\b(?:import|from)\s*["']([^"']+)["']/g] // not import("…"): a dynamic chunk
      : path.endsWith(".css")
        ? [/url\(\s*["']?([^"')]+)["']?\s*\)/g, /@import\s+["']([^"']+)["']/g]
        : [];
  const out = [];
  for (const pattern of patterns) {
    for (const [, target] of text.matchAll(pattern)) {
      if (/^(?:[a-z]+:|#)/i.test(target)) {
        continue; // data:, http:, fragments
      }
      const absolute = new URL(target, `http://app${dir}`).pathname;
      if (absolute.startsWith("/assets/")) {
        out.push(absolute);
      }
    }
  }
  return out;
}
