// Browser tests of the dashboard against a running TestOps server, in headless Chromium.
//
// Environment:
//   TESTOPS_URL          the server (fresh home; its `full` suite overridden to engine-check, sim,
//                        replay with 50 users), serving the dashboard at /
//   TESTOPS_CONTROL_URL  POST ${TESTOPS_CONTROL_URL}/drop-sse closes every open event stream at
//                        once, server side; without it the drop test is skipped
//   CHROMIUM             the browser binary (default /usr/bin/chromium); none is downloaded
//   SCREENSHOT_DIR       where screenshots of the main states go (none when unset)
//   TESTOPS_TOKEN_URL    a second server (fresh home, same `full` override) that requires API
//   TESTOPS_TOKEN        tokens, and an operator token for it; without them the token test is
//                        skipped
//
// The tests run in order and share the server: the first expects it still locked.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from './chromium.mjs';

const BASE = required('TESTOPS_URL').replace(/\/$/, '');
const CONTROL = process.env.TESTOPS_CONTROL_URL?.replace(/\/$/, '') ?? null;
const SHOTS = process.env.SCREENSHOT_DIR ?? null;
const TOKEN_URL = process.env.TESTOPS_TOKEN_URL?.replace(/\/$/, '') ?? null;
const TOKEN = process.env.TESTOPS_TOKEN ?? null;
const RUN_TIMEOUT = 90_000;
/** Every engine request sleeps this long, so a 50-user run lasts long enough to drop its stream. */
const SLOW_RUN = { suite: 'full', engine_options: { fault: 'slow:30' } };

let browser;

before(async () => {
  await waitFor(
    async () => (await fetch(`${BASE}/v1/health`).catch(() => null))?.ok === true,
    `the server at ${BASE}`,
    60_000,
  );
  if (SHOTS !== null) {
    mkdirSync(SHOTS, { recursive: true });
  }
  browser = await chromium.launch(chromiumLaunchOptions());
});

after(async () => {
  await browser?.close();
});

test('locked: the run button is disabled and a wrong phrase keeps it locked', async () => {
  const page = await openDashboard();
  const run = runButton(page);
  await waitFor(async () => (await run.count()) === 1, 'the run button');
  assert.equal(await run.isDisabled(), true, 'disabled before unlocking');

  const field = page.getByLabel('Unlock', { exact: true });
  await field.fill('BEGIN TESTINGS');
  await field.press('Enter');
  const alert = page.locator('.unlock [role=alert]');
  await waitFor(async () => (await alert.count()) === 1, "the server's message");
  assert.match(await alert.textContent(), /BEGIN TESTING/);
  await page.waitForTimeout(500);
  assert.equal(await run.isDisabled(), true, 'still disabled after a wrong phrase');
  await shot(page, '01-locked');
  await page.context().close();
});

test('unlock: typing BEGIN TESTING enables the run button', async () => {
  const page = await openDashboard();
  await unlock(page);
  assert.equal(await runButton(page).isDisabled(), false);
  await shot(page, '02-unlocked');
  await page.context().close();
});

