// Issue 18 items 1–2 on a real demo case (answer key: src/main/core/demo/INCIDENT.md): every value of a facet,
// rare first, searched and paged; autocomplete by prefix and substring; the actor lanes' ranks and failures; and the
// histogram's notable lane, whose success-after-failures mark is the incident's break-in and nothing else.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQuery } from '@shared/domain/query-parser';
import { INCIDENT_IP, INCIDENT_STEPS } from '../../src/main/core/demo/incident';
import { createDemoCase } from '../../src/main/core/demo/create-demo-case';
import { detect } from '../../src/main/core/detections/detect-job';
import { CaseStore } from '../../src/main/core/store/case-store';
import {
  actorLanes,
  countMatching,
  facetCounts,
  facetValues,
  fieldValues,
  queryPage,
} from '../../src/main/core/store/events-query';
import { notableMarks } from '../../src/main/core/store/notable-query';
import { queryRows } from '../../src/main/core/store/sql';
import { caseWithRecords, closeAll } from '../helpers/case';
import { genericRecord } from '../helpers/records';

let dir: string;
let store: CaseStore;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trailscope-test-'));
  const path = join(dir, 'demo.duckdb');
  await createDemoCase(path, { events: 5_000, seed: 7, tenant: 'acme' });
  store = await CaseStore.open(path);
}, 60_000);

afterAll(async () => {
  store?.close();
  await rm(dir, { recursive: true, force: true });
});

const q = (text: string) => parseQuery(text);

const UTC = { timeZone: 'UTC' };
const STEP = (n: number) => INCIDENT_STEPS.find((s) => s.step === n)!;

/** Every value of a facet among the query's events with its count, straight from SQL (the answer to compare with). */
async function allValues(expression: string, where = 'true'): Promise<{ value: string; count: number }[]> {
  const rows = await queryRows(
    store.connection,
    `SELECT ${expression}::VARCHAR AS value, count(*) AS n FROM events WHERE ${where} GROUP BY value HAVING value IS NOT NULL`,
  );
  return rows.map((r) => ({ value: String(r['value']), count: Number(r['n']) }));
}

/** The source record ids of a query's events, in time order (the answer key names events by them). */
async function recordIds(text: string): Promise<string[]> {
  const page = await queryPage(store, { query: q(text), order: 'asc', limit: 1_000, ...UTC });
  return page.events.map((e) => String((e.raw as { id?: unknown }).id));
}

