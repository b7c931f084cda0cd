// The clause chips: a chip switched off leaves the query (so the results widen) but stays in the row, and comes back
// where it was; the query text is always one the parser reads the same way.
import { describe, expect, it } from 'vitest';
import { parseQuery } from '@shared/domain/query-parser';
import { chipList, removeChip, toggleChip } from '../../../../../src/renderer/src/features/query/chips';
import { clauseList, insertClause } from '../../../../../src/renderer/src/features/query/query-text';

const texts = (query: string) => clauseList(query).map((c) => c.text);

describe('clauseList', () => {
  it('gives each top-level clause as typed, groups and negations whole', () => {
    expect(texts('actor:alice -outcome:success (ip:10.0.0.1 OR ip:10.0.0.2) "free text"')).toEqual([
      'actor:alice',
      '-outcome:success',
      '(ip:10.0.0.1 OR ip:10.0.0.2)',
      '"free text"',
    ]);
  });

  it('gives one chip for a single clause or a top-level OR, and none for an empty or broken query', () => {
    expect(texts('actor:alice')).toEqual(['actor:alice']);
    expect(texts('a OR b')).toEqual(['a OR b']);
    expect(texts('   ')).toEqual([]);
    expect(texts('actor:"alice')).toEqual([]);
  });
});

describe('insertClause', () => {
  it('puts a clause back before the clause now at its index, or at the end', () => {
    expect(insertClause('a c', 'b', 1)).toBe('a b c');
    expect(insertClause('a c', 'b', 0)).toBe('b a c');
    expect(insertClause('a c', 'b', 5)).toBe('a c b');
    expect(insertClause('', 'b', 0)).toBe('b');
  });

  it('keeps an OR clause an OR: wrapped when it is not already, and the query wrapped when it is one', () => {
    expect(insertClause('c', 'a OR b', 1)).toBe('c (a OR b)');
    expect(insertClause('c', '(a OR b)', 1)).toBe('c (a OR b)');
    expect(insertClause('c', '(a) OR (b)', 1)).toBe('c ((a) OR (b))');
    expect(insertClause('x OR y', 'b', 0)).toBe('(x OR y) b');
    // The result means "c AND (a OR b)", not "(c AND a) OR b".
    expect(parseQuery(insertClause('c', 'a OR b', 1))?.kind).toBe('and');
  });
});

describe('chips', () => {
  const start = { query: 'actor:alice -outcome:success ip:192.0.2.66', parked: [] };

  it('switches a chip off: out of the query, still in the row at its place', () => {
    const off = toggleChip(start, 1);
    expect(off.query).toBe('actor:alice ip:192.0.2.66');
    expect(chipList(off.query, off.parked)).toEqual([
      { text: 'actor:alice', enabled: true },
      { text: '-outcome:success', enabled: false },
      { text: 'ip:192.0.2.66', enabled: true },
    ]);
  });

  it('switches it back on where it was', () => {
    const back = toggleChip(toggleChip(start, 1), 1);
    expect(back).toEqual(start);
  });

  it('keeps several chips off at their places and brings each back in order', () => {
    const two = toggleChip(toggleChip(start, 0), 2);
    expect(two.query).toBe('-outcome:success');
    expect(chipList(two.query, two.parked).map((c) => `${c.enabled ? '+' : '○'}${c.text}`)).toEqual([
      '○actor:alice',
      '+-outcome:success',
      '○ip:192.0.2.66',
    ]);
    expect(toggleChip(two, 2).query).toBe('-outcome:success ip:192.0.2.66');
    expect(toggleChip(two, 0).query).toBe('actor:alice -outcome:success');
  });

  it('removes a chip for good, on or off, and later parked chips move up', () => {
    const off = toggleChip(start, 2);
    const removed = removeChip(off, 0);
    expect(removed.query).toBe('-outcome:success');
    expect(chipList(removed.query, removed.parked)).toEqual([
      { text: '-outcome:success', enabled: true },
      { text: 'ip:192.0.2.66', enabled: false },
    ]);
    expect(removeChip(removed, 1)).toEqual({ query: '-outcome:success', parked: [] });
  });

  it('ignores a position outside the row', () => {
    expect(toggleChip(start, 7)).toBe(start);
    expect(removeChip(start, -1)).toBe(start);
  });
});
