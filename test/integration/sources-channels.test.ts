// The Sources channels through the engine and its router (dispatch, as both transports use it): requests that fail
// their schema are refused; an app that cannot store secrets refuses secret values and takes environment-variable
// names; the desktop's keychain keeps a token under `case:<case id>:source:<id>:token`, sealed to the source's
// origin, and the case file, its journal and every job
// event never hold it; a never-synced source can be removed, a synced one cannot; a follow-mode sync lets an
// import through between its polls.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobEvent } from '@shared/domain/jobs';
import type { SourceDraft } from '@shared/domain/source-drafts';
import { dispatch } from '../../src/main/core/bridge/dispatch';
import { createEngine, type Engine } from '../../src/main/core/engine';
import { EnvSecretStore, type SecretStore } from '../../src/main/core/secrets';
import { CaseStore } from '../../src/main/core/store/case-store';
import { listSources } from '../../src/main/core/store/sources-repo';
import { queryRows } from '../../src/main/core/store/sql';
import { peerRecords, startAuditApiPeer, type AuditApiPeer } from '../peers/audit-api';
import { FIXTURES, tempDir } from '../helpers/temp';
import { MemoryKeychain } from '../helpers/memory-keychain';

const TOKEN = 'tkn_Keychain-Secret-9f8e7d6c5b4a';
const TENANT = 'ws_acme';
const open: Engine[] = [];
const peers: AuditApiPeer[] = [];

afterEach(async () => {
  for (const engine of open.splice(0)) await engine.close();
  await Promise.all(peers.splice(0).map((p) => p.close()));
});

/** The desktop's keychain, in memory: what SafeStorageSecretStore offers, without Electron. */
async function engineOn(
  secrets: SecretStore,
): Promise<{ engine: Engine; casePath: string; events: JobEvent[]; trustDir: string; caseId: string }> {
  const casePath = join(await tempDir(), 'case.duckdb');
  (await CaseStore.create(casePath, { tenantId: TENANT })).close();
  const trustDir = join(await tempDir(), 'config');
  const engine = await createEngine({ casePath, secrets, trustDir });
  open.push(engine);
  const events: JobEvent[] = [];
  engine.onPush((event) => events.push(event));
  const caseId = (await engine.handlers['case.info']({})).caseId ?? '';
  return { engine, casePath, events, trustDir, caseId };
}

async function peer(events = 120): Promise<AuditApiPeer> {
  const started = await startAuditApiPeer({
    token: TOKEN,
    records: { generic: peerRecords('generic', { events, seed: 3, tenant: TENANT }) },
  });
  peers.push(started);
  return started;
}

/** Resolves with the job's terminal event. */
function ending(events: JobEvent[], jobId: string): Promise<JobEvent> {
  return new Promise((resolve) => {
    const check = () => {
      const end = events.find(
        (e) => e.jobId === jobId && (e.type === 'completed' || e.type === 'failed' || e.type === 'cancelled'),
      );
      if (end) resolve(end);
      else setTimeout(check, 20);
    };
    check();
  });
}

function until(condition: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = () => (condition() ? resolve() : setTimeout(check, 20));
    check();
  });
}

const apiDraft = (baseUrl: string, extra: Partial<Extract<SourceDraft, { kind: 'api' }>> = {}): SourceDraft => ({
  kind: 'api',
  name: 'Generic peer',
  settings: { preset: 'generic', baseUrl, pageSize: 25, pollSeconds: 3_600, overlapSeconds: 0 },
  ...extra,
});

