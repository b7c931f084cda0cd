// The web bridge (`trailscope serve`), attacked and used over real HTTP on 127.0.0.1: the token on every route,
// the printed URL traded for an HttpOnly cookie, DNS-rebinding and cross-origin requests refused, requests that
// fail their schema refused with a Result, security headers, no path out of the renderer build — and the contract
// working through it: case info, keyset pages, an import job whose progress arrives over server-sent events.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobEvent } from '@shared/domain/jobs';
import { createEngine, type Engine } from '../../src/main/core/engine';
import { EnvSecretStore } from '../../src/main/core/secrets';
import { importFiles } from '../../src/main/core/sources/files/import-files';
import { CaseStore } from '../../src/main/core/store/case-store';
import { RENDERER_CSP } from '../../src/main/core/renderer-files';
import { startWebBridge, tokenCookieName, type WebBridge } from '../../src/main/web/server';
import { BIN, REPO_ROOT } from '../helpers/cli';
import { FIXTURES, tempDir } from '../helpers/temp';

const GENERIC = join(FIXTURES, 'formats', 'generic', 'records.ndjson');
const open: { engine: Engine; bridge: WebBridge }[] = [];

afterEach(async () => {
  for (const { engine, bridge } of open.splice(0)) {
    await bridge.close();
    await engine.close();
  }
});

async function bridgeOnCase(): Promise<{ bridge: WebBridge; token: string; base: string; dir: string }> {
  const dir = await tempDir();
  const casePath = join(dir, 'case.duckdb');
  const store = await CaseStore.create(casePath, { tenantId: 'ws_acme' });
  await importFiles(store, [GENERIC]);
  store.close();
  const engine = await createEngine({ casePath, secrets: new EnvSecretStore({}) });
  const bridge = await startWebBridge({ engine, port: 0, rendererDir: join(REPO_ROOT, 'out', 'renderer') });
  open.push({ engine, bridge });
  const url = new URL(bridge.url);
  return { bridge, token: url.searchParams.get('token') ?? '', base: `http://127.0.0.1:${bridge.port}`, dir };
}