describe('facet values: show all, rare first, searched and paged', () => {
  it('lists every action least frequent first, ties by value, with the distinct count', async () => {
    const expected = (await allValues('action')).sort((x, y) => x.count - y.count || (x.value < y.value ? -1 : 1));
    const page = await facetValues(store, null, {
      ...UTC,
      field: 'action',
      search: '',
      order: 'rare',
      offset: 0,
      limit: 1_000,
    });
    expect(page.distinct).toBe(expected.length);
    expect(page.values).toEqual(expected);
    // The hidden rare actions of issue 18 are all there.
    const names = page.values.map((v) => v.value);
    for (const action of [
      'user.mfa_disabled',
      'api_key.created',
      'audit_log.streaming_changed',
      'webhook.destination_changed',
    ])
      expect(names).toContain(action);
  });

  it('orders top values most frequent first', async () => {
    const expected = (await allValues('ip')).sort((x, y) => y.count - x.count || (x.value < y.value ? -1 : 1));
    const page = await facetValues(store, null, { ...UTC, field: 'ip', search: '', order: 'top', offset: 0, limit: 5 });
    expect(page.values).toEqual(expected.slice(0, 5));
    expect(page.distinct).toBe(expected.length);
  });

  it('pages by offset: consecutive pages put together are the whole list, and past the end still counts', async () => {
    const whole = await facetValues(store, null, {
      ...UTC,
      field: 'ip',
      search: '',
      order: 'rare',
      offset: 0,
      limit: 1_000,
    });
    const pages = [];
    for (let offset = 0; offset < whole.distinct; offset += 7)
      pages.push(
        ...(await facetValues(store, null, { ...UTC, field: 'ip', search: '', order: 'rare', offset, limit: 7 }))
          .values,
      );
    expect(pages).toEqual(whole.values);
    const past = await facetValues(store, null, {
      ...UTC,
      field: 'ip',
      search: '',
      order: 'rare',
      offset: 10_000,
      limit: 7,
    });
    expect(past).toEqual({ values: [], distinct: whole.distinct });
  });

  it('searches by substring, case-insensitively, with % and _ taken literally, among the query’s events', async () => {
    const page = await facetValues(store, q('outcome:success'), {
      ...UTC,
      field: 'action',
      search: 'MFA',
      order: 'top',
      offset: 0,
      limit: 100,
    });
    const expected = (await allValues('action', `outcome = 'success' AND action ILIKE '%mfa%'`)).sort(
      (x, y) => y.count - x.count || (x.value < y.value ? -1 : 1),
    );
    expect(page.values.length).toBeGreaterThan(0);
    expect(page.values).toEqual(expected);
    expect(page.distinct).toBe(expected.length);
    const literal = await facetValues(store, null, {
      ...UTC,
      field: 'action',
      search: 'user%',
      order: 'top',
      offset: 0,
      limit: 100,
    });
    expect(literal).toEqual({ values: [], distinct: 0 });
  });

  it('leads to the attacker: the IPs only maria.garcia used, rare first, include 192.0.2.66', async () => {
    const page = await facetValues(store, q('actor:maria.garcia@acme.io'), {
      ...UTC,
      field: 'ip',
      search: '',
      order: 'rare',
      offset: 0,
      limit: 100,
    });
    expect(page.values.map((v) => v.value)).toContain(INCIDENT_IP);
  });

  it('counts first uses among the query’s events (the First-seen facet) and countries (the Country facet)', async () => {
    const { facets } = await facetCounts(store, q(`ip:${INCIDENT_IP}`), UTC);
    const [firstIps] = await queryRows(
      store.connection,
      `SELECT count(*) AS n FROM first_seen f JOIN events e USING (tenant_id, uid) WHERE f.kind = 'ip' AND e.ip = $1`,
      [INCIDENT_IP],
    );
    expect(facets.first_seen.values.find((v) => v.value === 'ip')?.count).toBe(Number(firstIps?.['n']));
    expect(Number(firstIps?.['n'])).toBeGreaterThan(0);
    // 192.0.2.66 is a documentation address: no country, so every one of its events is counted missing.
    const total = (await allValues('ip', `ip = '${INCIDENT_IP}'`))[0]?.count;
    expect(facets.country).toEqual({ values: [], distinct: 0, missing: total });
    const all = await facetValues(store, null, {
      ...UTC,
      field: 'first_seen',
      search: '',
      order: 'rare',
      offset: 0,
      limit: 10,
    });
    const kinds = await queryRows(
      store.connection,
      'SELECT kind AS value, count(*) AS n FROM first_seen GROUP BY kind ORDER BY n, kind',
    );
    expect(all.values).toEqual(kinds.map((r) => ({ value: String(r['value']), count: Number(r['n']) })));
  });
});

describe('autocomplete lists every value by prefix and by substring', () => {
  it('gives every action containing the text, those starting with it first', async () => {
    const values = await fieldValues(store, null, { ...UTC, field: 'action', prefix: 'api', limit: 1_000 });
    const names = values.map((v) => v.value);
    const starting = names.filter((n) => n.startsWith('api'));
    expect(starting.length).toBeGreaterThan(0);
    expect(names.slice(0, starting.length)).toEqual(starting);
    expect(names.length).toBe((await allValues('action', `action ILIKE '%api%'`)).length);
    const all = await fieldValues(store, null, { ...UTC, field: 'action', prefix: '', limit: 1_000 });
    expect(all.length).toBe((await allValues('action')).length);
    expect(
      (await fieldValues(store, null, { ...UTC, field: 'action', prefix: 'mfa', limit: 1_000 })).map((v) => v.value),
    ).toContain('user.mfa_disabled');
  });
});

describe('actor lanes rank by volume, failures or rarity, and count failures', () => {
  it('puts the victim of the password spraying first by failures and by rarity, and counts her failures', async () => {
    const byFailures = await actorLanes(store, null, { ...UTC, rank: 'failures' });
    const first = byFailures.lanes[0]!;
    expect(first.actor).toBe('maria.garcia@acme.io');
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const [failed] = await queryRows(
      store.connection,
      `SELECT count(*) AS n FROM events WHERE actor_email = 'maria.garcia@acme.io' AND outcome = 'failure'`,
    );
    expect(sum(first.failures)).toBe(Number(failed?.['n']));
    expect((await actorLanes(store, null, { ...UTC, rank: 'rarity' })).lanes[0]?.actor).toBe('maria.garcia@acme.io');
    const byVolume = await actorLanes(store, null, { ...UTC, rank: 'volume' });
    const totals = byVolume.lanes.map((l) => l.total);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
  });

  it('gives the same lanes in one pass and in plain scans', async () => {
    for (const rank of ['volume', 'failures', 'rarity'] as const)
      expect(await actorLanes(store, null, { ...UTC, rank, onePassMax: 0 })).toEqual(
        await actorLanes(store, null, { ...UTC, rank }),
      );
  });
});

