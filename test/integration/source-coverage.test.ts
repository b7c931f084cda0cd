// What the Sources panel and the timeline's coverage lanes say a case holds (issue 18 item 9), through the engine on
// a real case: two imported files with two days between them, and an Okta source (the audit-API peer) synced over
// two explicit windows with a hole between them, then a sync that fails. Each source's event count, span, last run,
// covered periods and gaps; and per bucket: events, no activity, not synced, not imported, failed, outside retention.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobEvent } from '@shared/domain/jobs';
import { createEngine, type Engine } from '../../src/main/core/engine';
import { EnvSecretStore } from '../../src/main/core/secrets';
import { CaseStore } from '../../src/main/core/store/case-store';
import { peerRecords, startAuditApiPeer, type AuditApiPeer } from '../peers/audit-api';
import { tempDir } from '../helpers/temp';

const TOKEN = 'tkn_Coverage-Peer-0123456789';
const TENANT = 'acme';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const engines: Engine[] = [];
const peers: AuditApiPeer[] = [];

afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.close();
  await Promise.all(peers.splice(0).map((p) => p.close()));
});

const iso = (ms: number) => new Date(ms).toISOString();

function ending(events: JobEvent[], jobId: string): Promise<JobEvent> {
  return new Promise((resolve) => {
    const check = () => {
      const end = events.find((e) => e.jobId === jobId && ['completed', 'failed', 'cancelled'].includes(e.type));
      if (end) resolve(end);
      else setTimeout(check, 20);
    };
    check();
  });
}