async function call(
  base: string,
  token: string,
  channel: string,
  payload: unknown,
  headers: Record<string, string> = {},
) {
  const response = await request(`${base}/api/call/${channel}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(payload),
  });
  return {
    status: response.statusCode,
    body: (await response.body.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string } },
  };
}

describe('security: the bridge refuses', () => {
  it('every /api route without the token, /api/health included, and a wrong token', async () => {
    const { base, token } = await bridgeOnCase();
    for (const path of ['/api/health', '/api/events', '/api/call/case.info', '/']) {
      const response = await request(`${base}${path}`, { method: path.includes('call') ? 'POST' : 'GET' });
      expect(response.statusCode, path).toBe(401);
      await response.body.dump();
    }
    // One character different (a fixed replacement would equal the token whenever its last character is that one).
    const wrongToken = token.slice(0, -1) + (token.endsWith('0') ? '1' : '0');
    const wrong = await request(`${base}/api/health`, { headers: { authorization: `Bearer ${wrongToken}` } });
    expect(wrong.statusCode).toBe(401);
    await wrong.body.dump();
    const right = await request(`${base}/api/health`, { headers: { authorization: `Bearer ${token}` } });
    expect(right.statusCode).toBe(200);
    expect(await right.body.json()).toEqual({ ok: true, value: { status: 'ok' } });
  });

  it('a Host that is not the bridge itself (DNS rebinding), even with the token', async () => {
    const { base, token, bridge } = await bridgeOnCase();
    const response = await request(`${base}/api/health`, {
      headers: { authorization: `Bearer ${token}`, host: `evil.example:${bridge.port}` },
    });
    expect(response.statusCode).toBe(421);
    await response.body.dump();
  });

  it('a call or an event stream from another Origin, even with the token', async () => {
    const { base, token } = await bridgeOnCase();
    const cross = await call(base, token, 'case.info', {}, { origin: 'https://evil.example' });
    expect(cross.status).toBe(403);
    const stream = await request(`${base}/api/events`, {
      headers: { authorization: `Bearer ${token}`, origin: 'http://localhost:1' },
    });
    expect(stream.statusCode).toBe(403);
    await stream.body.dump();
    expect((await call(base, token, 'case.info', {}, { origin: base })).status).toBe(200);
  });

  it('a request that fails its schema, an unknown channel, and SQL in place of a query', async () => {
    const { base, token } = await bridgeOnCase();
    const badLimit = await call(base, token, 'events.page', { query: '', timeZone: 'UTC', order: 'asc', limit: 0 });
    expect(badLimit.status).toBe(400);
    expect(badLimit.body).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: expect.stringContaining('limit') },
    });
    const extra = await call(base, token, 'events.count', { query: '', timeZone: 'UTC', sql: 'DROP TABLE events' });
    expect(extra.body).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    const unknown = await call(base, token, 'events.delete', {});
    expect(unknown.body).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: 'There is no channel "events.delete".' },
    });
    // A query is parsed by the core into an AST; text that looks like SQL is just a search for that text.
    const injected = await call(base, token, 'events.count', { query: "x'; DROP TABLE events; --", timeZone: 'UTC' });
    expect(injected.body).toEqual({ ok: true, value: { count: 0 } });
    expect((await call(base, token, 'events.count', { query: '', timeZone: 'UTC' })).body).toEqual({
      ok: true,
      value: { count: 8 },
    });
  });

  it('a path out of the renderer build', async () => {
    const { base, token } = await bridgeOnCase();
    // A malformed escape was a 500 (decodeURIComponent threw in the bridge's own static server); now a plain 404.
    for (const path of [
      '/../package.json',
      '/%2e%2e/package.json',
      '/assets/../../package.json',
      '/..%2fpackage.json',
      '/..%5cpackage.json',
      '/index.html%00',
      '/%E0%A4%A',
    ]) {
      const response = await request(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.statusCode, path).toBe(404);
      await response.body.dump();
    }
  });
});

/** A bridge over an engine double whose answers JSON cannot encode (the ingest caps nesting; this builds the value). */
async function bridgeOnUnencodable(): Promise<{ base: string; token: string }> {
  let deep: unknown = 'bottom';
  for (let level = 0; level < 100_000; level++) deep = { nested: deep };
  const cyclic: Record<string, unknown> = { name: 'loop' };
  cyclic['self'] = cyclic;
  const engine = {
    handlers: {
      'events.page': () => Promise.resolve({ events: [{ raw: deep }], next: null }),
      'sources.list': () => Promise.resolve({ sources: [cyclic] }),
      'events.count': () => Promise.resolve({ count: 10n }),
    },
    onPush: () => () => undefined,
    close: () => Promise.resolve(),
  } as unknown as Engine;
  const bridge = await startWebBridge({ engine, port: 0, rendererDir: null });
  open.push({ engine, bridge });
  return { base: `http://127.0.0.1:${bridge.port}`, token: new URL(bridge.url).searchParams.get('token') ?? '' };
}

describe('security: an answer JSON cannot encode', () => {
  it('is a 500 with an INTERNAL Result, not an empty reply (100 000 levels deep, cyclic, a BigInt)', async () => {
    const { base, token } = await bridgeOnUnencodable();
    const deep = await call(base, token, 'events.page', { query: '', timeZone: 'UTC', order: 'asc', limit: 5 });
    expect(deep.status).toBe(500);
    expect(deep.body).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringContaining('could not be encoded as JSON') },
    });
    for (const [channel, payload] of [
      ['sources.list', {}],
      ['events.count', { query: '', timeZone: 'UTC' }],
    ] as const) {
      const answer = await call(base, token, channel, payload);
      expect(answer.status, channel).toBe(500);
      expect(answer.body, channel).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    }
    // The bridge still answers afterwards.
    const health = await request(`${base}/api/health`, { headers: { authorization: `Bearer ${token}` } });
    expect(health.statusCode).toBe(200);
    await health.body.dump();
  });
});

