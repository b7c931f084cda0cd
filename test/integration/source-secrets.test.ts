// Security regressions (issue 14, items 2 and 3) through the engine: settings read back from a case are checked (a
// bad variable name, an unknown kind, another case's keychain entry are refused, naming the field); keychain
// entries are per case (two cases' api-1 keep their own tokens) and sealed to the origin they were entered for; a
// request the case file saved (a checkpoint) or a redirect never takes the token to another origin.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobEvent } from '@shared/domain/jobs';
import type { SourceDraft } from '@shared/domain/source-drafts';
import { createEngine, type Engine } from '../../src/main/core/engine';
import { EnvSecretStore, type SecretStore } from '../../src/main/core/secrets';
import { CaseStore } from '../../src/main/core/store/case-store';
import { startRecorder, type Recorder } from '../helpers/recorder';
import { apiSettings } from '../helpers/source-settings';
import { tempDir } from '../helpers/temp';
import { peerRecords, startAuditApiPeer, type AuditApiPeer } from '../peers/audit-api';
import { MemoryKeychain } from '../helpers/memory-keychain';

const TENANT = 'ws_acme';
const closers: { close(): Promise<void> }[] = [];

afterEach(async () => {
  for (const closer of closers.splice(0).reverse()) await closer.close();
});

/** The desktop's keychain in memory (the SecretStore interface SafeStorageSecretStore implements). */
async function peer(token: string, events = 20): Promise<AuditApiPeer> {
  const started = await startAuditApiPeer({
    token,
    records: { generic: peerRecords('generic', { events, seed: 5, tenant: TENANT }) },
  });
  closers.push(started);
  return started;
}

async function recorder(options: { redirectTo?: string } = {}): Promise<Recorder> {
  const started = await startRecorder(options);
  closers.push(started);
  return started;
}

interface Opened {
  engine: Engine;
  events: JobEvent[];
  casePath: string;
  trustDir: string;
}

async function newCasePath(): Promise<string> {
  const casePath = join(await tempDir(), 'case.duckdb');
  (await CaseStore.create(casePath, { tenantId: TENANT })).close();
  return casePath;
}

async function openEngine(casePath: string, secrets: SecretStore, trustDir?: string): Promise<Opened> {
  const dir = trustDir ?? join(await tempDir(), 'config');
  const engine = await createEngine({ casePath, secrets, trustDir: dir });
  closers.push(engine);
  const events: JobEvent[] = [];
  engine.onPush((event) => events.push(event));
  return { engine, events, casePath, trustDir: dir };
}

async function closeEngine(opened: Opened): Promise<void> {
  closers.splice(closers.indexOf(opened.engine), 1);
  await opened.engine.close();
}

/** The job's terminal event. */
async function syncToEnd(opened: Opened, request: { sourceId: string; trust?: boolean }): Promise<JobEvent> {
  const { jobId } = await opened.engine.handlers['jobs.sync'](request);
  return new Promise((resolve) => {
    const check = () => {
      const end = opened.events.find((e) => e.jobId === jobId && e.type !== 'progress' && e.type !== 'started');
      if (end) resolve(end);
      else setTimeout(check, 20);
    };
    check();
  });
}

const draft = (baseUrl: string, extra: Partial<Extract<SourceDraft, { kind: 'api' }>> = {}): SourceDraft => ({
  kind: 'api',
  settings: { preset: 'generic', baseUrl, pageSize: 25, overlapSeconds: 0 },
  ...extra,
});

/** Writes a sources row as a case file from anyone could hold it. */
async function plantSource(casePath: string, kind: string, settings: object, checkpoint: object | null = null) {
  const store = await CaseStore.open(casePath);
  try {
    await store.connection.run(`INSERT INTO sources VALUES ('api-1', $1, 'planted', $2::JSON, $3::JSON, now())`, [
      kind,
      JSON.stringify(settings),
      checkpoint === null ? null : JSON.stringify(checkpoint),
    ]);
  } finally {
    store.close();
  }
}

describe('settings read back from a case are checked', () => {
  it.each([
    ['an environment variable name that is not one', 'tokenRef', 'api', apiSettings({ tokenRef: 'AWS SECRET;x' })],
    ['a kind this Trailscope does not have', 'kind', 'ftp', apiSettings()],
    [
      'the keychain entry of another case',
      'tokenRef',
      'api',
      apiSettings({ tokenRef: 'case:00000000-0000-4000-8000-000000000000:source:api-1:token' }),
    ],
    ['a keychain entry that names no case', 'tokenRef', 'api', apiSettings({ tokenRef: 'source:api-1:token' })],
    ['a base URL in plain http to another host', 'baseUrl', 'api', apiSettings({ baseUrl: 'http://example.com' })],
  ])('%s: listed with the field named, refused at sync, nothing sent', async (_what, field, kind, settings) => {
    const listener = await recorder();
    const casePath = await newCasePath();
    const base = settings.baseUrl === '' ? listener.url : settings.baseUrl;
    await plantSource(casePath, kind, { ...settings, baseUrl: base });
    const keychain = new MemoryKeychain();
    keychain.vault.set('source:api-1:token', 'a-secret-of-another-case');
    const opened = await openEngine(casePath, keychain);

    const [listed] = (await opened.engine.handlers['sources.list']({})).sources;
    const named = field === 'kind' ? 'kind:' : `settings.${field}:`;
    expect(listed).toMatchObject({ id: 'api-1', settings: null, problem: expect.stringContaining(named) });
    const refused = opened.engine.handlers['jobs.sync']({ sourceId: 'api-1', trust: true });
    await expect(refused).rejects.toMatchObject({ code: 'CASE_INVALID', message: expect.stringContaining(named) });
    expect(listener.requests).toEqual([]);
  });
});