describe('the notable lane on the demo case', () => {
  it('marks one success after failures: the break-in, whose clause and range are steps 1 and 2 exactly', async () => {
    const { marks } = await notableMarks(store, null, UTC);
    const after = marks.filter((m) => m.kind === 'after_failures');
    expect(after).toHaveLength(1);
    const mark = after[0]!;
    expect(mark.count).toBe(15);
    const text = `${mark.clause} after:${mark.from} before:${mark.to}`;
    expect(await recordIds(text)).toEqual([...STEP(1).eventIds, ...STEP(2).eventIds]);
    const page = await queryPage(store, { query: q(text), order: 'asc', limit: 100, ...UTC });
    expect(new Set(page.events.map((e) => e.ip))).toEqual(new Set([INCIDENT_IP]));
  });

  it('marks every security and config event, and every first use of an IP, per bucket', async () => {
    const { marks } = await notableMarks(store, null, UTC);
    const total = (kind: string) => marks.filter((m) => m.kind === kind).reduce((s, m) => s + m.count, 0);
    const count = async (where: string) =>
      Number((await queryRows(store.connection, `SELECT count(*) AS n FROM events WHERE ${where}`))[0]?.['n']);
    expect(total('security')).toBe(await count(`category = 'security'`));
    expect(total('config')).toBe(await count(`category = 'config'`));
    expect(total('first_ip')).toBe(
      await count(`(tenant_id, uid) IN (SELECT tenant_id, uid FROM first_seen WHERE kind = 'ip')`),
    );
    // The attacker's first sign-in attempt is the victim's first use of 192.0.2.66, under a first_ip mark.
    const firstAttempt = Date.parse(
      (await queryPage(store, { query: q(`first_seen:ip ip:${INCIDENT_IP}`), order: 'asc', limit: 1, ...UTC }))
        .events[0]!.occurred_at,
    );
    expect(
      marks.some((m) => m.kind === 'first_ip' && Date.parse(m.from) <= firstAttempt && firstAttempt < Date.parse(m.to)),
    ).toBe(true);
    // A mark's clause and range select exactly its count.
    const mark = marks.find((m) => m.kind === 'security')!;
    expect(await recordIds(`${mark.clause} after:${mark.from} before:${mark.to}`)).toHaveLength(mark.count);
  });

  it('follows the query: within another actor’s events there is no break-in', async () => {
    const { marks } = await notableMarks(store, q('-actor:maria.garcia@acme.io'), UTC);
    expect(marks.filter((m) => m.kind === 'after_failures')).toEqual([]);
  });

  it('marks the latest detection run’s findings, each selecting its own events by finding:<id>', async () => {
    await detect(store, { signal: new AbortController().signal });
    const { marks } = await notableMarks(store, null, UTC);
    const findings = marks.filter((m) => m.kind === 'finding');
    expect(findings.length).toBeGreaterThan(0);
    for (const mark of findings) expect(await recordIds(mark.clause)).toHaveLength(mark.count);
    // One of them covers the break-in.
    const breakIn = STEP(2).eventIds[0]!;
    const covering = [];
    for (const mark of findings) if ((await recordIds(mark.clause)).includes(breakIn)) covering.push(mark);
    expect(covering.length).toBeGreaterThan(0);
  });
});

describe('the Country facet on real-world addresses', () => {
  afterAll(closeAll);

  it('counts each country as country: selects it, and the addresses without one as missing', async () => {
    const ips = ['81.2.69.143', '81.2.69.143', '89.160.20.156', '2a01:4f8::1', '192.0.2.1', '192.0.2.1', '192.0.2.1'];
    const small = await caseWithRecords(
      ips.map((ip_address, i) => genericRecord(i + 1, { ip_address })),
      { tenantId: 'acme' },
    );
    const { facets } = await facetCounts(small, null, UTC);
    expect(facets.country.values.length).toBeGreaterThan(1);
    expect(facets.country.missing).toBe(3);
    for (const { value, count } of facets.country.values)
      expect(await countMatching(small, q(`country:${value}`), UTC)).toBe(count);
    const rare = await facetValues(small, null, {
      ...UTC,
      field: 'country',
      search: '',
      order: 'rare',
      offset: 0,
      limit: 10,
    });
    expect(rare.values).toEqual(
      [...facets.country.values].sort((x, y) => x.count - y.count || (x.value < y.value ? -1 : 1)),
    );
  });
});