describe('security: requests that were a reset or a 500 with foreign text', () => {
  it('an oversized body gets a 413 with a Result, and the bridge keeps answering', async () => {
    const { base, token } = await bridgeOnCase();
    const padding = 'x'.repeat(3 * 1024 * 1024);
    const big = await call(base, token, 'events.count', { query: '', timeZone: 'UTC', padding });
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: expect.stringContaining('at most') },
    });
    expect((await call(base, token, 'events.count', { query: '', timeZone: 'UTC' })).body).toEqual({
      ok: true,
      value: { count: 8 },
    });
  });

  it('a malformed % escape in the channel is a 400 with our message', async () => {
    const { base, token } = await bridgeOnCase();
    const response = await request(`${base}/api/call/events.count%E0%A4%A`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '', timeZone: 'UTC' }),
    });
    expect(response.statusCode).toBe(400);
    expect(await response.body.json()).toEqual({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: 'The channel in the URL is not valid %-encoding.' },
    });
  });

  it('an unknown time zone is a 400 USAGE naming the zone, for every question that takes one', async () => {
    const { base, token } = await bridgeOnCase();
    const requests = [
      ['events.histogram', { query: '', timeZone: 'Mars/Olympus' }],
      ['events.page', { query: 'after:2025-01-01', timeZone: 'Mars/Olympus', order: 'asc', limit: 5 }],
      ['events.count', { query: '', timeZone: 'Mars/Olympus' }],
      ['events.facets', { query: '', timeZone: 'Mars/Olympus', top: 5 }],
      ['events.lanes', { query: '', timeZone: 'Mars/Olympus', top: 5 }],
      // An offset: newer Intl versions take it, DuckDB does not.
      ['events.histogram', { query: '', timeZone: '+0500' }],
    ] as const;
    for (const [channel, payload] of requests) {
      const answer = await call(base, token, channel, payload);
      expect(answer.status, channel).toBe(400);
      expect(answer.body, channel).toEqual({
        ok: false,
        error: { code: 'USAGE', message: expect.stringMatching(/^Unknown time zone "(Mars\/Olympus|\+0500)"/) },
      });
    }
    // Aliases and any case, as both Intl and DuckDB take them (a browser may report Asia/Calcutta).
    for (const timeZone of ['UTC', 'utc', 'Europe/Berlin', 'Asia/Calcutta', 'Etc/GMT+5']) {
      const histogram = await call(base, token, 'events.histogram', { query: '', timeZone });
      expect(histogram.status, timeZone).toBe(200);
    }
  });
});

describe('two bridges on two ports', () => {
  it('keep separate cookies: a browser holding both gets into each (cookies ignore the port)', async () => {
    const one = await bridgeOnCase();
    const two = await bridgeOnCase();
    // The browser's jar for 127.0.0.1: one entry per cookie name, whatever port set it.
    const jar = new Map<string, string>();
    for (const bridge of [one.bridge, two.bridge]) {
      const traded = await request(bridge.url);
      await traded.body.dump();
      const [pair] = String(traded.headers['set-cookie']).split(';');
      const [name, value] = (pair ?? '').split('=');
      jar.set(name ?? '', value ?? '');
    }
    expect(jar.size).toBe(2);
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    for (const { base } of [one, two]) {
      const health = await request(`${base}/api/health`, { headers: { cookie } });
      expect(health.statusCode, base).toBe(200);
      await health.body.dump();
    }
    // Each reads only its own: the other's cookie alone does not let a browser in.
    const stranger = await request(`${one.base}/api/health`, {
      headers: { cookie: `${tokenCookieName(two.bridge.port)}=${two.token}` },
    });
    expect(stranger.statusCode).toBe(401);
    await stranger.body.dump();
  });
});

