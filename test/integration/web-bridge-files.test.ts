// Downloads through the web bridge (`trailscope serve`), over real HTTP on 127.0.0.1: a job asked for with
// `download` writes into the bridge's private folder; its completed event names the file and the URL that serves it
// once, behind the token, as an attachment with a clean name; the page can never name the server path; what is not
// fetched is removed when the bridge closes; a download that reaches the engine some other way is refused. And uploads:
// a package's bytes POSTed to /api/upload are verified by packages.verify naming the id they got, once.
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { PackageCheck } from '@shared/domain/exports';
import type { JobEvent } from '@shared/domain/jobs';
import { createEngine, type Engine } from '../../src/main/core/engine';
import { EnvSecretStore } from '../../src/main/core/secrets';
import { importFiles } from '../../src/main/core/sources/files/import-files';
import { CaseStore } from '../../src/main/core/store/case-store';
import { startWebBridge, type WebBridge } from '../../src/main/web/server';
import { FIXTURES, tempDir } from '../helpers/temp';

const GENERIC = join(FIXTURES, 'formats', 'generic', 'records.ndjson');
const open: { engine: Engine; bridge: WebBridge; closed: boolean }[] = [];

afterEach(async () => {
  for (const entry of open.splice(0)) {
    if (!entry.closed) await entry.bridge.close();
    await entry.engine.close();
  }
});

async function bridgeOnCase() {
  const dir = await tempDir();
  const casePath = join(dir, 'case.duckdb');
  const store = await CaseStore.create(casePath, { tenantId: 'ws_acme' });
  await importFiles(store, [GENERIC]);
  store.close();
  const engine = await createEngine({ casePath, secrets: new EnvSecretStore({}), keyDir: join(dir, 'keys') });
  const bridge = await startWebBridge({ engine, port: 0, rendererDir: null });
  const entry = { engine, bridge, closed: false };
  open.push(entry);
  const token = new URL(bridge.url).searchParams.get('token') ?? '';
  const base = `http://127.0.0.1:${bridge.port}`;
  const post = async (channel: string, payload: unknown) => {
    const response = await request(`${base}/api/call/${channel}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    return (await response.body.json()) as { ok: boolean; value?: { jobId: string }; error?: { code: string } };
  };
  const upload = async (body: Buffer, headers: Record<string, string> = {}) => {
    const response = await request(`${base}/api/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', ...headers },
      body,
    });
    return {
      status: response.statusCode,
      body: (await response.body.json()) as { ok: boolean; value?: { upload: string }; error?: { code: string } },
    };
  };
  const get = (path: string, auth = true) =>
    request(`${base}${path}`, { headers: auth ? { authorization: `Bearer ${token}` } : {} });
  const close = async () => {
    entry.closed = true;
    await bridge.close();
  };
  return { dir, engine, token, base, post, get, upload, close };
}

/** The terminal event of each job, as the bridge's event stream carries it (what the browser sees). */
async function eventStream(base: string, token: string) {
  const controller = new AbortController();
  const stream = await request(`${base}/api/events`, {
    headers: { authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  const ends = new Map<string, JobEvent>();
  const waiters = new Map<string, (event: JobEvent) => void>();
  let buffer = '';
  stream.body.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
      const data = /^data: (.*)$/m.exec(buffer.slice(0, end))?.[1];
      buffer = buffer.slice(end + 2);
      if (!data) continue;
      const event = JSON.parse(data) as JobEvent;
      if (event.type !== 'completed' && event.type !== 'failed' && event.type !== 'cancelled') continue;
      ends.set(event.jobId, event);
      waiters.get(event.jobId)?.(event);
    }
  });
  stream.body.on('error', () => undefined);
  return {
    end: (jobId: string) =>
      new Promise<JobEvent>((resolve) => {
        const seen = ends.get(jobId);
        if (seen) resolve(seen);
        else waiters.set(jobId, resolve);
      }),
    stop: () => controller.abort(),
  };
}

