// Queries answer what a person would compute by hand on a small case: each expected id set below was worked out
// from the records in this file, not from running the code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQuery } from '@shared/domain/query-parser';
import type { CaseStore } from '../../src/main/core/store/case-store';
import { countMatching, facetCounts, histogram, queryPage } from '../../src/main/core/store/events-query';
import { caseWithRecords, closeAll } from '../helpers/case';

type Actor = { id: string; type: string; name: string; email?: string } | undefined;
const alice: Actor = { id: 'u1', type: 'user', name: 'Alice Ames', email: 'alice@acme.io' };
const bob: Actor = { id: 'u2', type: 'user', name: 'Bob Baker', email: 'bob@acme.io' };
const key: Actor = { id: 'k1', type: 'api_key', name: 'ci-deploy-2' };

const rec = (
  id: string,
  at: string,
  action: string,
  actor: Actor,
  ip: string | null,
  outcome: string,
  target?: string,
  ua = 'Mozilla/5.0',
) => ({
  id,
  occurred_at: at,
  tenant_id: 'acme',
  action,
  actor,
  ip_address: ip,
  outcome,
  user_agent: ua,
  ...(target ? { target: { type: 'document', id: target, name: `Doc ${target}` } } : {}),
});

const RECORDS = [
  rec('e01', '2025-01-10T08:00:00Z', 'user.signed_in', alice, '203.0.113.5', 'success'),
  rec('e02', '2025-01-10T08:05:00Z', 'document.accessed', alice, '203.0.113.5', 'success', 'd1'),
  rec('e03', '2025-01-10T09:00:00Z', 'user.login_failed', bob, '192.0.2.66', 'failure'),
  rec('e04', '2025-01-10T09:01:00Z', 'user.login_failed', bob, '192.0.2.66', 'failure'),
  rec('e05', '2025-01-10T09:02:00Z', 'user.signed_in', bob, '192.0.2.66', 'success', undefined, 'curl/8.0'),
  rec('e06', '2025-01-11T02:13:00Z', 'export.created', key, '192.0.2.66', 'success', 'd2'),
  rec('e07', '2025-01-11T02:14:00Z', 'document.accessed', key, '2001:db8::7', 'success', 'd3'),
  rec('e08', '2025-01-11T10:00:00Z', 'user.mfa_disabled', alice, '198.51.100.9', 'success'),
  rec('e09', '2025-01-12T23:30:00Z', 'workspace.settings_changed', undefined, null, 'unknown'),
  rec('e10', '2025-01-13T00:30:00Z', 'document.updated', bob, '203.0.113.200', 'success', 'report-50%'),
];

let store: CaseStore;

beforeAll(async () => {
  store = await caseWithRecords(RECORDS, { tenantId: 'acme' });
});
afterAll(closeAll);

const ids = async (query: string, timeZone = 'UTC') =>
  (await queryPage(store, { query: parseQuery(query), order: 'asc', limit: 100, timeZone })).events.map((e) => e.uid);

