// The compiler's SQL is pinned (golden text and parameters): a change to it must be deliberate. Values the user
// typed only ever appear as parameters.
import { describe, expect, it } from 'vitest';
import type { QueryField, QueryNode } from '@shared/domain/query-ast';
import { compileQuery, instantMicros, likePattern } from '../../../../../src/main/core/store/query-sql';

const span = { start: 0, end: 0 };
const value = (text: string, literalStars: number[] = []) => ({ text, quoted: false, literalStars });
const field = (f: QueryField, text: string, literalStars: number[] = []): QueryNode => ({
  kind: 'field',
  field: f,
  value: value(text, literalStars),
  span,
});
const text = (t: string): QueryNode => ({ kind: 'text', value: value(t), span });
const and = (...children: QueryNode[]): QueryNode => ({ kind: 'and', children, span });
const or = (...children: QueryNode[]): QueryNode => ({ kind: 'or', children, span });
const not = (child: QueryNode): QueryNode => ({ kind: 'not', child, span });

const IPS = ['203.0.113.5', '203.0.113.200', '198.51.100.7', '2001:db8::1', '2001:db9::1', 'fe80::1%eth0'];
const FINDINGS: Record<string, { tenantId: string; uids: string[] }> = {
  '7': { tenantId: 'acme', uids: ['e1', 'e2'] },
};
const compile = (node: QueryNode | null, timeZone = 'UTC') =>
  compileQuery(node, {
    timeZone,
    distinctIps: async () => IPS,
    findingEvents: async (id) => FINDINGS[id] ?? { tenantId: '', uids: [] },
    sessionGapMinutes: 30,
  });