describe('keychain entries belong to one case', () => {
  it('two cases with an api-1 each keep their own tokens; removing one leaves the other', async () => {
    const keychain = new MemoryKeychain();
    const [apiA, apiB] = [await peer('token-of-case-A-1111'), await peer('token-of-case-B-2222')];
    const a = await openEngine(await newCasePath(), keychain);
    const b = await openEngine(await newCasePath(), keychain);
    await a.engine.handlers['sources.add'](draft(apiA.url, { secrets: { token: 'token-of-case-A-1111' } }));
    await b.engine.handlers['sources.add'](draft(apiB.url, { secrets: { token: 'token-of-case-B-2222' } }));
    expect(keychain.vault.size).toBe(2);

    expect(await syncToEnd(a, { sourceId: 'api-1' })).toMatchObject({ type: 'completed', summary: { added: 20 } });
    expect(await syncToEnd(b, { sourceId: 'api-1' })).toMatchObject({ type: 'completed', summary: { added: 20 } });

    await b.engine.handlers['sources.add'](draft(apiB.url, { secrets: { token: 'another' } }));
    expect(await b.engine.handlers['sources.remove']({ sourceId: 'api-2' })).toEqual({ removed: true });
    const caseA = (await a.engine.handlers['case.info']({})).caseId;
    expect([...keychain.vault.keys()].filter((ref) => ref.startsWith(`case:${caseA}:`))).toHaveLength(1);
    expect(keychain.vault.size).toBe(2);
    expect(await syncToEnd(a, { sourceId: 'api-1' })).toMatchObject({ type: 'completed' });
  });

  it('a keychain token goes only to the origin it was entered for, even when the user trusts the changed source', async () => {
    const keychain = new MemoryKeychain();
    const api = await peer('keychain-token-3333');
    const elsewhere = await recorder();
    const first = await openEngine(await newCasePath(), keychain);
    await first.engine.handlers['sources.add'](draft(api.url, { secrets: { token: 'keychain-token-3333' } }));
    await closeEngine(first);

    const store = await CaseStore.open(first.casePath);
    await store.connection.run(`UPDATE sources SET settings = json_merge_patch(settings, $1::JSON)`, [
      JSON.stringify({ baseUrl: elsewhere.url }),
    ]);
    store.close();

    const again = await openEngine(first.casePath, keychain, first.trustDir);
    await expect(again.engine.handlers['jobs.sync']({ sourceId: 'api-1' })).rejects.toMatchObject({
      code: 'UNTRUSTED_SOURCE',
    });
    const end = await syncToEnd(again, { sourceId: 'api-1', trust: true });
    expect(end).toMatchObject({ type: 'failed', error: { code: 'UNTRUSTED_SOURCE' } });
    if (end.type === 'failed') expect(end.error.message).toContain(`was entered for ${api.url}`);
    expect(elsewhere.requests).toEqual([]);
  });
});

describe('the token never leaves the base URL’s origin', () => {
  it('a checkpoint in the case that points elsewhere is not followed', async () => {
    const api = await peer('env-token-4444');
    const elsewhere = await recorder();
    const casePath = await newCasePath();
    const pending = { window: { since: null, until: null }, next: { method: 'GET', url: `${elsewhere.url}/x` } };
    await plantSource(casePath, 'api', apiSettings({ baseUrl: api.url, tokenRef: 'PEER_TOKEN', pageSize: 25 }), {
      streams: { events: { highWater: null, pending: { ...pending, maxSeen: null }, continuation: null } },
    });
    const opened = await openEngine(casePath, new EnvSecretStore({ PEER_TOKEN: 'env-token-4444' }));
    expect(await syncToEnd(opened, { sourceId: 'api-1', trust: true })).toMatchObject({
      type: 'completed',
      summary: { added: 20 },
    });
    expect(elsewhere.requests).toEqual([]);
  });

  it('a redirect to another origin is not followed, so the Authorization header stays home', async () => {
    const target = await recorder();
    const redirecting = await recorder({ redirectTo: target.url });
    const opened = await openEngine(await newCasePath(), new EnvSecretStore({ PEER_TOKEN: 'env-token-5555' }));
    await opened.engine.handlers['sources.add'](
      draft(redirecting.url, { settings: { preset: 'generic', baseUrl: redirecting.url, tokenRef: 'PEER_TOKEN' } }),
    );
    expect(await syncToEnd(opened, { sourceId: 'api-1' })).toMatchObject({ type: 'failed' });
    expect(redirecting.requests.length).toBeGreaterThan(0);
    expect(target.requests).toEqual([]);
  });
});
