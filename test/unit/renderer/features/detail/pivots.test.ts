// The drawer's pivots as pure functions: the values inside a JSON column with their keys, where each format keeps its
// request id, which related lists an event gets, and the chips kept (switched off) when a related list's query runs.
import { describe, expect, it } from 'vitest';
import type { EventContext, NormalizedEvent } from '@shared/domain/audit-event';
import { MAX_PATH_KEYS } from '@shared/domain/query-ast';
import { parseQuery } from '@shared/domain/query-parser';
import { requestIdOf } from '@shared/domain/request-ids';
import { jsonLeaves } from '../../../../../src/renderer/src/features/detail/json-leaves';
import { parkedAround } from '../../../../../src/renderer/src/features/detail/keep-context';
import { relatedClause, relatedSpecs } from '../../../../../src/renderer/src/features/detail/related-specs';
import { addFieldClause, fieldClause } from '../../../../../src/renderer/src/features/query/query-text';

const event = (overrides: Partial<NormalizedEvent>): NormalizedEvent =>
  ({
    uid: 'e1',
    tenant_id: 'acme',
    occurred_at: '2025-01-01T09:00:00.000Z',
    format: 'generic',
    actor_email: 'alice@acme.io',
    ip: '203.0.113.5',
    raw: {},
    metadata: null,
    changes: null,
    ...overrides,
  }) as NormalizedEvent;

describe('jsonLeaves', () => {
  it('lists every value with its keys, arrays by index, values as json_extract_string gives them', () => {
    const { leaves, total } = jsonLeaves(
      { a: { b: 'x', n: 1.5, t: true, z: null }, list: [{ id: 'p' }, 'q'], e: {} },
      100,
    );
    expect(leaves).toEqual([
      { keys: ['a', 'b'], value: 'x' },
      { keys: ['a', 'n'], value: '1.5' },
      { keys: ['a', 't'], value: 'true' },
      { keys: ['a', 'z'], value: null },
      { keys: ['list', '0', 'id'], value: 'p' },
      { keys: ['list', '1'], value: 'q' },
      { keys: ['e'], value: '{}' },
    ]);
    expect(total).toBe(7);
  });

  it('stops at the limit but counts all, and keeps a subtree deeper than the language reads as one value', () => {
    const wide = Object.fromEntries(Array.from({ length: 1_000 }, (_, i) => [`k${i}`, i]));
    expect(jsonLeaves(wide, 10)).toMatchObject({ total: 1_000, leaves: { length: 10 } });
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100; i++) deep = { d: deep };
    const [leaf] = jsonLeaves(deep, 10).leaves;
    expect(leaf?.keys).toHaveLength(MAX_PATH_KEYS);
    expect(leaf?.value?.startsWith('{"d":')).toBe(true);
    expect(jsonLeaves('scalar', 10).total).toBe(0);
  });

  it('gives keys that parse back as the same dotted field, however odd', () => {
    for (const { keys, value } of jsonLeaves({ 'a.b': { $: { '[0]': { '*': { 'c"d': 'v' } } } } }, 10).leaves) {
      expect(parseQuery(fieldClause({ column: 'raw', keys }, value ?? ''))).toMatchObject({ kind: 'path', keys });
    }
  });
});

describe('requestIdOf', () => {
  it.each([
    ['cloudtrail', { requestID: 'r-ct' }, null, 'raw.requestID:r-ct'],
    [
      'okta',
      { debugContext: { debugData: { requestId: 'r-okta' } } },
      null,
      'raw.debugContext.debugData.requestId:r-okta',
    ],
    ['github', { request_id: 'r-gh' }, null, 'raw.request_id:r-gh'],
    ['generic', {}, { request_id: 'r-gen' }, 'metadata.request_id:r-gen'],
  ])('%s', (format, raw, metadata, clause) => {
    const id = requestIdOf(event({ format, raw, metadata }));
    expect(id && fieldClause({ column: id.column, keys: id.keys }, id.value)).toBe(clause);
  });

  it('has none where the format has none, the record lacks it, or it is not a string', () => {
    expect(requestIdOf(event({ format: 'slack', raw: { request_id: 'x' } }))).toBeNull();
    expect(requestIdOf(event({ format: 'cloudtrail', raw: { requestID: 7 } }))).toBeNull();
    expect(requestIdOf(event({ format: 'cloudtrail', raw: { requestID: '' } }))).toBeNull();
    expect(requestIdOf(event({ format: 'okta', raw: { debugContext: null } }))).toBeNull();
    expect(requestIdOf(event({ format: 'toString', raw: {} }))).toBeNull();
  });
});

describe('relatedSpecs', () => {
  const context = (session: EventContext['session']): EventContext =>
    ({ country: null, geoDatabase: { version: 'v', date: null }, firstUses: [], session }) as EventContext;

  it('adds the provider session (once the context says) and the request, each as a clause', () => {
    const e = event({ metadata: { request_id: 'req-77' } });
    const provider = { kind: 'provider', id: 's-1' } as EventContext['session'];
    const specs = relatedSpecs(e, context(provider));
    expect(specs.map((s) => [s.id, relatedClause(s)])).toEqual([
      ['actor', 'actor:alice@acme.io'],
      ['ip', 'ip:203.0.113.5'],
      ['session', 'session:s-1'],
      ['request', 'metadata.request_id:req-77'],
    ]);
    expect(relatedSpecs(e, null).map((s) => s.id)).toEqual(['actor', 'ip', 'request']);
    const gap = { kind: 'gap', id: 'gap:1:alice' } as EventContext['session'];
    expect(relatedSpecs(e, context(gap)).map((s) => s.id)).toEqual(['actor', 'ip', 'request']);
  });
});

describe('parkedAround (Show all keeps the filters, switched off)', () => {
  it('parks every chip of the current row after the new query’s clauses, without repeating one it has', () => {
    expect(
      parkedAround('ip:1.2.3.4 after:2025-01-01 before:2025-01-02', 'actor:alice -outcome:failure ip:1.2.3.4', [
        { text: 'category:auth', index: 1 },
      ]),
    ).toEqual([
      { text: 'actor:alice', index: 3 },
      { text: 'category:auth', index: 4 },
      { text: '-outcome:failure', index: 5 },
    ]);
    expect(parkedAround('session:s-1', '', [])).toEqual([]);
  });
});

describe('addFieldClause on dotted fields', () => {
  const field = { column: 'metadata', keys: ['client', 'app'] } as const;
  it('adds, leaves alone, and flips in place', () => {
    expect(addFieldClause('actor:alice', field, 'cli', false)).toBe('actor:alice metadata.client.app:cli');
    expect(addFieldClause('metadata.client.app:cli', field, 'cli', false)).toBe('metadata.client.app:cli');
    expect(addFieldClause('a metadata.client.app:cli b', field, 'cli', true)).toBe('a -metadata.client.app:cli b');
    expect(addFieldClause('-metadata.client.app:cli', field, 'cli', false)).toBe('metadata.client.app:cli');
    // Other keys are another clause.
    expect(addFieldClause('metadata.client:cli', field, 'cli', false)).toBe(
      'metadata.client:cli metadata.client.app:cli',
    );
  });
});
