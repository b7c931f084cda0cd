// API sync against our audit-log peer (test/peers/audit-api), a real HTTP server on 127.0.0.1: every preset's wire
// format and pagination lands exactly the events a file import of the same records gives; faults are retried or end
// in a clear error that a re-run completes; incremental runs fetch only what is new; the token never lands anywhere.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiPreset, ApiSourceSettings } from '@shared/domain/sources';
import type { JobEvent } from '@shared/domain/jobs';
import { isAppError } from '../../src/main/core/errors';
import { EnvSecretStore } from '../../src/main/core/secrets';
import { importFiles } from '../../src/main/core/sources/files/import-files';
import type { CaseStore } from '../../src/main/core/store/case-store';
import { addSource, getSource } from '../../src/main/core/store/sources-repo';
import type { NormalizedEvent } from '@shared/domain/audit-event';
import { listRejects } from '../../src/main/core/store/events-repo';
import { queryRows } from '../../src/main/core/store/sql';
import { syncSource } from '../../src/main/core/sync/sync';
import { peerRecords, startAuditApiPeer, type AuditApiPeer, type Fault, type PeerPreset } from '../peers/audit-api';
import { closeAll, eventsInImportOrder, newCase } from '../helpers/case';
import { apiSettings } from '../helpers/source-settings';
import { tempDir } from '../helpers/temp';

const TOKEN = 'tkn_5ecret-Value-that-must-not-leak';
const secrets = new EnvSecretStore({ PEER_TOKEN: TOKEN });
const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 50, maxAttempts: 5 };
const peers: AuditApiPeer[] = [];

afterEach(async () => {
  closeAll();
  await Promise.all(peers.splice(0).map((p) => p.close()));
});

async function peerWith(
  preset: PeerPreset,
  records: Record<string, unknown>[],
  faults: Fault[] = [],
): Promise<AuditApiPeer> {
  const peer = await startAuditApiPeer({ token: TOKEN, records: { [preset]: records }, faults });
  peers.push(peer);
  return peer;
}

const SOURCE_PRESET: Record<PeerPreset, { preset: ApiPreset; streams: string[]; extra?: Partial<ApiSourceSettings> }> =
  {
    generic: { preset: 'generic', streams: [] },
    github: { preset: 'github', streams: [], extra: { org: 'acme' } },
    okta: { preset: 'okta', streams: [] },
    slack: { preset: 'slack', streams: [] },
    'onepassword-audit': { preset: 'onepassword', streams: ['auditevents'] },
    'onepassword-signin': { preset: 'onepassword', streams: ['signinattempts'] },
    'google-workspace': { preset: 'google-workspace', streams: ['login'] },
  };

async function apiSource(store: CaseStore, peer: AuditApiPeer, peerPreset: PeerPreset, pageSize: number) {
  const { preset, streams, extra } = SOURCE_PRESET[peerPreset];
  return addSource(store, `${preset} peer`, {
    kind: 'api',
    settings: apiSettings({
      preset,
      baseUrl: peer.url,
      tokenRef: 'PEER_TOKEN',
      streams,
      pageSize,
      pollSeconds: 1,
      ...extra,
    }),
  });
}

/** The normalized columns that must not depend on how the records arrived. */
function comparable(events: NormalizedEvent[]) {
  return events
    .map(({ source_id: _s, source_ref: _r, ingest_seq: _i, received_at: _t, ...rest }) => rest)
    .sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
}

