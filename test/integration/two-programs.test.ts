// One case, two programs (issue 19): the engine in its own process (as the app runs it) holds the case for writing
// only while it writes, so `trailscope stats`/`query` from another process read the case while the app has it open.
// While a sync job writes (held in the middle by a gate in front of the API peer) the other program gets CASE_LOCKED
// and the engine's own reads go on; after the job the other program sees the new events. A write asked for while
// another program reads the case fails, after a short wait, with CASE_LOCKED saying what to do; nothing is started.
import { fork } from 'node:child_process';
import { request, createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { JobEvent } from '@shared/domain/jobs';
import { connectEngine } from '../../src/main/core/engine-process/client';
import type { FromHost } from '../../src/main/core/engine-process/messages';
import type { Engine } from '../../src/main/core/engine';
import { EnvSecretStore } from '../../src/main/core/secrets';
import { importFiles } from '../../src/main/core/sources/files/import-files';
import { CaseStore } from '../../src/main/core/store/case-store';
import { streamScope } from '../../src/main/core/store/export-repo';
import { addSource } from '../../src/main/core/store/sources-repo';
import { peerRecords, startAuditApiPeer, type AuditApiPeer } from '../peers/audit-api';
import { describeRun, holdCaseOpen, lastJson, REPO_ROOT, runCli, stdoutLines, type CaseHolder } from '../helpers/cli';
import { apiSettings } from '../helpers/source-settings';
import { FIXTURES, tempDir } from '../helpers/temp';

const HOST = join(REPO_ROOT, 'src', 'main', 'engine-host.ts');
const TOKEN = 'tkn_two-programs';
const PEER_EVENTS = 20;
const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The engine in a child process, as the desktop app runs it (src/main/engine-host.ts). */
async function engineProcess(casePath: string): Promise<Engine> {
  const child = fork(HOST, [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const engine = await connectEngine(
    {
      send: (message) => void child.send(message),
      onMessage: (listener) => child.on('message', (message) => listener(message as FromHost)),
      onExit: (listener) => child.once('exit', (code) => listener(code)),
      kill: () => void child.kill(),
    },
    { casePath, secrets: new EnvSecretStore({ PEER_TOKEN: TOKEN }) },
  );
  cleanups.push(() => engine.close());
  return engine;
}

/** An HTTP gate in front of the peer: requests wait until open() is called, so a sync stays mid-job meanwhile. */
async function gate(target: string): Promise<{ url: string; waiting: Promise<void>; open: () => void }> {
  let open = () => undefined as void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  let arrived = () => undefined as void;
  const waiting = new Promise<void>((resolve) => (arrived = resolve));
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    arrived();
    void opened.then(() => {
      const upstream = request(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, waiting, open };
}

function terminalEvent(engine: Engine, jobId: string): Promise<JobEvent> {
  return new Promise((resolve) => {
    const stop = engine.onPush((event) => {
      if (event.jobId !== jobId || event.type === 'started' || event.type === 'progress') return;
      stop();
      resolve(event);
    });
  });
}

/** A case with the 8 events of the generic fixture and an API source whose records come through `baseUrl`. */
async function caseWithSource(baseUrl: string): Promise<string> {
  const casePath = join(await tempDir(), 'case.duckdb');
  const store = await CaseStore.create(casePath, { tenantId: 'ws_acme' });
  await importFiles(store, [join(FIXTURES, 'formats', 'generic', 'records.ndjson')]);
  await addSource(store, 'peer', {
    kind: 'api',
    settings: apiSettings({ preset: 'generic', baseUrl, tokenRef: 'PEER_TOKEN', pageSize: 5 }),
  });
  store.close();
  return casePath;
}

async function cliEvents(casePath: string): Promise<number> {
  const stats = await runCli(['stats', casePath, '--json']);
  expect(stats.code, describeRun(stats)).toBe(0);
  return (lastJson(stats) as { events: number }).events;
}

it('another program reads the case the app has open, is refused while a job writes, and then sees its events', async () => {
  const peer: AuditApiPeer = await startAuditApiPeer({
    token: TOKEN,
    records: { generic: peerRecords('generic', { events: PEER_EVENTS, seed: 3, tenant: 'ws_acme' }) },
  });
  cleanups.push(() => peer.close());
  const held = await gate(peer.url);
  const casePath = await caseWithSource(held.url);
  const app = await engineProcess(casePath);
  expect(await app.handlers['events.count']({ query: '', timeZone: 'UTC' })).toEqual({ count: 8 });

  // The app only reads: a terminal's `stats` and `query` run beside it.
  expect(await cliEvents(casePath)).toBe(8);
  const query = await runCli(['query', casePath, 'action:user.login', '--output', 'ndjson']);
  expect(query.code, describeRun(query)).toBe(0);
  expect(stdoutLines(query)).toHaveLength(1);

  // A sync writes; its first request waits at the gate, so the job is under way for as long as the test needs.
  const { jobId } = await app.handlers['jobs.sync']({ sourceId: 'api-1', trust: true });
  const ended = terminalEvent(app, jobId);
  await held.waiting;
  const refused = await runCli(['stats', casePath, '--json']);
  expect(refused.code, describeRun(refused)).toBe(1);
  expect(refused.stderr).toMatch(/is open for writing in another Trailscope process \(pid \d+\); it can be read once/);
  // The app's own reads go on meanwhile.
  expect(await app.handlers['events.count']({ query: '', timeZone: 'UTC' })).toEqual({ count: 8 });
  expect(await app.handlers['case.stats']({ top: 1 })).toMatchObject({ events: 8 });

  held.open();
  expect(await ended).toMatchObject({ type: 'completed', summary: { added: PEER_EVENTS } });
  // When the job says it has ended, the case is free again: the terminal sees the new events at once.
  expect(await cliEvents(casePath)).toBe(8 + PEER_EVENTS);
  expect(await app.handlers['events.count']({ query: '', timeZone: 'UTC' })).toEqual({ count: 8 + PEER_EVENTS });
});

it('a write asked for while another program reads the case fails with CASE_LOCKED after a short wait', async () => {
  const casePath = await caseWithSource('http://127.0.0.1:1');
  const app = await engineProcess(casePath);
  // Another program reading the case (a `trailscope query` that takes its time) beside the idle app.
  const reader: CaseHolder = await holdCaseOpen(casePath, 'read');
  cleanups.push(() => reader.release());
  const pushed: JobEvent[] = [];
  app.onPush((event) => pushed.push(event));

  const locked = {
    code: 'CASE_LOCKED',
    message: expect.stringMatching(/open in another program \(pid \d+\).*try again/),
  };
  // The assertion is attached at once: under load the write's wait can end before the read below answers, and a
  // rejection with no handler yet is an unhandled rejection.
  const saving = expect(
    app.handlers['saved.save']({
      name: 'logins',
      query: 'action:user.login',
      from: null,
      to: null,
      zone: null,
      columns: null,
    }),
  ).rejects.toMatchObject(locked);
  // The app's reads go on while its write waits.
  expect(await app.handlers['events.count']({ query: '', timeZone: 'UTC' })).toEqual({ count: 8 });
  await saving;
  // A job is refused the same way, before it starts: no job id, no job event.
  await expect(
    app.handlers['jobs.import']({ paths: [join(FIXTURES, 'formats', 'generic', 'chained.ndjson')] }),
  ).rejects.toMatchObject(locked);
  expect(pushed).toEqual([]);
  expect(await app.handlers['events.count']({ query: '', timeZone: 'UTC' })).toEqual({ count: 8 });

  // Once the other program has gone, the same write goes through and the app reads what it wrote.
  await reader.release();
  const { jobId } = await app.handlers['jobs.import']({
    paths: [join(FIXTURES, 'formats', 'generic', 'chained.ndjson')],
  });
  expect(await terminalEvent(app, jobId)).toMatchObject({ type: 'completed' });
  expect(await app.handlers['events.count']({ query: '', timeZone: 'UTC' })).toEqual({ count: 11 });
  expect(await cliEvents(casePath)).toBe(11);
});

// DuckDB keeps a database open, and its lock on the file held, while a streamed result not read to its end is still
// referenced, even after its connection and instance are closed (store/sql.ts finishStream). An export that stops
// early must leave the file free for the engine's switch and for other programs.
it('a store whose export stream stopped early lets go of the file when it closes', async () => {
  const dir = await tempDir();
  const records = join(dir, 'many.ndjson');
  const lines = Array.from({ length: 5000 }, (_, i) =>
    JSON.stringify({ id: `e${i}`, occurred_at: '2025-04-01T09:00:00Z', tenant_id: 'ws_acme', action: 'user.login' }),
  );
  await writeFile(records, lines.join('\n') + '\n');
  const casePath = join(dir, 'case.duckdb');
  const store = await CaseStore.create(casePath, { tenantId: 'ws_acme' });
  await importFiles(store, [records]);
  const reader = await store.reader();
  let chunks = 0;
  for await (const chunk of streamScope(reader, { query: null, timeZone: 'UTC' }, ['uid'])) {
    chunks++;
    expect(chunk.length).toBeGreaterThan(0);
    break; // more chunks were left: 5 000 rows, DuckDB streams 2 048 at a time
  }
  expect(chunks).toBe(1);
  reader.close();
  store.close();

  const writer = await holdCaseOpen(casePath, 'write');
  await writer.release();
});

it('a follow-mode sync lets go of the case between polls: another program can open it then', async () => {
  const peer: AuditApiPeer = await startAuditApiPeer({
    token: TOKEN,
    records: { generic: peerRecords('generic', { events: 5, seed: 4, tenant: 'ws_acme' }) },
  });
  cleanups.push(() => peer.close());
  const casePath = await caseWithSource(peer.url);
  const app = await engineProcess(casePath);
  const waitingForPoll = new Promise<void>((resolve) =>
    app.onPush((event) => {
      if (event.type === 'progress' && event.phase.startsWith('up to date')) resolve();
    }),
  );
  const { jobId } = await app.handlers['jobs.sync']({ sourceId: 'api-1', trust: true, follow: true });
  const ended = terminalEvent(app, jobId);
  await waitingForPoll;

  // Another program reads the case while the follow waits for its next poll (none could while it held the writer).
  const other = await holdCaseOpen(casePath, 'read');
  await other.release();
  await app.handlers['jobs.cancel']({ jobId });
  expect(await ended).toMatchObject({ type: 'cancelled' });
  expect(await app.handlers['events.count']({ query: '', timeZone: 'UTC' })).toEqual({ count: 13 });
});
