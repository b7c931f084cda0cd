// Time-range rewrites on whole clauses: replacing, opening and splitting out the top-level after:/before: (the
// histogram's brush, "Search all time", a saved query's range), always leaving text the parser reads.
import { describe, expect, it } from 'vitest';
import { parseQuery } from '@shared/domain/query-parser';
import { clearTimeRange, pathName, quoteValue, setTimeRange, splitTimeRange } from '@shared/domain/query-edit';

describe('setTimeRange', () => {
  it('replaces the top-level range, leaving one nested in a group alone', () => {
    expect(setTimeRange('after:2025-01-01 actor:alice before:2025-02-01', '2025-10-16', '2025-10-17')).toBe(
      'actor:alice after:2025-10-16 before:2025-10-17',
    );
    expect(setTimeRange('actor:x (after:2025-01-01 OR ip:10.0.0.1)', '2025-10-16', null)).toBe(
      'actor:x (after:2025-01-01 OR ip:10.0.0.1) after:2025-10-16',
    );
  });

  it('leaves an end open when null, and the query as it is when both are', () => {
    expect(setTimeRange('outcome:failure after:2025-01-01', null, '2025-10-17T06:00:00+02:00')).toBe(
      'outcome:failure before:2025-10-17T06:00:00+02:00',
    );
    expect(setTimeRange('outcome:failure after:2025-01-01', null, null)).toBe('outcome:failure after:2025-01-01');
  });

  it('wraps a top-level OR and quotes a value with a space, so the result means what it says', () => {
    const query = setTimeRange('actor:a OR actor:b', '2025-10-16 02:00', null);
    expect(query).toBe('(actor:a OR actor:b) after:"2025-10-16 02:00"');
    expect(parseQuery(query)).toMatchObject({ kind: 'and' });
  });
});

describe('splitTimeRange', () => {
  it('takes out one after: and one before:, and setTimeRange puts them back', () => {
    const split = splitTimeRange('actor:alice after:"2025-10-16 02:00" -outcome:success before:2025-10-17');
    expect(split).toEqual({ query: 'actor:alice -outcome:success', from: '2025-10-16 02:00', to: '2025-10-17' });
    expect(setTimeRange(split.query, split.from, split.to)).toBe(
      'actor:alice -outcome:success after:"2025-10-16 02:00" before:2025-10-17',
    );
  });

  it('keeps the clauses in the query when there are two of one, or the text does not parse', () => {
    const twice = 'after:2025-01-01 after:2025-02-01 actor:alice';
    expect(splitTimeRange(twice)).toEqual({ query: twice, from: null, to: null });
    expect(splitTimeRange('after:2025-01-01 (')).toEqual({ query: 'after:2025-01-01 (', from: null, to: null });
    expect(splitTimeRange('before:2025-01-01')).toEqual({ query: '', from: null, to: '2025-01-01' });
    expect(clearTimeRange('-after:2025-01-01 x')).toBe('-after:2025-01-01 x');
  });
});

describe('pathName', () => {
  it.each<[string[], string]>([
    [['session_id'], 'metadata.session_id'],
    [
      ['a.b', 'c d', 'q"k', 'back\\slash', '*', '[0]', ':', 'cr\r\nlf'],
      'metadata."a.b"."c d"."q\\"k"."back\\\\slash"."*"."[0]".":"."cr\r\nlf"',
    ],
    [['$', 'x~y/z', '0'], 'metadata.$.x~y/z.0'],
  ])('writes %j so the parser reads the same keys back', (keys, written) => {
    expect(pathName('metadata', keys)).toBe(written);
    for (const v of ['plain', 'with space', 'star*', '-dash', 'q"uote']) {
      expect(parseQuery(`${pathName('metadata', keys)}:${quoteValue(v)}`)).toMatchObject({
        kind: 'path',
        column: 'metadata',
        keys,
        value: { text: v },
      });
    }
  });
});