describe('sources.add: requests the router refuses', () => {
  it.each([
    ['an unknown kind', { kind: 'ftp', settings: {} }],
    ['an unknown preset', { kind: 'api', settings: { preset: 'myspace' } }],
    ['a field the contract does not have', { kind: 's3', settings: { bucket: 'b', password: 'x' } }],
    [
      'a secret slot the contract does not have',
      { kind: 'api', settings: { preset: 'okta' }, secrets: { password: 'x' } },
    ],
    ['a page size that is not a whole number', { kind: 'api', settings: { preset: 'okta', pageSize: 2.5 } }],
    ['a name of 201 characters', { kind: 's3', name: 'n'.repeat(201), settings: { bucket: 'b' } }],
  ])('%s', async (_what, payload) => {
    const { engine } = await engineOn(new EnvSecretStore({}));
    const result = await dispatch(engine.handlers, 'sources.add', payload);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('INVALID_REQUEST');
    expect((await engine.handlers['sources.list']({})).sources).toEqual([]);
  });

  it('a draft the shared checks refuse, in words naming what is missing', async () => {
    const { engine } = await engineOn(new EnvSecretStore({}));
    const result = await dispatch(engine.handlers, 'sources.add', { kind: 'api', settings: { preset: 'github' } });
    expect(result).toMatchObject({ ok: false, error: { code: 'USAGE' } });
    if (!result.ok) {
      expect(result.error.message).toContain('GitHub organization');
      expect(result.error.message).toContain('environment variable');
    }
  });
});

describe('an app that cannot store secrets (trailscope serve, the CLI)', () => {
  it('says so in case.info, refuses a token value without echoing it, and saves an environment-variable name', async () => {
    const api = await peer(40);
    const { engine, events } = await engineOn(new EnvSecretStore({ PEER_TOKEN: TOKEN }));
    expect((await engine.handlers['case.info']({})).capabilities).toEqual({ secretStorage: 'environment' });

    const refused = await dispatch(engine.handlers, 'sources.add', apiDraft(api.url, { secrets: { token: TOKEN } }));
    expect(refused).toMatchObject({ ok: false, error: { code: 'USAGE' } });
    expect(JSON.stringify(refused)).not.toContain(TOKEN);
    expect((await engine.handlers['sources.list']({})).sources).toEqual([]);

    const added = await engine.handlers['sources.add'](
      apiDraft(api.url, { settings: { preset: 'generic', baseUrl: api.url, tokenRef: 'PEER_TOKEN' } }),
    );
    expect(added.source).toMatchObject({
      id: 'api-1',
      kind: 'api',
      name: 'Generic peer',
      lastSync: null,
      activeJob: null,
    });
    expect(added.source.credentials).toBe('token from environment variable PEER_TOKEN');
    expect(added.source.summary).toContain('127.0.0.1');

    const { jobId } = await engine.handlers['jobs.sync']({ sourceId: 'api-1' });
    expect(await ending(events, jobId)).toMatchObject({ type: 'completed', summary: { added: 40 } });
    const [listed] = (await engine.handlers['sources.list']({})).sources;
    expect(listed?.lastSync).toMatchObject({ added: 40, duplicates: 0, rejected: 0 });
    expect(listed?.coverage.events).toBe(40);
    expect(Date.parse(listed?.coverage.first ?? '')).toBeLessThan(Date.parse(listed?.coverage.last ?? ''));
  });

  it('a sync whose environment variable is unset fails in words naming the variable', async () => {
    const api = await peer(5);
    const { engine, events } = await engineOn(new EnvSecretStore({}));
    await engine.handlers['sources.add'](
      apiDraft(api.url, { settings: { preset: 'generic', baseUrl: api.url, tokenRef: 'NOT_SET_ANYWHERE' } }),
    );
    const { jobId } = await engine.handlers['jobs.sync']({ sourceId: 'api-1' });
    const end = await ending(events, jobId);
    expect(end).toMatchObject({ type: 'failed', error: { code: 'SECRET_MISSING' } });
    if (end.type === 'failed') expect(end.error.message).toContain('environment variable NOT_SET_ANYWHERE');
  });

  it('a failed sync shows in the next session too, until a sync of that source completes', async () => {
    const api = await peer(5);
    const { engine, events, casePath, trustDir } = await engineOn(new EnvSecretStore({}));
    await engine.handlers['sources.add'](
      apiDraft(api.url, { settings: { preset: 'generic', baseUrl: api.url, tokenRef: 'NOT_SET_ANYWHERE' } }),
    );
    await ending(events, (await engine.handlers['jobs.sync']({ sourceId: 'api-1' })).jobId);
    await engine.close();
    open.splice(open.indexOf(engine), 1);

    const later = await createEngine({
      casePath,
      secrets: new EnvSecretStore({ NOT_SET_ANYWHERE: TOKEN }),
      trustDir,
    });
    open.push(later);
    const laterEvents: JobEvent[] = [];
    later.onPush((event) => laterEvents.push(event));
    const [failed] = (await later.handlers['sources.list']({})).sources;
    expect(failed?.lastFailure).toMatchObject({
      code: 'SECRET_MISSING',
      message: expect.stringContaining('NOT_SET_ANYWHERE'),
    });
    expect(Date.parse(failed?.lastFailure?.at ?? '')).toBeGreaterThan(0);

    expect(await ending(laterEvents, (await later.handlers['jobs.sync']({ sourceId: 'api-1' })).jobId)).toMatchObject({
      type: 'completed',
    });
    const [synced] = (await later.handlers['sources.list']({})).sources;
    expect(synced).toMatchObject({ lastFailure: null, lastSync: { added: 5 } });
  });
});