test('a full run: bubbles pass, log lines arrive in order, the button waits', async () => {
  await waitForIdleServer();
  const page = await openDashboard();
  await unlock(page);
  const run = runButton(page);
  const previous = await followedRunId(page);
  await run.click();
  assert.equal(await run.isDisabled(), true, 'disabled as soon as the run starts');
  await waitFor(async () => (await followedRunId(page)) !== previous, 'the new run followed');

  let newest = 0;
  const started = Date.now();
  let status = await runStatus(page);
  while (status !== 'passed' && status !== 'failed' && status !== 'error') {
    assert.ok(Date.now() - started < RUN_TIMEOUT, `the run did not end (status ${status})`);
    if (status === 'running' || status === 'queued') {
      assert.equal(await run.isDisabled(), true, `disabled while ${status}`);
    }
    const shown = await visibleSeqs(page);
    assert.deepEqual(
      shown,
      [...shown].sort((a, b) => a - b),
      'lines in sequence order',
    );
    assert.ok(Math.max(newest, ...shown) >= newest, 'no line went away');
    newest = Math.max(newest, ...shown);
    await page.waitForTimeout(100);
    status = await runStatus(page);
  }
  assert.equal(status, 'passed');
  for (const phase of ['engine-check', 'sim', 'replay']) {
    const bubble = page.getByTestId(`bubble-${phase}`);
    assert.equal(await bubble.getAttribute('data-status'), 'passed', phase);
  }
  assert.equal(
    await page
      .getByTestId('bubble-engine-check')
      .textContent()
      .then((t) => t.includes('Engine Check')),
    true,
  );
  const runId = await followedRunId(page);
  const seqs = await allSeqs(page);
  assertContiguous(seqs, await storedEventCount(runId));
  await waitFor(async () => !(await run.isDisabled()), 'the run button enabled after the run');
  await shot(page, '03-passed');
  await page.context().close();
});

test(
  'an SSE drop mid-run: it reconnects and resumes with no gap and no duplicate',
  {
    skip: CONTROL === null ? 'TESTOPS_CONTROL_URL is not set' : false,
  },
  async () => {
    await waitForIdleServer();
    const runId = (await api('POST', '/v1/test-runs', SLOW_RUN)).id;
    const page = await openDashboard();
    await waitFor(async () => (await followedRunId(page)) === runId, 'the new run followed');
    await waitFor(async () => (await connection(page)) === 'live', 'a live stream');
    await waitFor(async () => (await lineCount(page)) >= 5, 'some log lines');

    // A second tab, unlocked, sees the run another client started and keeps its button disabled.
    const other = await openDashboard();
    await unlock(other, { expectEnabled: false });
    await waitFor(async () => (await followedRunId(other)) === runId, 'the run followed in tab 2');
    assert.equal(await runButton(other).isDisabled(), true, 'disabled in a second tab');
    await other.reload();
    await waitFor(async () => (await followedRunId(other)) === runId, 'followed after a reload');
    assert.equal(await runButton(other).isDisabled(), true, 'disabled after a reload');
    await other.context().close();

    const before = await lineCount(page);
    const dropped = await fetch(`${CONTROL}/drop-sse`, { method: 'POST' });
    assert.ok(dropped.ok, `drop-sse answered ${dropped.status}`);
    await waitFor(
      async () => (await connection(page)) === 'reconnecting',
      'the reconnecting state',
    );
    assert.equal(await runStatus(page), 'running', 'the run outlived the drop');
    await shot(page, '04-reconnecting');
    await waitFor(async () => (await connection(page)) !== 'reconnecting', 'a reconnect', 15_000);
    await waitFor(async () => (await lineCount(page)) > before, 'lines after the reconnect');
    await waitFor(async () => isOver(await runStatus(page)), 'the end of the run', RUN_TIMEOUT);
    await waitFor(async () => (await connection(page)) === 'closed', 'the stream closed');
    assertContiguous(await allSeqs(page), await storedEventCount(runId));
    await shot(page, '05-resumed');
    await page.context().close();
  },
);

test('report and bundle: disabled until written, then downloadable', async () => {
  await waitForIdleServer();
  const runId = (await api('POST', '/v1/test-runs', SLOW_RUN)).id;
  const page = await openDashboard(`/?run=${encodeURIComponent(runId)}`);
  await waitFor(async () => (await runStatus(page)) === 'running', 'the run running');
  const report = page.getByRole('link', { name: 'Report', exact: true });
  const bundle = page.getByRole('link', { name: 'Bundle', exact: true });
  assert.equal(await report.getAttribute('aria-disabled'), 'true', 'report inert while running');
  assert.equal(await bundle.getAttribute('aria-disabled'), 'true', 'bundle inert while running');

  await waitFor(async () => isOver(await runStatus(page)), 'the end of the run', RUN_TIMEOUT);
  await waitFor(async () => (await report.getAttribute('href')) !== null, 'the Report link');
  await waitFor(async () => (await bundle.getAttribute('href')) !== null, 'the Bundle link');

  const [download] = await Promise.all([page.waitForEvent('download'), bundle.click()]);
  const bytes = readFileSync(await download.path());
  assert.deepEqual([...bytes.subarray(0, 2)], [0x1f, 0x8b], 'the bundle is gzip');

  const [tab] = await Promise.all([page.context().waitForEvent('page'), report.click()]);
  await tab.waitForLoadState('load');
  assert.match(await tab.content(), new RegExp(runId));
  await waitFor(async () => (await tab.locator('canvas').count()) > 0, 'a chart in the report');
  await waitFor(async () => drawn(tab.locator('canvas').first()), 'a chart drawn in the report');
  await shot(tab, '06-report');
  await shot(page, '07-artifacts');
  await page.context().close();
});

