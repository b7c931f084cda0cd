// Query history: deduplicated (a query run again moves to the end), capped, and stepped through by Alt+←/→
// without being rewritten; stored lists from an older session merge under the session's own.
import { describe, expect, it } from 'vitest';
import {
  emptyHistory,
  mergeHistory,
  parseStoredHistory,
  recentQueries,
  recordQuery,
  stepHistory,
  type QueryHistory,
} from '../../../../../src/renderer/src/features/query/query-history';

const run = (...queries: string[]): QueryHistory => queries.reduce((h, q) => recordQuery(h, q), emptyHistory());

describe('query history', () => {
  it('records each query once, the newest last, and points at it', () => {
    expect(run('a', 'b', 'a')).toEqual({ entries: ['b', 'a'], cursor: 1 });
    expect(run('a', 'a')).toEqual({ entries: ['a'], cursor: 0 });
  });

  it('keeps at most the cap, dropping the oldest', () => {
    const h = ['1', '2', '3', '4'].reduce((acc, q) => recordQuery(acc, q, 3), emptyHistory());
    expect(h).toEqual({ entries: ['2', '3', '4'], cursor: 2 });
  });

  it('steps back and forward without rewriting the list, and stops at either end', () => {
    const h = run('a', 'b', 'c');
    const back = stepHistory(h, -1);
    expect(back?.query).toBe('b');
    const back2 = stepHistory(back!.history, -1);
    expect(back2?.query).toBe('a');
    expect(stepHistory(back2!.history, -1)).toBeNull();
    expect(stepHistory(back2!.history, 1)?.query).toBe('b');
    expect(back2?.history.entries).toEqual(['a', 'b', 'c']);
    expect(stepHistory(h, 1)).toBeNull();
    expect(stepHistory(emptyHistory(), -1)).toBeNull();
  });

  it('after stepping back, a new query goes to the end and the older ones stay reachable', () => {
    const back = stepHistory(run('a', 'b', 'c'), -1)!.history;
    const h = recordQuery(back, 'd');
    expect(h).toEqual({ entries: ['a', 'b', 'c', 'd'], cursor: 3 });
    // Running the entry that is on screen again (a zone switch re-runs it) changes nothing.
    expect(recordQuery(back, 'b').entries).toEqual(['a', 'c', 'b']);
  });

  it('merges a stored list under the session, the session winning duplicates and keeping its cursor', () => {
    const session = stepHistory(run('x', 'b'), -1)!.history;
    const merged = mergeHistory(['a', 'b', 'c'], session);
    expect(merged.entries).toEqual(['a', 'c', 'x', 'b']);
    expect(merged.entries[merged.cursor]).toBe('x');
  });

  it('offers recent non-empty queries containing the text, newest first, not the one typed', () => {
    const h = run('', 'actor:alice', 'ip:10.0.0.1', 'actor:bob', 'actor:alice');
    expect(recentQueries(h, '', 5)).toEqual(['actor:alice', 'actor:bob', 'ip:10.0.0.1']);
    expect(recentQueries(h, 'ACTOR', 1)).toEqual(['actor:alice']);
    expect(recentQueries(h, 'actor:alice', 5)).toEqual([]);
  });

  it('reads back only a list of strings from storage', () => {
    expect(parseStoredHistory('["a","b"]')).toEqual(['a', 'b']);
    expect(parseStoredHistory('["a",3,null]')).toEqual(['a']);
    expect(parseStoredHistory('{"a":1}')).toEqual([]);
    expect(parseStoredHistory('not json')).toEqual([]);
    expect(parseStoredHistory(null)).toEqual([]);
  });
});