describe('the desktop app: secrets in the keychain, never in the case', () => {
  it('keeps the token under case:<id>:source:api-1:token; the case file, journal and job events never hold it', async () => {
    const api = await peer(120);
    const keychain = new MemoryKeychain();
    const { engine, casePath, events, caseId } = await engineOn(keychain);
    const ref = `case:${caseId}:source:api-1:token`;
    expect((await engine.handlers['case.info']({})).capabilities).toEqual({ secretStorage: 'keychain' });

    const result = await dispatch(engine.handlers, 'sources.add', apiDraft(api.url, { secrets: { token: TOKEN } }));
    expect(result.ok).toBe(true);
    expect(JSON.stringify(result)).not.toContain(TOKEN);
    expect([...keychain.vault.keys()]).toEqual([ref]);
    expect(JSON.parse(keychain.vault.get(ref) ?? '')).toEqual({ destination: new URL(api.url).origin, value: TOKEN });

    const { jobId } = await engine.handlers['jobs.sync']({ sourceId: 'api-1' });
    expect(await ending(events, jobId)).toMatchObject({ type: 'completed', summary: { added: 120 } });
    const listed = await dispatch(engine.handlers, 'sources.list', {});
    expect(JSON.stringify(listed)).toContain(ref);
    expect(JSON.stringify(listed)).not.toContain(TOKEN);
    expect(JSON.stringify(events)).not.toContain(TOKEN);

    await engine.close();
    open.splice(open.indexOf(engine), 1);
    const store = await CaseStore.open(casePath, { readOnly: true });
    try {
      const [saved] = await listSources(store);
      expect(saved?.kind === 'api' && 'settings' in saved && saved.settings.tokenRef).toBe(ref);
      const journal = await queryRows(store.connection, `SELECT action, detail::VARCHAR AS detail FROM journal`);
      expect(journal.map((r) => r['action'])).toEqual(expect.arrayContaining(['source.add', 'sync']));
      expect(JSON.stringify(journal)).not.toContain(TOKEN);
    } finally {
      store.close();
    }
    // Every file the case left in its folder (the database, any write-ahead log), byte for byte.
    const dir = join(casePath, '..');
    for (const file of await readdir(dir)) {
      expect((await readFile(join(dir, file))).includes(Buffer.from(TOKEN)), file).toBe(false);
    }
  });

  it('refuses a reference the renderer chose (it could name another source’s keychain entry)', async () => {
    const keychain = new MemoryKeychain();
    keychain.vault.set('source:api-1:token', TOKEN);
    const { engine } = await engineOn(keychain);
    const result = await dispatch(
      engine.handlers,
      'sources.add',
      apiDraft('https://evil.example', {
        settings: { preset: 'generic', baseUrl: 'https://evil.example', tokenRef: 'source:api-1:token' },
      }),
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'USAGE' } });
    expect((await engine.handlers['sources.list']({})).sources).toEqual([]);
  });

  it('stores nothing when the draft is refused, and removes a never-synced source with its keychain entries', async () => {
    const keychain = new MemoryKeychain();
    const { engine, caseId } = await engineOn(keychain);
    const refused = await dispatch(engine.handlers, 'sources.add', {
      kind: 's3',
      settings: { bucket: 'logs' },
      secrets: { accessKeyId: 'AKIAEXAMPLE' },
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'USAGE' } });
    expect(keychain.vault.size).toBe(0);

    const added = await engine.handlers['sources.add']({
      kind: 's3',
      settings: { bucket: 'logs', prefix: 'AWSLogs/' },
      secrets: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG' },
    });
    expect(added.source.summary).toBe('s3://logs/AWSLogs/ · us-east-1');
    expect([...keychain.vault.keys()].sort()).toEqual([
      `case:${caseId}:source:s3-1:accessKeyId`,
      `case:${caseId}:source:s3-1:secretAccessKey`,
    ]);
    expect(await engine.handlers['sources.remove']({ sourceId: 's3-1' })).toEqual({ removed: true });
    expect(keychain.vault.size).toBe(0);
    expect((await engine.handlers['sources.list']({})).sources).toEqual([]);
  });

  it('keeps a source that brought events in (its ledger history stays)', async () => {
    const api = await peer(10);
    const { engine, events } = await engineOn(new MemoryKeychain());
    await engine.handlers['sources.add'](apiDraft(api.url, { secrets: { token: TOKEN } }));
    const { jobId } = await engine.handlers['jobs.sync']({ sourceId: 'api-1' });
    await ending(events, jobId);
    const result = await dispatch(engine.handlers, 'sources.remove', { sourceId: 'api-1' });
    expect(result).toMatchObject({ ok: false, error: { code: 'USAGE' } });
    if (!result.ok) expect(result.error.message).toContain('ledger');
    expect((await engine.handlers['sources.list']({})).sources.map((s) => s.id)).toEqual(['api-1']);
  });
});