describe('queries on a small case', () => {
  it.each([
    ['', ['e01', 'e02', 'e03', 'e04', 'e05', 'e06', 'e07', 'e08', 'e09', 'e10']],
    ['action:user.signed_in', ['e01', 'e05']],
    ['action:user.*', ['e01', 'e03', 'e04', 'e05', 'e08']],
    ['action:USER.SIGNED_IN', ['e01', 'e05']],
    ['actor:alice', ['e01', 'e02', 'e08']],
    ['actor:"Bob Baker"', ['e03', 'e04', 'e05', 'e10']],
    ['actor:bob@acme.io -outcome:failure', ['e05', 'e10']],
    ['-actor:alice', ['e03', 'e04', 'e05', 'e06', 'e07', 'e09', 'e10']],
    ['actor:ci-deploy-*', ['e06', 'e07']],
    ['target:d1 OR target:"Doc d3"', ['e02', 'e07']],
    ['target:report-50%', ['e10']],
    ['target:report-5*', ['e10']],
    ['ip:192.0.2.66', ['e03', 'e04', 'e05', 'e06']],
    ['ip:203.0.113.0/25', ['e01', 'e02']],
    ['ip:203.0.113.*', ['e01', 'e02', 'e10']],
    ['ip:2001:db8::/32', ['e07']],
    ['-ip:192.0.2.0/24', ['e01', 'e02', 'e07', 'e08', 'e09', 'e10']],
    ['outcome:failure', ['e03', 'e04']],
    ['category:auth', ['e01', 'e03', 'e04', 'e05', 'e08']],
    ['category:data', ['e02', 'e06', 'e07', 'e10']],
    ['after:2025-01-11', ['e06', 'e07', 'e08', 'e09', 'e10']],
    ['after:2025-01-11 before:2025-01-12', ['e06', 'e07', 'e08']],
    ['after:2025-01-10T09:01:00Z before:2025-01-10T09:02:00Z', ['e04']],
    ['curl', ['e05']],
    ['"signed_in"', ['e01', 'e05']],
    ['ames', ['e01', 'e02', 'e08']],
    ['raw:"settings_changed"', ['e09']],
    ['(actor:alice OR actor:bob) outcome:success -category:data', ['e01', 'e05', 'e08']],
    ['tenant:acme source:files action:export.created', ['e06']],
    ["actor:\"x' OR '1'='1\"", []],
    // uid: is exact and case-sensitive (the drawer's + / − on uid).
    ['uid:e03', ['e03']],
    ['uid:E03', []],
    ['uid:e0', []],
    ['actor:bob -uid:e03', ['e04', 'e05', 'e10']],
    // The drawer's + / − on a time: the second it occurred in, and everything but that second.
    ['after:2025-01-10T09:01:00Z before:2025-01-10T09:01:01Z', ['e04']],
    ['actor:bob -(after:2025-01-10T09:01:00Z before:2025-01-10T09:01:01Z)', ['e03', 'e05', 'e10']],
  ])('%s', async (query, expected) => {
    expect(await ids(query)).toEqual(expected);
    expect(await countMatching(store, parseQuery(query), { timeZone: 'UTC' })).toBe(expected.length);
  });

  it('reads a date in the display time zone', async () => {
    // Midnight 2025-01-13 in New York is 05:00 UTC: e09 (23:30 UTC on the 12th) and e10 (00:30 UTC) fall before it.
    expect(await ids('after:2025-01-12T18:00:00 before:2025-01-13', 'America/New_York')).toEqual(['e09', 'e10']);
    expect(await ids('after:2025-01-13', 'UTC')).toEqual(['e10']);
  });
});

describe('facets', () => {
  it('counts the top values of each facet for a query, with distinct and missing counts', async () => {
    const { total, facets } = await facetCounts(store, parseQuery('-action:document.*'), { timeZone: 'UTC' });
    expect(total).toBe(7);
    expect(facets.action).toEqual({
      values: [
        { value: 'user.login_failed', count: 2 },
        { value: 'user.signed_in', count: 2 },
        { value: 'export.created', count: 1 },
        { value: 'user.mfa_disabled', count: 1 },
        { value: 'workspace.settings_changed', count: 1 },
      ],
      distinct: 5,
      missing: 0,
    });
    expect(facets.actor).toEqual({
      values: [
        { value: 'bob@acme.io', count: 3 },
        { value: 'alice@acme.io', count: 2 },
        { value: 'ci-deploy-2', count: 1 },
      ],
      distinct: 3,
      missing: 1,
    });
    expect(facets.ip.values[0]).toEqual({ value: '192.0.2.66', count: 4 });
    expect(facets.ip.missing).toBe(1);
    expect(facets.outcome.values).toEqual([
      { value: 'success', count: 4 },
      { value: 'failure', count: 2 },
      { value: 'unknown', count: 1 },
    ]);
    expect(facets.target).toEqual({ values: [{ value: 'Doc d2', count: 1 }], distinct: 1, missing: 6 });
  });

  it('counts in one pass exactly as with five scans', async () => {
    for (const query of [
      null,
      parseQuery('-action:document.*'),
      parseQuery('outcome:failure'),
      parseQuery('action:no.such.action'),
    ]) {
      for (const top of [1, 2, 10]) {
        const onePass = await facetCounts(store, query, { top, timeZone: 'UTC' });
        expect(onePass).toEqual(await facetCounts(store, query, { top, timeZone: 'UTC', onePassMax: -1 }));
      }
    }
    const none = await facetCounts(store, parseQuery('action:no.such.action'), { timeZone: 'UTC' });
    expect(none.total).toBe(0);
    expect(none.facets.actor).toEqual({ values: [], distinct: 0, missing: 0 });
  });

  it('limits each facet to --top values', async () => {
    const { facets } = await facetCounts(store, null, { top: 2, timeZone: 'UTC' });
    expect(facets.action.values).toEqual([
      { value: 'document.accessed', count: 2 },
      { value: 'user.login_failed', count: 2 },
    ]);
    expect(facets.action.distinct).toBe(7);
  });
});