describe('the printed URL', () => {
  it('is traded once for an HttpOnly SameSite=Strict cookie and a redirect to a URL without the token', async () => {
    const { bridge, base, token } = await bridgeOnCase();
    expect(bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
    const first = await request(bridge.url);
    expect(first.statusCode).toBe(303);
    expect(first.headers['location']).toBe('/');
    expect(first.headers['set-cookie']).toBe(
      `${tokenCookieName(bridge.port)}=${token}; HttpOnly; SameSite=Strict; Path=/`,
    );
    await first.body.dump();
    const page = await request(`${base}/`, { headers: { cookie: `${tokenCookieName(bridge.port)}=${token}` } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['content-security-policy']).toContain("connect-src 'self'");
    // The one CSP of the renderer's static server: the app:// face sends the same (test/unit/main/shell/app-protocol.test.ts).
    expect(page.headers['content-security-policy']).toBe(RENDERER_CSP);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
    expect(await page.body.text()).toContain('<div id="root">');
  });
});

describe('the renderer over the bridge', () => {
  it('serves the app icon as the favicon the page names', async () => {
    const { base, token, bridge } = await bridgeOnCase();
    const headers = { cookie: `${tokenCookieName(bridge.port)}=${token}` };
    const html = await (await request(`${base}/`, { headers })).body.text();
    const icons = [...html.matchAll(/<link rel="icon" href="\.?(\/[^"]+)"/g)].map((match) => match[1]);
    expect(icons).toEqual(['/favicon.svg', '/favicon.png']);
    const png = await request(`${base}/favicon.png`, { headers });
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    const bytes = Buffer.from(await png.body.arrayBuffer());
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(bytes.readUInt32BE(16)).toBe(32); // IHDR width
    const svg = await request(`${base}/favicon.svg`, { headers });
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    expect(await svg.body.text()).toContain('<svg');
  });

  it('answers HEAD like GET without a body, and refuses other methods on the renderer', async () => {
    const { base, token, bridge } = await bridgeOnCase();
    const headers = { cookie: `${tokenCookieName(bridge.port)}=${token}` };
    const head = await request(`${base}/favicon.png`, { method: 'HEAD', headers });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-type']).toBe('image/png');
    expect(await head.body.text()).toBe('');
    const put = await request(`${base}/favicon.png`, { method: 'PUT', headers });
    expect(put.statusCode).toBe(405);
    await put.body.dump();
  });
});

describe('the contract over the bridge', () => {
  it('answers case info and pages of events by keyset', async () => {
    const { base, token } = await bridgeOnCase();
    const info = await call(base, token, 'case.info', {});
    expect(info.body).toMatchObject({ ok: true, value: { tenantId: 'ws_acme', stats: { events: 8 } } });

    const first = await call(base, token, 'events.page', { query: '', timeZone: 'UTC', order: 'asc', limit: 5 });
    const page = first.body.value as { events: { uid: string }[]; next: string };
    expect(page.events).toHaveLength(5);
    const second = await call(base, token, 'events.page', {
      query: '',
      timeZone: 'UTC',
      order: 'asc',
      limit: 5,
      after: page.next,
    });
    const rest = (second.body.value as { events: { uid: string }[] }).events;
    expect(rest).toHaveLength(3);
    expect(new Set([...page.events, ...rest].map((e) => e.uid)).size).toBe(8);

    const bad = await call(base, token, 'events.page', { query: 'actr:ana', timeZone: 'UTC', order: 'asc', limit: 5 });
    expect(bad.body).toMatchObject({
      ok: false,
      error: { code: 'USAGE', message: expect.stringContaining('did you mean `actor`') },
    });
  });

  it('starts an import job at once and streams its progress and single terminal event', async () => {
    const { base, token, dir } = await bridgeOnCase();
    const events: JobEvent[] = [];
    const controller = new AbortController();
    const stream = await request(`${base}/api/events`, {
      headers: { authorization: `Bearer ${token}` },
      signal: controller.signal,
    });
    expect(stream.headers['content-type']).toBe('text/event-stream');
    let buffer = '';
    const finished = new Promise<void>((resolve) => {
      stream.body.setEncoding('utf8').on('data', (chunk: string) => {
        buffer += chunk;
        for (;;) {
          const end = buffer.indexOf('\n\n');
          if (end === -1) break;
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (data) {
            const event = JSON.parse(data) as JobEvent;
            events.push(event);
            if (event.type === 'completed' || event.type === 'failed') resolve();
          }
        }
      });
    });

    const started = await call(base, token, 'jobs.import', {
      paths: [join(FIXTURES, 'formats', 'generic', 'chained.ndjson'), join(dir, 'missing.ndjson')],
    });
    const { jobId } = started.body.value as { jobId: string };
    await finished;
    controller.abort();

    const mine = events.filter((e) => e.jobId === jobId);
    expect(mine[0]?.type).toBe('started');
    expect(mine.filter((e) => ['completed', 'failed', 'cancelled'].includes(e.type))).toHaveLength(1);
    // One of the paths does not exist: the job fails, saying which.
    expect(mine.at(-1)).toMatchObject({
      type: 'failed',
      error: { code: 'IO', message: expect.stringContaining('missing.ndjson') },
    });

    const ok = await call(base, token, 'jobs.import', {
      paths: [join(FIXTURES, 'formats', 'generic', 'chained.ndjson')],
    });
    expect(ok.body.ok).toBe(true);
    // Queries keep answering while (and after) the job writes; poll the count until the job's events are in.
    let count = 0;
    for (let attempt = 0; attempt < 100 && count !== 11; attempt++) {
      count = (
        (await call(base, token, 'events.count', { query: '', timeZone: 'UTC' })).body.value as { count: number }
      ).count;
      if (count !== 11) await new Promise((r) => setTimeout(r, 50));
    }
    expect(count).toBe(11);
  });
});

describe('trailscope serve', () => {
  it('prints the URL on a line of its own, serves the case, and stops on SIGINT', async () => {
    const dir = await tempDir();
    const casePath = join(dir, 'case.duckdb');
    const store = await CaseStore.create(casePath, { tenantId: 'ws_acme' });
    store.close();
    const child = spawn(process.execPath, [BIN, 'serve', casePath, '--port', '0'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (s: string) => {
        out += s;
        const line = out.split('\n').find((l) => /^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/.test(l));
        if (line) resolve(line);
      });
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
    });
    const parsed = new URL(url);
    const health = await request(`${parsed.origin}/api/health`, {
      headers: { authorization: `Bearer ${parsed.searchParams.get('token')}` },
    });
    expect(health.statusCode).toBe(200);
    await health.body.dump();
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  }, 60_000);
});
