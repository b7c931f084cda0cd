// Countries, first-seen and sessions (store/derived.ts, sessions.ts) on real cases: records imported through the
// real import, the tables read back, and the query fields that use them (`country:`, `first_seen:`, `session:`).
import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseQuery } from '@shared/domain/query-parser';
import { importFiles } from '../../../../../src/main/core/sources/files/import-files';
import type { CaseStore } from '../../../../../src/main/core/store/case-store';
import { countMatching, queryPage } from '../../../../../src/main/core/store/events-query';
import { COUNTRY_LOOKUP_SQL } from '../../../../../src/main/core/store/derived';
import { geoDatabase, ipNumber } from '../../../../../src/main/core/store/geo-db';
import { eventContext } from '../../../../../src/main/core/store/sessions';
import { queryRows } from '../../../../../src/main/core/store/sql';
import { caseWithRecords, closeAll, newCase } from '../../../../helpers/case';
import { genericRecord, ndjson } from '../../../../helpers/records';
import { FIXTURES, tempDir } from '../../../../helpers/temp';

afterEach(closeAll);

const MINUTE = 60_000;
const at = (minutes: number) => new Date(Date.UTC(2025, 0, 1) + minutes * MINUTE).toISOString();
const actor = (id: string) => ({ id, type: 'user', name: id, email: `${id}@acme.io` });
/** A generic record of `who` at `minutes` into 2025, from `ip`. */
const record = (n: number, who: string, minutes: number, more: Record<string, unknown> = {}) =>
  genericRecord(n, { actor: actor(who), occurred_at: at(minutes), ...more });

async function importMore(store: CaseStore, records: object[]): Promise<void> {
  const dir = await tempDir();
  await writeFile(join(dir, 'more.ndjson'), ndjson(records));
  await importFiles(store, [dir]);
}

const uidsOf = async (store: CaseStore, query: string) =>
  (await queryPage(store, { query: parseQuery(query), order: 'asc', limit: 1000 })).events.map((e) => e.uid);