describe('histogram', () => {
  it('buckets the matching events, fills empty buckets and splits by outcome', async () => {
    const result = await histogram(store, parseQuery('after:2025-01-10 before:2025-01-11'), {
      by: 'outcome',
      timeZone: 'UTC',
    });
    // e01 08:00 … e05 09:02: a 62-minute span → 30-second buckets (125 of them), 5 events.
    expect(result.interval).toBe('30 seconds');
    expect(result.buckets).toHaveLength(125);
    expect(result.buckets.reduce((n, b) => n + b.total, 0)).toBe(5);
    expect(result.buckets[0]).toEqual({ start: '2025-01-10T08:00:00.000Z', total: 1, split: { success: 1 } });
    expect(result.buckets.find((b) => b.start === '2025-01-10T09:00:00.000Z')).toEqual({
      start: '2025-01-10T09:00:00.000Z',
      total: 1,
      split: { failure: 1 },
    });
  });

  it('picks the bucket size from the matching range', async () => {
    // e01 (Jan 10 08:00) to e10 (Jan 13 00:30): 64.5 hours → 15-minute buckets, 259 of them.
    const result = await histogram(store, null, { timeZone: 'UTC' });
    expect(result.interval).toBe('15 minutes');
    expect(result.buckets).toHaveLength(259);
    expect(result.buckets.reduce((n, b) => n + b.total, 0)).toBe(10);
  });

  it('is empty when nothing matches', async () => {
    expect((await histogram(store, parseQuery('actor:nobody'), { timeZone: 'UTC' })).buckets).toEqual([]);
  });
});

describe('histogram day buckets', () => {
  it('start at local midnight in the display zone, across a DST change', async () => {
    // One event at 12:00 UTC every 3 days for 200 days: a range long enough for 1-day buckets.
    const records = Array.from({ length: 67 }, (_, i) =>
      rec(
        `d${i}`,
        new Date(Date.UTC(2025, 0, 1, 12) + i * 3 * 86_400_000).toISOString(),
        'user.signed_in',
        alice,
        null,
        'success',
      ),
    );
    const days = await caseWithRecords(records, { tenantId: 'acme' });

    const result = await histogram(days, null, { timeZone: 'America/New_York' });

    expect(result.interval).toBe('1 day');
    expect(result.buckets).toHaveLength(199);
    expect(result.buckets.reduce((n, b) => n + b.total, 0)).toBe(67);
    // New York midnight is 05:00 UTC in winter and 04:00 UTC in summer (DST from 2025-03-09).
    expect(result.buckets[0]?.start).toBe('2025-01-01T05:00:00.000Z');
    expect(result.buckets.find((b) => b.start.startsWith('2025-03-09'))?.start).toBe('2025-03-09T05:00:00.000Z');
    expect(result.buckets.find((b) => b.start.startsWith('2025-03-10'))?.start).toBe('2025-03-10T04:00:00.000Z');
    expect(new Set(result.buckets.map((b) => b.start)).size).toBe(199);
  });
});