describe('compileQuery', () => {
  it("compiles finding:<id> to the finding's tenant and uids as bound parameters", async () => {
    const compiled = await compile(field('finding', '7'));
    expect(compiled.sql).toBe('coalesce(tenant_id = $1 AND uid IN (SELECT unnest($2::VARCHAR[])), false)');
    expect(compiled.params[0]).toBe('acme');
    expect(JSON.stringify(compiled.params[1])).toContain('e2');
  });

  it('matches everything for an empty query', async () => {
    expect(await compile(null)).toEqual({ sql: 'true', params: [] });
  });

  it('compiles field terms, negation and OR with bound parameters only', async () => {
    const compiled = await compile(
      and(field('action', 'user.login'), not(field('outcome', 'success')), or(field('actor', 'alice'), text('report'))),
    );
    expect(compiled.sql).toBe(
      '(coalesce(action ILIKE $1, false) AND (NOT coalesce(outcome ILIKE $2, false)) AND ' +
        '(coalesce(actor_id ILIKE $3 OR actor_name ILIKE $3 OR actor_email ILIKE $3 OR actor_email ILIKE $4, false) OR ' +
        'coalesce(action ILIKE $5 OR actor_id ILIKE $5 OR actor_name ILIKE $5 OR actor_email ILIKE $5 OR target_id ILIKE $5 OR target_name ILIKE $5 OR ip ILIKE $5 OR user_agent ILIKE $5, false)))',
    );
    // alice also matches alice@… through a prefix pattern.
    expect(compiled.params).toEqual(['user.login', 'success', 'alice', 'alice@%', '%report%']);
  });

  it('adds an ESCAPE clause only when a value holds a character LIKE would read as a wildcard', async () => {
    expect(await compile(field('target', '50%_off'))).toEqual({
      sql: "coalesce(target_id ILIKE $1 ESCAPE '\\' OR target_name ILIKE $1 ESCAPE '\\', false)",
      params: ['50\\%\\_off'],
    });
    expect(await compile(field('actor', 'bob@acme.io'))).toEqual({
      sql: 'coalesce(actor_id ILIKE $1 OR actor_name ILIKE $1 OR actor_email ILIKE $1, false)',
      params: ['bob@acme.io'],
    });
  });

  it('keeps injection attempts as data', async () => {
    const attack = "x' OR '1'='1'; DROP TABLE events; --";
    const compiled = await compile(and(field('actor', attack), text(attack), field('raw', attack)));
    expect(compiled.sql).not.toContain('DROP');
    expect(compiled.sql).not.toContain("'1'='1'");
    expect(compiled.params).toEqual([attack, `${attack}@%`, `%${attack}%`, `%${attack}%`]);
  });

  it('turns * into % and escapes LIKE metacharacters, keeping \\* literal', () => {
    expect(likePattern(value('user.*'))).toBe('user.%');
    expect(likePattern(value('50%_off\\'))).toBe('50\\%\\_off\\\\');
    expect(likePattern(value('a*b*', [1]))).toBe('a*b%');
    expect(likePattern(value('word'), true)).toBe('%word%');
  });

  it("compiles ip: exact, wildcard and CIDR blocks (matched against the case's addresses)", async () => {
    expect(await compile(field('ip', '203.0.113.5'))).toEqual({
      sql: 'coalesce(ip = $1, false)',
      params: ['203.0.113.5'],
    });
    expect(await compile(field('ip', '203.0.*'))).toEqual({ sql: 'coalesce(ip ILIKE $1, false)', params: ['203.0.%'] });
    const v4 = await compile(field('ip', '203.0.113.0/25'));
    expect(v4.sql).toBe('coalesce(ip IN (SELECT unnest($1::VARCHAR[])), false)');
    expect(JSON.stringify(v4.params[0], (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).toContain(
      '203.0.113.5',
    );
    expect(JSON.stringify(v4.params[0])).not.toContain('203.0.113.200');
    const v6 = await compile(field('ip', '2001:db8::/32'));
    expect(JSON.stringify(v6.params[0])).toContain('2001:db8::1');
    expect(JSON.stringify(v6.params[0])).not.toContain('2001:db9::1');
    expect(await compile(field('ip', '10.0.0.0/8'))).toEqual({ sql: 'false', params: [] });
  });

  it('compiles after: inclusive and before: exclusive, in the display zone unless the value has one', async () => {
    const berlin = await compile(
      and(field('after', '2025-01-15'), field('before', '2025-01-16T09:30:00Z')),
      'Europe/Berlin',
    );
    expect(berlin.sql).toBe(
      '(occurred_at >= make_timestamptz($1::BIGINT) AND occurred_at < make_timestamptz($2::BIGINT))',
    );
    expect(berlin.params).toEqual([
      BigInt(Date.parse('2025-01-14T23:00:00Z')) * 1000n,
      BigInt(Date.parse('2025-01-16T09:30:00Z')) * 1000n,
    ]);
  });
});

describe('instantMicros', () => {
  it.each([
    ['2025-03-14', 'UTC', '2025-03-14T00:00:00.000Z', 0n],
    ['2025-03-14T09:26:53', 'America/New_York', '2025-03-14T13:26:53.000Z', 0n],
    ['2025-03-14T09:26:53.123456Z', 'Europe/Berlin', '2025-03-14T09:26:53.123Z', 456n],
    ['2025-03-14T09:26:53+02:00', 'UTC', '2025-03-14T07:26:53.000Z', 0n],
    ['2025-03-14T09:26:53-05:30', 'UTC', '2025-03-14T14:56:53.000Z', 0n],
    ['0050-01-01T00:00:00Z', 'UTC', '0050-01-01T00:00:00.000Z', 0n],
  ])('%s in %s', (input, zone, iso, extraMicros) => {
    expect(instantMicros(input, zone)).toBe(BigInt(Date.parse(iso)) * 1000n + extraMicros);
  });
});

describe('uid:', () => {
  it('compares the id exactly and case-sensitively, as a parameter', async () => {
    expect(await compile(field('uid', "Ab' OR 1=1 --*", [13]))).toEqual({
      sql: 'coalesce(uid = $1, false)',
      params: ["Ab' OR 1=1 --*"],
    });
  });
});

describe('country:, first_seen: and session:', () => {
  it('select through the derived tables, values as parameters', async () => {
    expect(await compile(field('country', 'de'))).toEqual({
      sql: 'coalesce(ip IN (SELECT ip FROM ip_countries WHERE country ILIKE $1), false)',
      params: ['de'],
    });
    expect(await compile(field('first_seen', 'UA'))).toEqual({
      sql: 'coalesce((tenant_id, uid) IN (SELECT tenant_id, uid FROM first_seen WHERE kind = $1), false)',
      params: ['ua'],
    });
    expect(await compile(field('session', "x' OR 1=1"))).toEqual({
      sql: 'coalesce((tenant_id, uid) IN (SELECT tenant_id, uid FROM event_sessions WHERE session_id = $1), false)',
      params: ["x' OR 1=1"],
    });
  });

  it("compiles a gap session to the actor's run of events from its start, the gap a parameter", async () => {
    const compiled = await compile(field('session', "gap:1760580432412000:o'brien"));
    expect(compiled.params).toEqual(["o'brien", 1760580432412000n, 30]);
    expect(compiled.sql).toContain('make_timestamptz($2::BIGINT)');
    expect(compiled.sql).toContain('to_minutes($3::BIGINT)');
    expect(compiled.sql).not.toContain('brien');
  });
});

describe('dotted fields and user_agent', () => {
  const path = (column: 'metadata' | 'changes' | 'raw', keys: string[], t: string): QueryNode => ({
    kind: 'path',
    column,
    keys,
    value: value(t),
    span,
  });

  it('compiles user_agent: like the other column fields', async () => {
    expect(await compile(field('user_agent', 'curl/*'))).toEqual({
      sql: 'coalesce(user_agent ILIKE $1, false)',
      params: ['curl/%'],
    });
  });

  it('reads a JSON column by a bound JSON pointer, the value bound too', async () => {
    expect(await compile(not(path('raw', ['userIdentity', 'arn'], 'arn:*')))).toEqual({
      sql: '(NOT coalesce(json_extract_string(raw, $1) ILIKE $2, false))',
      params: ['/userIdentity/arn', 'arn:%'],
    });
    expect((await compile(path('changes', ['role', 'new'], 'admin'))).params).toEqual(['/role/new', 'admin']);
  });

  it('never puts a hostile key into the SQL text: quotes, `$`, `[`, `*`, CR/LF, `~` and `/`', async () => {
    const keys = [`a'b"c`, '$', '[0]', '*', 'cr\r\nlf', 'x~y/z', "'); DROP TABLE events; --"];
    const compiled = await compile(path('metadata', keys, 'v'));
    expect(compiled.sql).toBe('coalesce(json_extract_string(metadata, $1) ILIKE $2, false)');
    expect(compiled.params[0]).toBe(`/a'b"c/$/[0]/*/cr\r\nlf/x~0y~1z/'); DROP TABLE events; --`);
  });

  it('refuses a column outside the closed list, whatever a tree says', async () => {
    const bad = { ...path('raw', ['a'], 'b'), column: 'raw) OR (true' } as unknown as QueryNode;
    await expect(compile(bad)).rejects.toThrow(/Unknown JSON column/);
  });
});
