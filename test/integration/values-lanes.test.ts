// The query bar's autocomplete values and the timeline's per-actor lanes, on a small case whose answers were worked
// out by hand from the records below.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQuery } from '@shared/domain/query-parser';
import { REQUEST_SCHEMAS } from '@shared/schemas';
import type { CaseStore } from '../../src/main/core/store/case-store';
import { actorLanes, fieldValues, histogram } from '../../src/main/core/store/events-query';
import { caseWithRecords, closeAll } from '../helpers/case';

type Actor = { id: string; type: string; name: string; email?: string } | undefined;
const alice: Actor = { id: 'u1', type: 'user', name: 'Alice Ames', email: 'alice@acme.io' };
const bob: Actor = { id: 'u2', type: 'user', name: 'Bob Baker', email: 'bob@acme.io' };
const key: Actor = { id: 'k1', type: 'api_key', name: 'ci-deploy-2' };

const rec = (id: string, at: string, action: string, actor: Actor, outcome: string, target?: string) => ({
  id,
  occurred_at: at,
  tenant_id: 'acme',
  action,
  actor,
  ip_address: '203.0.113.5',
  outcome,
  ...(target ? { target: { type: 'document', id: target, name: `Doc ${target}` } } : {}),
});

const RECORDS = [
  rec('e01', '2025-01-10T08:00:00Z', 'user.signed_in', alice, 'success'),
  rec('e02', '2025-01-10T08:05:00Z', 'document.accessed', alice, 'success', 'd1'),
  rec('e03', '2025-01-10T09:00:00Z', 'user.login_failed', bob, 'failure'),
  rec('e04', '2025-01-10T09:01:00Z', 'user.login_failed', bob, 'failure'),
  rec('e05', '2025-01-10T09:02:00Z', 'user.signed_in', bob, 'success'),
  rec('e06', '2025-01-11T02:13:00Z', 'export.created', key, 'success', 'd2'),
  rec('e07', '2025-01-11T02:14:00Z', 'document.accessed', key, 'success', 'd3'),
  rec('e08', '2025-01-11T10:00:00Z', 'user.mfa_disabled', alice, 'success'),
  rec('e09', '2025-01-12T23:30:00Z', 'workspace.settings_changed', undefined, 'unknown'),
  rec('e10', '2025-01-13T00:30:00Z', 'document.updated', bob, 'success', 'report-50%'),
];

let store: CaseStore;

beforeAll(async () => {
  store = await caseWithRecords(RECORDS, { tenantId: 'acme' });
});
afterAll(closeAll);

const values = (field: Parameters<typeof fieldValues>[2]['field'], prefix: string, query = '', limit = 10) =>
  fieldValues(store, parseQuery(query), { timeZone: 'UTC', field, prefix, limit });

describe('field values for autocomplete', () => {
  it('lists values containing the prefix, those starting with it first, then by count', async () => {
    expect(await values('action', 'd')).toEqual([
      { value: 'document.accessed', count: 2 },
      { value: 'document.updated', count: 1 },
      { value: 'user.login_failed', count: 2 },
      { value: 'user.signed_in', count: 2 },
      { value: 'export.created', count: 1 },
      { value: 'user.mfa_disabled', count: 1 },
      { value: 'workspace.settings_changed', count: 1 },
    ]);
  });

  it('matches case-insensitively and gives the actor as the facet names it (email, else name)', async () => {
    expect(await values('actor', '')).toEqual([
      { value: 'bob@acme.io', count: 4 },
      { value: 'alice@acme.io', count: 3 },
      { value: 'ci-deploy-2', count: 2 },
    ]);
    expect(await values('actor', 'CI-')).toEqual([{ value: 'ci-deploy-2', count: 2 }]);
  });

  it('counts only the events of the query, and stops at the limit', async () => {
    expect(await values('actor', '', 'outcome:failure')).toEqual([{ value: 'bob@acme.io', count: 2 }]);
    expect(await values('action', 'user', '', 2)).toEqual([
      { value: 'user.login_failed', count: 2 },
      { value: 'user.signed_in', count: 2 },
    ]);
  });

  it('reads % and _ in the prefix as themselves, not as LIKE wildcards', async () => {
    expect(await values('target', '50%')).toEqual([{ value: 'Doc report-50%', count: 1 }]);
    expect(await values('target', '_')).toEqual([]);
    expect(await values('target', '%')).toEqual([{ value: 'Doc report-50%', count: 1 }]);
  });

  it('is refused at the router for a field with no values to suggest', () => {
    const base = { query: '', timeZone: 'UTC', prefix: '', limit: 10 };
    expect(REQUEST_SCHEMAS['events.values'].safeParse({ ...base, field: 'action' }).success).toBe(true);
    expect(REQUEST_SCHEMAS['events.values'].safeParse({ ...base, field: 'raw' }).success).toBe(false);
    expect(REQUEST_SCHEMAS['events.values'].safeParse({ ...base, field: 'after' }).success).toBe(false);
  });
});

describe('actor lanes', () => {
  it('splits the histogram of the same query into the top actors and the rest, bucket by bucket', async () => {
    const [lanes, bars] = await Promise.all([
      actorLanes(store, null, { timeZone: 'UTC', top: 2 }),
      histogram(store, null, { timeZone: 'UTC' }),
    ]);
    expect(lanes.interval).toBe('15 minutes');
    expect(lanes.starts).toEqual(bars.buckets.map((b) => b.start));
    expect(lanes.lanes.map((l) => [l.actor, l.total])).toEqual([
      ['bob@acme.io', 4],
      ['alice@acme.io', 3],
    ]);
    // The rest: ci-deploy-2's two events and the one event with no actor.
    expect(lanes.other).toMatchObject({ actors: 1, total: 3 });
    // Bob's three events between 09:00 and 09:15 fall in one bucket, the fifth from 08:00.
    expect(lanes.starts[4]).toBe('2025-01-10T09:00:00.000Z');
    expect(lanes.lanes[0]?.counts[4]).toBe(3);
    bars.buckets.forEach((bucket, i) => {
      const sum = lanes.lanes.reduce((s, l) => s + (l.counts[i] ?? 0), 0) + (lanes.other.counts[i] ?? 0);
      expect(sum, bucket.start).toBe(bucket.total);
    });
  });

  it('counts in one pass exactly as with separate scans', async () => {
    for (const query of [null, parseQuery('outcome:failure'), parseQuery('-actor:bob@acme.io')]) {
      for (const top of [1, 2, 8]) {
        const onePass = await actorLanes(store, query, { timeZone: 'Europe/Berlin', top });
        expect(onePass).toEqual(await actorLanes(store, query, { timeZone: 'Europe/Berlin', top, onePassMax: -1 }));
      }
    }
  });

  it('follows the query, and is empty when nothing matches', async () => {
    const failures = await actorLanes(store, parseQuery('outcome:failure'), { timeZone: 'UTC', top: 8 });
    expect(failures.lanes.map((l) => [l.actor, l.total])).toEqual([['bob@acme.io', 2]]);
    expect(failures.other).toMatchObject({ actors: 0, total: 0 });

    const none = await actorLanes(store, parseQuery('actor:nobody'), { timeZone: 'UTC', top: 8 });
    expect(none).toMatchObject({ starts: [], lanes: [], other: { total: 0 } });
  });
});