test('a failing run shows as failed, with its war-room entry', async () => {
  await waitForIdleServer();
  const runId = (
    await api('POST', '/v1/test-runs', {
      suite: 'smoke',
      engine_options: { fault: 'nondeterministic:0.3' },
    })
  ).id;
  const page = await openDashboard(`/?run=${encodeURIComponent(runId)}`);
  await waitFor(async () => isOver(await runStatus(page)), 'the end of the run', RUN_TIMEOUT);
  assert.equal(await runStatus(page), 'failed');
  assert.equal(await page.getByTestId('bubble-engine-check').getAttribute('data-status'), 'failed');
  const warroom = page.getByRole('region', { name: 'War room' });
  await waitFor(async () => (await warroom.count()) === 1, 'the war room');
  assert.match(await warroom.textContent(), /engine check failed|nondeterministic/i);
  await shot(page, '08-failed');
  await page.context().close();
});

test(
  'with API tokens: it asks for one, then runs, streams and opens the report with it',
  {
    skip:
      TOKEN_URL === null || TOKEN === null ? 'TESTOPS_TOKEN_URL or TESTOPS_TOKEN not set' : false,
  },
  async () => {
    const page = await openDashboard('/', TOKEN_URL);
    const field = page.getByLabel('API token', { exact: true });
    await waitFor(async () => (await field.count()) === 1, 'the token field after a 401');
    await field.fill(TOKEN);
    await page.getByRole('button', { name: 'Use token', exact: true }).click();
    await waitFor(async () => (await field.count()) === 0, 'the token accepted');
    await unlock(page);
    await runButton(page).click();
    await waitFor(async () => (await followedRunId(page)) !== null, 'the new run followed');
    await waitFor(async () => isOver(await runStatus(page)), 'the end of the run', RUN_TIMEOUT);
    assert.equal(await runStatus(page), 'passed');
    const runId = await followedRunId(page);
    // EventSource cannot send the token: the stream is read with fetch, and must still be whole.
    assertContiguous(await allSeqs(page), await storedEventCount(runId, TOKEN_URL, TOKEN));
    const report = page.getByRole('link', { name: 'Report', exact: true });
    await waitFor(async () => (await report.getAttribute('aria-disabled')) !== 'true', 'Report');
    const [tab] = await Promise.all([page.context().waitForEvent('page'), report.click()]);
    await tab.waitForLoadState('load');
    assert.match(await tab.content(), new RegExp(runId));
    await shot(page, '09-token');
    await page.context().close();
  },
);

// ---- helpers ----

function required(name) {
  const value = process.env[name];
  if (value === undefined || value === '') {
    console.error(`set ${name}`);
    process.exit(2);
  }
  return value;
}

async function openDashboard(path = '/', base = BASE) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 1600 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    console.error(`page error: ${error.message}`);
  });
  await page.goto(base + path);
  return page;
}

function runButton(page) {
  return page.getByRole('button', { name: 'RUN FULL TEST SUITE', exact: true });
}