async function fileImportOf(records: Record<string, unknown>[]): Promise<NormalizedEvent[]> {
  const file = join(await tempDir(), 'records.ndjson');
  await writeFile(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const store = await newCase({ tenantId: 'acme', multiTenant: true });
  await importFiles(store, [file]);
  return eventsInImportOrder(store);
}

describe('every preset, through its own pagination', () => {
  it.each(Object.keys(SOURCE_PRESET) as PeerPreset[])(
    '%s lands the same events as a file import of the same records',
    async (peerPreset) => {
      const records = peerRecords(peerPreset, { events: 230, seed: 7, tenant: 'acme' });
      const peer = await peerWith(peerPreset, records);
      const store = await newCase({ tenantId: 'acme', multiTenant: true });
      const source = await apiSource(store, peer, peerPreset, 50);

      const summary = await syncSource(store, source.id, { secrets, retry: FAST_RETRY });

      const synced = await eventsInImportOrder(store);
      expect(comparable(synced)).toEqual(comparable(await fileImportOf(records)));
      expect(summary).toMatchObject({ rejected: 0, duplicates: 0 });
      expect(summary.added).toBe(synced.length);
      expect(synced.length).toBeGreaterThanOrEqual(230);
      expect(peer.requests.length).toBeGreaterThanOrEqual(5);
      // The token went in the provider's documented header scheme.
      expect(new Set(peer.requests.map((r) => r.authScheme))).toEqual(
        new Set([peerPreset === 'okta' ? 'SSWS' : 'Bearer']),
      );

      // A second run asks only from the newest event on and adds nothing.
      const again = await syncSource(store, source.id, { secrets, retry: FAST_RETRY });
      expect(again.added).toBe(0);
    },
  );
});

describe('faults', () => {
  const records = () => peerRecords('generic', { events: 400, seed: 3, tenant: 'acme' });
  const uids = async (store: CaseStore) =>
    (await queryRows(store.connection, 'SELECT uid FROM events ORDER BY uid')).map((r) => String(r['uid']));
  const expected = (list: Record<string, unknown>[]) => list.map((r) => String(r['id'])).sort();

  it.each<Fault>([
    { kind: '429', at: 2, retryAfterSeconds: 1 },
    { kind: '403-rate-limit', at: 3, retryAfterSeconds: 1 },
    { kind: '500', at: 2, times: 2 },
    { kind: '502', at: 4 },
    { kind: '503', at: 1, times: 3 },
    { kind: 'reset', at: 3, times: 2 },
    { kind: 'slow', at: 2, delayMs: 300 },
    { kind: 'truncated', at: 2 },
    { kind: 'repeat', at: 3 },
  ])('$kind at request $at: retried within the run, ending with exactly the source set', async (fault) => {
    const list = records();
    const peer = await peerWith('generic', list, [fault]);
    const store = await newCase({ tenantId: 'acme' });
    const source = await apiSource(store, peer, 'generic', 100);
    const events: JobEvent[] = [];

    const summary = await syncSource(store, source.id, { secrets, retry: FAST_RETRY, onEvent: (e) => events.push(e) });

    expect(await uids(store)).toEqual(expected(list));
    expect(summary.added).toBe(list.length);
    if (fault.kind === 'repeat') expect(summary.duplicates).toBe(100);
    if (fault.kind !== 'slow' && fault.kind !== 'repeat') {
      expect(events.some((e) => e.type === 'progress' && /retry/.test(e.lastIssue ?? ''))).toBe(true);
    }
    expect(events.at(-1)?.type).toBe('completed');
  });

  it('an expired token ends the run with an AUTH error naming where the token came from, never the token; a re-run completes', async () => {
    const list = records();
    const peer = await peerWith('generic', list, [{ kind: 'expired-token', at: 3 }]);
    const store = await newCase({ tenantId: 'acme' });
    const source = await apiSource(store, peer, 'generic', 100);
    const events: JobEvent[] = [];

    const error = await syncSource(store, source.id, {
      secrets,
      retry: FAST_RETRY,
      onEvent: (e) => events.push(e),
    }).then(
      () => null,
      (e: unknown) => e,
    );

    expect(isAppError(error, 'AUTH')).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain('environment variable PEER_TOKEN');
    expect(message).toContain('HTTP 401');
    expect(message).not.toContain(TOKEN);
    expect(events.at(-1)).toMatchObject({ type: 'failed', error: { code: 'AUTH' } });
    expect((await uids(store)).length).toBe(200);

    peer.setFaults([]);
    await syncSource(store, source.id, { secrets, retry: FAST_RETRY });
    expect(await uids(store)).toEqual(expected(list));
  });

  it('a server that keeps failing ends the run with a REMOTE error after the retry budget; the pages before it stay', async () => {
    const list = records();
    const peer = await peerWith('generic', list, [{ kind: '503', at: 2, times: 100 }]);
    const store = await newCase({ tenantId: 'acme' });
    const source = await apiSource(store, peer, 'generic', 100);

    const error = await syncSource(store, source.id, { secrets, retry: FAST_RETRY }).then(
      () => null,
      (e: unknown) => e,
    );

    expect(isAppError(error, 'REMOTE')).toBe(true);
    expect((error as Error).message).toMatch(/failed 5 times; the last time: HTTP 503/);
    expect((await uids(store)).length).toBe(100);
    peer.setFaults([]);
    await syncSource(store, source.id, { secrets, retry: FAST_RETRY });
    expect(await uids(store)).toEqual(expected(list));
  });

  it('a missing token is a SECRET_MISSING error before any request is sent', async () => {
    const peer = await peerWith('generic', records());
    const store = await newCase({ tenantId: 'acme' });
    const source = await apiSource(store, peer, 'generic', 100);
    const error = await syncSource(store, source.id, { secrets: new EnvSecretStore({}) }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isAppError(error, 'SECRET_MISSING')).toBe(true);
    expect((error as Error).message).toContain('PEER_TOKEN');
    expect(peer.requests).toEqual([]);
  });
});

describe('hostile responses (issue 14)', () => {
  const records = () => peerRecords('generic', { events: 400, seed: 3, tenant: 'acme' });
  const uids = async (store: CaseStore) =>
    (await queryRows(store.connection, 'SELECT uid FROM events ORDER BY uid')).map((r) => String(r['uid']));

  it('a page body over 64 MiB ends the run with a REMOTE error naming the request: nothing of it stored, not retried, the checkpoint before it', async () => {
    const list = records();
    const peer = await peerWith('generic', list, [{ kind: 'oversized', at: 2 }]);
    const store = await newCase({ tenantId: 'acme' });
    const source = await apiSource(store, peer, 'generic', 100);

    const error = await syncSource(store, source.id, { secrets, retry: FAST_RETRY }).then(
      () => null,
      (e: unknown) => e,
    );

    expect(isAppError(error, 'REMOTE')).toBe(true);
    const oversized = new URL(peer.requests[1]?.url ?? '', peer.url).toString();
    expect((error as Error).message).toContain(`GET ${oversized} with a body over the 64.0 MiB limit`);
    expect(peer.requests.map((r) => new URL(r.url, peer.url).toString())).toEqual([
      new URL(peer.requests[0]?.url ?? '', peer.url).toString(),
      oversized,
    ]);
    expect((await uids(store)).length).toBe(100);
    const checkpoint = (await getSource(store, source.id)).checkpoint as {
      streams: Record<string, { pending: { next: { url: string } } | null }>;
    };
    expect(Object.values(checkpoint.streams)[0]?.pending?.next.url).toBe(oversized);

    peer.setFaults([]);
    await syncSource(store, source.id, { secrets, retry: FAST_RETRY });
    expect(await uids(store)).toEqual(list.map((r) => String(r['id'])).sort());
  });

  it('a record nested deeper than 128 levels is rejected by record index; the rest of its page lands', async () => {
    const list = records();
    let deep: unknown = 1;
    for (let level = 0; level < 129 - 1; level++) deep = { a: deep };
    list[150] = { ...list[150], deep };
    const peer = await peerWith('generic', list);
    const store = await newCase({ tenantId: 'acme' });
    const source = await apiSource(store, peer, 'generic', 100);

    const summary = await syncSource(store, source.id, { secrets, retry: FAST_RETRY });

    expect(summary).toMatchObject({ added: 399, rejected: 1 });
    expect((await uids(store)).includes(String(list[150]?.['id']))).toBe(false);
    expect(await listRejects(store)).toMatchObject([
      { record: 50, reason: 'record is nested more than 128 levels deep (the limit)' },
    ]);
  });
});

describe('incremental sync', () => {
  it('a second run fetches from the newest event seen and adds exactly the new records', async () => {
    const all = peerRecords('okta', { events: 300, seed: 11, tenant: 'acme' });
    const peer = await peerWith('okta', all.slice(0, 200));
    const store = await newCase({ tenantId: 'acme' });
    const source = await apiSource(store, peer, 'okta', 100);

    expect((await syncSource(store, source.id, { secrets })).added).toBe(200);
    const checkpoint = (await getSource(store, source.id)).checkpoint as {
      streams: Record<string, { highWater: string }>;
    };
    expect(checkpoint.streams['logs']?.highWater).toBe(new Date(String(all[199]?.['published'])).toISOString());

    peer.addRecords('okta', all.slice(200));
    const before = peer.requests.length;
    const second = await syncSource(store, source.id, { secrets });
    expect(second.added).toBe(100);
    const firstNew = peer.requests[before];
    expect(new URL(firstNew?.url ?? '', peer.url).searchParams.get('since')).toBe(
      checkpoint.streams['logs']?.highWater,
    );
  });

  it('1Password keeps its cursor when caught up and continues from it', async () => {
    const all = peerRecords('onepassword-audit', { events: 150, seed: 5, tenant: 'acme' });
    const peer = await peerWith('onepassword-audit', all.slice(0, 100));
    const store = await newCase({ tenantId: 'acme', multiTenant: true });
    const source = await apiSource(store, peer, 'onepassword-audit', 40);
    expect((await syncSource(store, source.id, { secrets })).added).toBe(100);

    peer.addRecords('onepassword-audit', all.slice(100));
    const before = peer.requests.length;
    expect((await syncSource(store, source.id, { secrets })).added).toBe(50);
    expect(peer.requests.slice(before).every((r) => r.method === 'POST')).toBe(true);
  });
});

describe('follow mode', () => {
  it('polls at the interval, shows the lag, picks up new events, and stops cleanly when cancelled', async () => {
    const all = peerRecords('generic', { events: 500, seed: 9, tenant: 'acme' });
    const peer = await peerWith('generic', all.slice(0, 300));
    const store = await newCase({ tenantId: 'acme' });
    const source = await apiSource(store, peer, 'generic', 100);
    const controller = new AbortController();
    const events: JobEvent[] = [];
    let polls = 0;

    const run = syncSource(store, source.id, {
      secrets,
      follow: true,
      signal: controller.signal,
      onEvent: (event) => {
        events.push(event);
        if (event.type !== 'progress' || !event.phase.startsWith('up to date')) return;
        polls++;
        // After the first pass new events arrive; after the second pass has fetched them, stop.
        if (polls === 1) peer.addRecords('generic', all.slice(300));
        else controller.abort();
      },
    });
    const outcome = await run.then(
      () => 'completed',
      (e: unknown) => (isAppError(e, 'CANCELLED') ? 'cancelled' : e),
    );

    expect(outcome).toBe('cancelled');
    expect(events.at(-1)?.type).toBe('cancelled');
    const waiting = events.filter((e) => e.type === 'progress' && e.phase.startsWith('up to date'));
    expect(waiting[0]).toMatchObject({ lagSeconds: expect.any(Number) });
    // The demo's events are from 2025: the lag is the time since the newest one.
    const newest = Date.parse(String(all[299]?.['occurred_at']));
    expect((waiting[0] as { lagSeconds: number }).lagSeconds).toBeGreaterThanOrEqual(
      Math.floor((Date.now() - newest) / 1000) - 60,
    );
    const [count] = await queryRows(store.connection, 'SELECT count(*)::INT AS n FROM events');
    expect(count?.['n']).toBe(500);
  });
});

describe('secrets', () => {
  it('the token appears nowhere in the case file, the journal, rejects, progress events or the summary', async () => {
    const peer = await peerWith('generic', peerRecords('generic', { events: 120, seed: 2, tenant: 'acme' }), [
      { kind: '500', at: 1 },
    ]);
    const store = await newCase({ tenantId: 'acme' });
    const source = await apiSource(store, peer, 'generic', 50);
    const events: JobEvent[] = [];
    const summary = await syncSource(store, source.id, { secrets, retry: FAST_RETRY, onEvent: (e) => events.push(e) });
    const rejects = await listRejects(store);
    await store.connection.run('CHECKPOINT');

    const artifacts = [JSON.stringify(events), JSON.stringify(summary), JSON.stringify(rejects)];
    for (const text of artifacts) expect(text).not.toContain(TOKEN);
    const file = await readFile(store.path);
    expect(file.length).toBeGreaterThan(0);
    expect(file.includes(Buffer.from(TOKEN))).toBe(false);
  });
});