describe('follow mode and the writer', () => {
  it('an import completes while a follow-mode sync waits for its next poll; cancel then ends the follow', async () => {
    const api = await peer(30);
    const { engine, events } = await engineOn(new EnvSecretStore({ PEER_TOKEN: TOKEN }));
    await engine.handlers['sources.add'](
      apiDraft(api.url, {
        settings: { preset: 'generic', baseUrl: api.url, tokenRef: 'PEER_TOKEN', pollSeconds: 3_600 },
      }),
    );
    const follow = await engine.handlers['jobs.sync']({ sourceId: 'api-1', follow: true });
    await until(() =>
      events.some((e) => e.jobId === follow.jobId && e.type === 'progress' && e.phase.startsWith('up to date')),
    );
    expect((await engine.handlers['sources.list']({})).sources[0]?.activeJob).toEqual({
      jobId: follow.jobId,
      follow: true,
    });

    const imported = await engine.handlers['jobs.import']({
      paths: [join(FIXTURES, 'formats', 'generic', 'records.ndjson')],
    });
    expect(await ending(events, imported.jobId)).toMatchObject({ type: 'completed' });
    expect(events.some((e) => e.jobId === follow.jobId && e.type !== 'progress' && e.type !== 'started')).toBe(false);

    expect(await engine.handlers['jobs.cancel']({ jobId: follow.jobId })).toEqual({ cancelled: true });
    expect(await ending(events, follow.jobId)).toMatchObject({ type: 'cancelled' });
    expect((await engine.handlers['sources.list']({})).sources[0]?.activeJob).toBeNull();
  });
});