describe('country lookup', () => {
  it('gives IPv4 and IPv6 addresses their country, and reserved or private ranges none', async () => {
    const ips = {
      '81.2.69.143': 'GB',
      '89.160.20.156': 'SE',
      '::ffff:81.2.69.143': 'GB',
      '2a00:1450:4001:82b::200e': 'IE',
      '2a01:4f8::1': 'DE',
      // The database lists 192.168.0.0/16, 203.0.113.0/24 and 2001:db8::/32 under a country: they must get none.
      '192.168.1.5': null,
      '10.0.0.1': null,
      '127.0.0.1': null,
      '203.0.113.7': null,
      '2001:db8::1': null,
      'fe80::1%eth0': null,
      '::1': null,
    };
    const store = await caseWithRecords(
      Object.keys(ips).map((ip, n) => record(n, 'alice', n, { ip_address: ip })),
      { tenantId: 'acme' },
    );

    const rows = await queryRows(store.connection, 'SELECT ip, country FROM ip_countries');
    expect(Object.fromEntries(rows.map((r) => [r['ip'], r['country']]))).toEqual(ips);
    expect(await countMatching(store, parseQuery('country:gb'))).toBe(2);
    expect(await countMatching(store, parseQuery('country:IE OR country:DE'))).toBe(2);
    expect(await countMatching(store, parseQuery('-country:*'))).toBe(7);
    const [meta] = await queryRows(store.connection, `SELECT value FROM meta WHERE key = 'geo_db'`);
    expect(meta?.['value']).toBe(geoDatabase().version);
    expect(geoDatabase().date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  // DuckDB plans an ASOF join whose left side it expects under 64 rows as a nested loop over every range: a batch's
  // 1,016 new addresses took 17 s that way (case-store.ts sets asof_loop_join_threshold).
  it('plans the lookup as an ASOF join however few addresses a batch brings', async () => {
    const store = await newCase({ tenantId: 'acme' });
    await store.connection.run(`CREATE TEMP TABLE geo_lookup AS SELECT '81.2.69.143' AS ip, 4 AS family,
      ${ipNumber('81.2.69.143')?.value}::UHUGEINT AS n`);

    const plan = await queryRows(store.connection, `EXPLAIN ${COUNTRY_LOOKUP_SQL}`, [geoDatabase().ipv4File, 4]);
    const text = plan.map((row) => String(row['explain_value'])).join('\n');
    expect(text).toContain('ASOF_JOIN');
    expect(text).not.toContain('NESTED_LOOP_JOIN');
  });

  it('turns addresses into the numbers the range files use', () => {
    expect(ipNumber('1.0.0.1')).toEqual({ family: 4, value: '16777217' });
    expect(ipNumber('2001:200::1')).toEqual({ family: 6, value: String((0x20010200n << 96n) | 1n) });
    expect(ipNumber('::ffff:1.0.0.1')).toEqual({ family: 4, value: '16777217' });
    expect(ipNumber('not an ip')).toBeNull();
  });
});

describe('first seen', () => {
  it("marks each actor's first use of an IP, a country and a user agent, per tenant", async () => {
    const store = await caseWithRecords(
      [
        record(1, 'alice', 10, { ip_address: '81.2.69.143', user_agent: 'A' }),
        record(2, 'alice', 20, { ip_address: '81.2.69.143', user_agent: 'A' }),
        record(3, 'alice', 30, { ip_address: '81.2.69.144', user_agent: 'B' }),
        record(4, 'alice', 40, { ip_address: '89.160.20.156', user_agent: 'B' }),
        record(5, 'bob', 50, { ip_address: '81.2.69.143', user_agent: 'A' }),
        record(6, 'alice', 60, { ip_address: '81.2.69.143', user_agent: 'A', tenant_id: 'other' }),
      ],
      { tenantId: 'acme', multiTenant: true },
    );

    expect(await uidsOf(store, 'first_seen:ip')).toEqual([
      'evt_000001',
      'evt_000003',
      'evt_000004',
      'evt_000005',
      'evt_000006',
    ]);
    expect(await uidsOf(store, 'first_seen:country')).toEqual(['evt_000001', 'evt_000004', 'evt_000005', 'evt_000006']);
    expect(await uidsOf(store, 'first_seen:UA')).toEqual(['evt_000001', 'evt_000003', 'evt_000005', 'evt_000006']);
    expect(await uidsOf(store, 'actor:alice -first_seen:ip')).toEqual(['evt_000002']);
  });

  it('moves a first use to an older event imported afterwards, and keeps it on a newer one', async () => {
    const store = await caseWithRecords(
      [record(1, 'alice', 100, { ip_address: '81.2.69.143' }), record(2, 'alice', 200, { ip_address: '81.2.69.143' })],
      { tenantId: 'acme' },
    );
    expect(await uidsOf(store, 'first_seen:ip')).toEqual(['evt_000001']);

    await importMore(store, [
      record(3, 'alice', 50, { ip_address: '81.2.69.143' }),
      record(4, 'alice', 300, { ip_address: '81.2.69.143' }),
    ]);

    expect(await uidsOf(store, 'first_seen:ip')).toEqual(['evt_000003']);
    const rows = await queryRows(store.connection, `SELECT uid FROM first_seen WHERE kind = 'ip'`);
    expect(rows).toEqual([{ uid: 'evt_000003' }]);
    const context = await eventContext(store, 'acme', 'evt_000001');
    expect(context.firstUses).toContainEqual({
      kind: 'ip',
      value: '81.2.69.143',
      firstAt: `${at(50).slice(0, -1)}000Z`,
      thisEvent: false,
    });
    expect(context.country).toBe('GB');
  });
});

describe('sessions', () => {
  it("groups events by the provider's session id and selects one with session:", async () => {
    const store = await caseWithRecords(
      [
        record(1, 'alice', 0, { metadata: { session_id: 's-1' } }),
        record(2, 'alice', 300, { metadata: { session_id: 's-1' } }),
        record(3, 'alice', 301, { metadata: { session_id: 's-2' } }),
        record(4, 'alice', 302),
      ],
      { tenantId: 'acme' },
    );

    expect(await uidsOf(store, 'session:s-1')).toEqual(['evt_000001', 'evt_000002']);
    const context = await eventContext(store, 'acme', 'evt_000002');
    expect(context.session).toMatchObject({ id: 's-1', kind: 'provider', count: 2, offset: 1 });
    expect(context.session?.events.map((e) => e.uid)).toEqual(['evt_000001', 'evt_000002']);
  });

  it('reads Okta, Slack and 1Password session ids where each lands in the raw record', async () => {
    const store = await newCase({ tenantId: 'acme', multiTenant: true });
    const dir = await tempDir();
    const realshape = join(FIXTURES, 'realshape');
    await copyFile(`${realshape}/okta/test-okta-system-events.json`, join(dir, 'okta.json'));
    await copyFile(`${realshape}/slack/test-audit.json`, join(dir, 'slack.json'));
    await copyFile(`${realshape}/onepassword/test-auditevents.json`, join(dir, 'op.json'));
    await importFiles(store, [dir]);

    const rows = await queryRows(
      store.connection,
      `SELECT DISTINCT e.format, s.session_id FROM event_sessions s JOIN events e USING (tenant_id, uid) ORDER BY ALL`,
    );
    const byFormat = (format: string) => rows.filter((r) => r['format'] === format).map((r) => r['session_id']);
    expect(byFormat('okta')).toContain('102nZHzd6OHSfGG51vsoc22gw');
    expect(byFormat('okta')).not.toContain('unknown');
    expect(byFormat('slack')).toEqual(['913888259765']);
    expect(byFormat('onepassword-audit')).toContain('ODOHXUYQCJBUJKRGZNNPBJURPE');
  });

  it('groups the events without one by a gap under the case limit, and selects a gap session by its id', async () => {
    const store = await caseWithRecords(
      [
        record(1, 'alice', 0),
        record(2, 'alice', 20),
        record(3, 'alice', 45),
        record(4, 'alice', 100),
        record(5, 'alice', 110),
        record(6, 'bob', 21),
        record(7, 'alice', 46, { metadata: { session_id: 'elsewhere' } }),
      ],
      { tenantId: 'acme' },
    );

    const context = await eventContext(store, 'acme', 'evt_000002');
    const start = BigInt(Date.parse(at(0))) * 1000n;
    expect(context.session).toMatchObject({ id: `gap:${start}:alice`, kind: 'gap', count: 3, gapMinutes: 30 });
    expect(context.session?.events.map((e) => e.uid)).toEqual(['evt_000001', 'evt_000002', 'evt_000003']);
    expect(await uidsOf(store, `session:"gap:${start}:alice"`)).toEqual(['evt_000001', 'evt_000002', 'evt_000003']);
    const later = await eventContext(store, 'acme', 'evt_000005');
    expect(later.session?.events.map((e) => e.uid)).toEqual(['evt_000004', 'evt_000005']);
  });

  it('follows the case setting for the gap', async () => {
    const store = await caseWithRecords([record(1, 'alice', 0), record(2, 'alice', 20), record(3, 'alice', 45)], {
      tenantId: 'acme',
      sessionGapMinutes: 15,
    });
    const context = await eventContext(store, 'acme', 'evt_000003');
    expect(context.session).toMatchObject({ count: 1, gapMinutes: 15 });
  });
});