async function unlock(page, { expectEnabled = true } = {}) {
  await page.getByLabel('Unlock', { exact: true }).fill('BEGIN TESTING');
  await waitFor(
    async () => (await page.getByTestId('lock-state').textContent()).startsWith('Unlocked'),
    'the unlocked state',
  );
  if (expectEnabled) {
    await waitFor(async () => !(await runButton(page).isDisabled()), 'the run button enabled');
  }
}

async function runStatus(page) {
  const status = page.getByTestId('run-status');
  return (await status.count()) === 0 ? null : status.getAttribute('data-status');
}

async function followedRunId(page) {
  return new URL(page.url()).searchParams.get('run');
}

async function connection(page) {
  return page.getByTestId('connection').getAttribute('data-state');
}

async function lineCount(page) {
  const log = page.getByTestId('live-log');
  return (await log.count()) === 0 ? 0 : Number(await log.getAttribute('data-count'));
}

async function visibleSeqs(page) {
  return page
    .locator('[data-testid=live-log] [data-seq]')
    .evaluateAll((lines) => lines.map((line) => Number(line.dataset.seq)));
}

/** Every line's data-seq, scrolling the virtualised log from top to bottom. */
async function allSeqs(page) {
  return page.getByTestId('live-log').evaluate(async (log) => {
    const frame = () => new Promise((resolve) => globalThis.requestAnimationFrame(() => resolve()));
    const seen = new Map();
    log.scrollTop = 0;
    for (;;) {
      await frame();
      await frame();
      for (const line of log.querySelectorAll('[data-seq]')) {
        const top = Number(/translateY\(([\d.]+)px\)/.exec(line.style.transform)?.[1] ?? -1);
        seen.set(top, Number(line.dataset.seq));
      }
      if (log.scrollTop + log.clientHeight >= log.scrollHeight - 1) {
        break;
      }
      log.scrollTop += Math.max(1, Math.floor(log.clientHeight / 2));
    }
    return [...seen.entries()].sort((a, b) => a[0] - b[0]).map(([, seq]) => seq);
  });
}

function assertContiguous(seqs, stored) {
  assert.ok(seqs.length > 0, 'no log lines');
  const expected = Array.from({ length: stored }, (_, i) => i + 1);
  assert.deepEqual(seqs, expected, `lines must be 1..${stored}, each once`);
}

/** How many events the server stored for a run: its whole stream, read to the end. */
async function storedEventCount(runId, base = BASE, token = null) {
  const headers = { Accept: 'text/event-stream' };
  if (token !== null) {
    headers.Authorization = `Bearer ${token}`;
  }
  const response = await fetch(`${base}/v1/test-runs/${encodeURIComponent(runId)}/events`, {
    headers,
  });
  assert.ok(response.ok, `events of ${runId}: ${response.status}`);
  const text = await response.text();
  return text.split('\n').filter((line) => line.startsWith('id:')).length;
}

/** Whether a canvas has any painted pixel. */
async function drawn(canvas) {
  return canvas.evaluate((element) => {
    const context = element.getContext('2d');
    if (context === null || element.width === 0 || element.height === 0) {
      return false;
    }
    const pixels = context.getImageData(0, 0, element.width, element.height).data;
    return pixels.some((value, index) => index % 4 === 3 && value > 0);
  });
}

function isOver(status) {
  return status === 'passed' || status === 'failed' || status === 'error' || status === 'cancelled';
}

async function api(method, path, body) {
  const response = await fetch(BASE + path, {
    method,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${json.detail ?? ''}`);
  return json;
}

async function waitForIdleServer() {
  await waitFor(
    async () => {
      const [running, queued] = await Promise.all([
        api('GET', '/v1/test-runs?status=running&size=1'),
        api('GET', '/v1/test-runs?status=queued&size=1'),
      ]);
      return running.total === 0 && queued.total === 0;
    },
    'an idle server',
    RUN_TIMEOUT,
  );
}

async function waitFor(condition, what, timeoutMillis = 20_000) {
  const deadline = Date.now() + timeoutMillis;
  for (;;) {
    if (await condition()) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMillis} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function shot(page, name) {
  if (SHOTS !== null) {
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  }
}