describe('downloads through the web bridge', () => {
  it('exports CSV into its own folder and serves it once, as an attachment named as asked, behind the token', async () => {
    const { base, token, post, get } = await bridgeOnCase();
    const events = await eventStream(base, token);
    const started = await post('jobs.export', {
      query: '',
      timeZone: 'UTC',
      format: 'csv',
      columns: ['uid', 'action'],
      download: '../../etc/évents\u202e.csv',
    });
    expect(started.ok).toBe(true);
    const end = await events.end(started.value?.jobId ?? '');
    events.stop();
    expect(end.type).toBe('completed');
    const summary = (end as { summary: Record<string, unknown> }).summary;
    // The browser gets the name and the URL, never the server's path.
    expect(summary['path']).toBe('évents.csv');
    expect(summary['download']).toMatch(/^\/api\/download\/[0-9a-f]{32}$/);
    expect(summary['events']).toBe(8);
    const url = String(summary['download']);

    const refused = await get(url, false);
    expect(refused.statusCode).toBe(401);
    await refused.body.dump();

    const response = await get(url);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/octet-stream');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="_vents.csv"; filename*=UTF-8''%C3%A9vents.csv`,
    );
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    const text = await response.body.text();
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(8);
    expect(Object.keys(rows[0] ?? {})).toEqual(['uid', 'action']);
    expect(Number(response.headers['content-length'])).toBe(Buffer.byteLength(text));
    expect(summary['bytes']).toBe(Buffer.byteLength(text));

    // Once: the file is gone from the server.
    await expect.poll(async () => (await get(url)).statusCode).toBe(404);
  });

  it('makes a PDF report and a signed package as downloads', async () => {
    const { base, token, post, get } = await bridgeOnCase();
    const events = await eventStream(base, token);
    const report = await post('jobs.report', { query: 'action:*', timeZone: 'UTC', download: 'report.pdf' });
    const pack = await post('jobs.package', { query: '', timeZone: 'UTC', download: 'evidence.zip' });
    const reportEnd = (await events.end(report.value?.jobId ?? '')) as { summary: Record<string, unknown> };
    const packEnd = (await events.end(pack.value?.jobId ?? '')) as { summary: Record<string, unknown> };
    events.stop();
    expect(reportEnd.summary['path']).toBe('report.pdf');
    expect(packEnd.summary['path']).toBe('evidence.zip');
    const pdf = Buffer.from(await (await get(String(reportEnd.summary['download']))).body.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const zip = Buffer.from(await (await get(String(packEnd.summary['download']))).body.arrayBuffer());
    expect(zip.subarray(0, 2).toString()).toBe('PK');
    expect(zip.length).toBe(packEnd.summary['bytes']);
  });

  it('never lets the page name the server path: download with out or force, or an unknown id, is refused', async () => {
    const { dir, post, get } = await bridgeOnCase();
    const base = { query: '', timeZone: 'UTC', format: 'csv' };
    const both = await post('jobs.export', { ...base, download: 'a.csv', out: join(dir, 'x.csv') });
    expect(both).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    const forced = await post('jobs.export', { ...base, download: 'a.csv', force: true });
    expect(forced).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(existsSync(join(dir, 'x.csv'))).toBe(false);
    for (const id of ['../../etc/passwd', '0'.repeat(32), 'x']) {
      const response = await get(`/api/download/${id}`);
      expect(response.statusCode, id).toBe(404);
      await response.body.dump();
    }
  });

  it('removes its private folder (0700) with an unfetched download when it closes', async () => {
    const { base, token, post, close } = await bridgeOnCase();
    const before = new Set((await readdir(tmpdir())).filter((name) => name.startsWith('trailscope-serve-files-')));
    const events = await eventStream(base, token);
    const started = await post('jobs.export', { query: '', timeZone: 'UTC', format: 'ndjson', download: 'e.ndjson' });
    await events.end(started.value?.jobId ?? '');
    events.stop();
    const made = (await readdir(tmpdir())).filter((n) => n.startsWith('trailscope-serve-files-') && !before.has(n));
    expect(made).toHaveLength(1);
    const folder = join(tmpdir(), made[0] ?? '');
    expect((await stat(folder)).mode & 0o777).toBe(0o700);
    expect(await readdir(folder)).toHaveLength(1);
    await close();
    expect(existsSync(folder)).toBe(false);
    expect(dirname(folder)).toBe(tmpdir());
  });

  it('a download that reaches the engine directly (not through the bridge) is refused as USAGE', async () => {
    const { engine } = await bridgeOnCase();
    await expect(
      engine.handlers['jobs.export']({ query: '', timeZone: 'UTC', format: 'csv', download: 'a.csv' }),
    ).rejects.toMatchObject({ code: 'USAGE', message: expect.stringContaining('Only the browser UI') });
  });
});

describe('uploads through the web bridge', () => {
  it('verifies an uploaded package once; a byte changed in it is named; a path beside the upload is refused', async () => {
    const { dir, base, token, post, upload } = await bridgeOnCase();
    const events = await eventStream(base, token);
    const out = join(dir, 'evidence.zip');
    const started = await post('jobs.package', { query: '', timeZone: 'UTC', out });
    await events.end(started.value?.jobId ?? '');
    events.stop();
    const zip = await readFile(out);

    const sent = await upload(zip);
    expect(sent.status).toBe(200);
    const id = sent.body.value?.upload ?? '';
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    const checked = await post('packages.verify', { upload: id });
    expect(checked).toMatchObject({ ok: true, value: { intact: true, signature: 'valid', keySource: 'package' } });
    // Used once: the same id again names nothing the bridge holds, and the engine takes no uploads itself.
    expect(await post('packages.verify', { upload: id })).toMatchObject({ ok: false, error: { code: 'USAGE' } });

    // One byte of events.csv changed, the zip rebuilt: the check names that file.
    const entries: Zippable = { ...unzipSync(zip) };
    const csv = Buffer.from(entries['events.csv'] as Uint8Array);
    csv[csv.length - 2] = (csv[csv.length - 2] ?? 0) ^ 0x01;
    entries['events.csv'] = csv;
    const again = await upload(Buffer.from(zipSync(entries)));
    const verdict = await post('packages.verify', { upload: again.body.value?.upload ?? '' });
    const check = verdict.value as unknown as PackageCheck;
    expect(check.intact).toBe(false);
    expect(check.files.filter((f) => f.status !== 'intact').map((f) => [f.name, f.status])).toEqual([
      ['events.csv', 'altered'],
    ]);

    const third = await upload(zip);
    expect(
      await post('packages.verify', { upload: third.body.value?.upload ?? '', path: '/etc/passwd' }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
  });

  it('refuses an upload larger than a package may be, and one without the token', async () => {
    const { base, upload } = await bridgeOnCase();
    const huge = await upload(Buffer.from('PK'), { 'content-length': String(1024 ** 4) }).catch(() => null);
    // Either the 413 arrives, or the client notices its body is shorter than it said: never a stored upload.
    if (huge) expect(huge.status).toBe(413);
    const anonymous = await request(`${base}/api/upload`, { method: 'POST', body: Buffer.from('PK') });
    expect(anonymous.statusCode).toBe(401);
    await anonymous.body.dump();
  });
});