/** `count` generic records (FORMATS.md), one a minute from `start`, in a file. */
async function ndjson(dir: string, name: string, start: number, count: number): Promise<string> {
  const path = join(dir, name);
  const records = Array.from({ length: count }, (_, i) => ({
    id: `${name}-${i}`,
    occurred_at: iso(start + i * 60_000),
    tenant_id: TENANT,
    action: 'user.login',
    actor: { id: 'u1', type: 'user', name: 'Ann', email: 'ann@example.com' },
    outcome: 'success',
  }));
  await writeFile(path, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return path;
}

describe('sources.list and sources.lanes: what each source covers', () => {
  it('lists the file imports and a synced source with counts, spans, last run, gaps, and lanes that tell them apart', async () => {
    // Ten days ago on the hour: inside Okta's 90 days of retention.
    const t0 = Math.floor((Date.now() - 10 * DAY) / HOUR) * HOUR;
    const dir = await tempDir();
    const casePath = join(dir, 'case.duckdb');
    (await CaseStore.create(casePath, { tenantId: TENANT })).close();
    const peer = await startAuditApiPeer({
      token: TOKEN,
      records: { okta: peerRecords('okta', { events: 300, seed: 5, tenant: TENANT, start: iso(t0) }) },
    });
    peers.push(peer);
    const engine = await createEngine({
      casePath,
      secrets: new EnvSecretStore({ PEER_TOKEN: TOKEN }),
      trustDir: join(dir, 'config'),
    });
    engines.push(engine);
    const events: JobEvent[] = [];
    engine.onPush((event) => events.push(event));
    const run = async (started: Promise<{ jobId: string }>) => ending(events, (await started).jobId);

    // Two files an hour long each, the second starting two days after the first.
    const fileA = await ndjson(dir, 'a.ndjson', t0 - 3 * DAY, 60);
    const fileB = await ndjson(dir, 'b.ndjson', t0 - DAY, 60);
    expect(await run(engine.handlers['jobs.import']({ paths: [fileA] }))).toMatchObject({ type: 'completed' });
    expect(await run(engine.handlers['jobs.import']({ paths: [fileB] }))).toMatchObject({ type: 'completed' });

    await engine.handlers['sources.add']({
      kind: 'api',
      name: 'Okta peer',
      settings: { preset: 'okta', baseUrl: peer.url, tokenRef: 'PEER_TOKEN', pageSize: 50 },
    });
    const window = (from: number, to: number) =>
      run(engine.handlers['jobs.sync']({ sourceId: 'api-1', since: iso(from), until: iso(to) }));
    expect(await window(t0, t0 + HOUR)).toMatchObject({ type: 'completed', summary: { added: 60 } });
    expect(await window(t0 + 3 * HOUR, t0 + 4 * HOUR)).toMatchObject({ type: 'completed', summary: { added: 60 } });
    peer.setFaults([{ kind: 'expired-token', at: 1 }]);
    expect(await run(engine.handlers['jobs.sync']({ sourceId: 'api-1' }))).toMatchObject({ type: 'failed' });

    const { sources } = await engine.handlers['sources.list']({});
    expect(sources.map((s) => [s.id, s.kind, s.name])).toEqual([
      ['api-1', 'api', 'Okta peer'],
      ['files', 'files', 'Imported files'],
    ]);
    const [okta, files] = sources;

    expect(files).toMatchObject({
      summary: '2 files imported from disk',
      settings: null,
      problem: null,
      lastSync: { added: 60, duplicates: 0, rejected: 0 },
      coverage: { events: 120, first: iso(t0 - 3 * DAY), last: iso(t0 - DAY + 59 * 60_000) },
      covered: [
        { from: iso(t0 - 3 * DAY), to: iso(t0 - 3 * DAY + 59 * 60_000) },
        { from: iso(t0 - DAY), to: iso(t0 - DAY + 59 * 60_000) },
      ],
      gaps: [{ from: iso(t0 - 3 * DAY + 59 * 60_000), to: iso(t0 - DAY), kind: 'not-imported' }],
      retainedFrom: null,
    });

    expect(okta?.coverage).toEqual({ events: 120, first: iso(t0), last: iso(t0 + 4 * HOUR - 60_000) });
    expect(okta?.lastSync).toMatchObject({ added: 60 });
    expect(okta?.lastFailure).toMatchObject({ code: 'AUTH' });
    expect(okta?.covered).toEqual([
      { from: iso(t0), to: iso(t0 + HOUR) },
      { from: iso(t0 + 3 * HOUR), to: iso(t0 + 4 * HOUR) },
    ]);
    expect(okta?.gaps).toEqual([
      { from: iso(t0 + HOUR), to: iso(t0 + 3 * HOUR), kind: 'not-synced', reason: 'no sync asked for this period' },
      {
        from: iso(t0 + 4 * HOUR),
        to: okta?.lastFailure?.at,
        kind: 'failed',
        reason: expect.stringMatching(/^the sync at .* failed: .*; none has completed since$/),
      },
    ]);
    const retained = Date.parse(okta?.retainedFrom ?? '');
    expect(Math.abs(retained - (Date.now() - 90 * DAY))).toBeLessThan(HOUR);

    // Lanes: a first bucket wholly older than Okta keeps, a long one up to four days before t0, then hourly to t0 + 6 h.
    const starts = [iso(Date.now() - 100 * DAY), iso(Date.now() - 95 * DAY)];
    for (let t = t0 - 4 * DAY; t < t0 + 6 * HOUR; t += HOUR) starts.push(iso(t));
    const end = iso(t0 + 6 * HOUR);
    const { lanes } = await engine.handlers['sources.lanes']({ starts, end });
    const at = (lane: string, ms: number) => {
      const found = lanes.find((l) => l.id === lane);
      const i = starts.indexOf(iso(ms));
      return { state: found?.states[i], count: found?.counts[i] };
    };
    expect(lanes.map((l) => l.id)).toEqual(['api-1', 'files']);
    expect(lanes.map((l) => l.counts.reduce((a, b) => a + b, 0))).toEqual([120, 120]);

    const oktaLane = lanes[0]?.states ?? [];
    expect(oktaLane[0]).toBe('retention');
    expect(oktaLane[1]).toBe('not-synced');
    expect(at('api-1', t0)).toEqual({ state: 'events', count: 60 });
    expect(at('api-1', t0 + HOUR).state).toBe('not-synced');
    expect(at('api-1', t0 + 2 * HOUR).state).toBe('not-synced');
    expect(at('api-1', t0 + 3 * HOUR)).toEqual({ state: 'events', count: 60 });
    expect(at('api-1', t0 + 4 * HOUR).state).toBe('failed');
    expect(at('api-1', t0 - HOUR).state).toBe('not-synced');

    expect(at('files', t0 - 3 * DAY)).toEqual({ state: 'events', count: 60 });
    expect(at('files', t0 - 2 * DAY).state).toBe('not-imported');
    expect(at('files', t0 - DAY)).toEqual({ state: 'events', count: 60 });
    expect(at('files', t0).state).toBe('not-imported');
    expect(lanes[1]?.states[0]).toBe('not-imported');
  });

  it('a source synced with no window covers from its first event to the sync: a quiet hour inside is no activity', async () => {
    const t0 = Math.floor((Date.now() - 2 * DAY) / HOUR) * HOUR;
    const dir = await tempDir();
    const casePath = join(dir, 'case.duckdb');
    (await CaseStore.create(casePath, { tenantId: TENANT })).close();
    // One event every 2 hours: every other hourly bucket is quiet.
    const peer = await startAuditApiPeer({
      token: TOKEN,
      records: {
        okta: peerRecords('okta', { events: 6, seed: 4, tenant: TENANT, start: iso(t0), spacingMs: 2 * HOUR }),
      },
    });
    peers.push(peer);
    const engine = await createEngine({
      casePath,
      secrets: new EnvSecretStore({ PEER_TOKEN: TOKEN }),
      trustDir: join(dir, 'config'),
    });
    engines.push(engine);
    const events: JobEvent[] = [];
    engine.onPush((event) => events.push(event));
    await engine.handlers['sources.add']({
      kind: 'api',
      name: 'Okta peer',
      settings: { preset: 'okta', baseUrl: peer.url, tokenRef: 'PEER_TOKEN' },
    });
    const { jobId } = await engine.handlers['jobs.sync']({ sourceId: 'api-1' });
    expect(await ending(events, jobId)).toMatchObject({ type: 'completed', summary: { added: 6 } });

    const [source] = (await engine.handlers['sources.list']({})).sources;
    expect(source?.covered).toEqual([{ from: iso(t0), to: source?.lastSync?.at }]);
    expect(source?.gaps).toEqual([]);
    expect(Date.parse(source?.retainedFrom ?? '')).toBeLessThan(t0);

    const starts = [iso(t0 - HOUR), iso(t0), iso(t0 + HOUR), iso(t0 + 2 * HOUR)];
    const { lanes } = await engine.handlers['sources.lanes']({ starts, end: iso(t0 + 3 * HOUR) });
    expect(lanes).toEqual([
      {
        id: 'api-1',
        name: 'Okta peer',
        kind: 'api',
        counts: [0, 1, 0, 1],
        states: ['not-synced', 'events', 'quiet', 'events'],
      },
    ]);
  });
});
