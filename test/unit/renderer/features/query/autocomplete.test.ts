// The query bar's autocomplete: which word the caret is in, field names from the parser's list, and the text a
// picked suggestion leaves (always one the parser accepts).
import { describe, expect, it } from 'vitest';
import { parseQuery } from '@shared/domain/query-parser';
import {
  applySuggestion,
  contextQuery,
  fieldSuggestions,
  fixedValueSuggestions,
  tokenAt,
  valueFieldOf,
} from '../../../../../src/renderer/src/features/query/autocomplete';

describe('tokenAt', () => {
  it('finds a bare word being typed', () => {
    expect(tokenAt('ip:1.2.3.4 act', 14)).toEqual({ start: 11, end: 14, negated: false, field: null, typed: 'act' });
  });

  it('finds a field value, negated or quoted, with the caret inside the word', () => {
    expect(tokenAt('-actor:mar other', 10)).toMatchObject({
      start: 0,
      end: 10,
      negated: true,
      field: 'actor',
      typed: 'mar',
    });
    expect(tokenAt('x actor:"Bob Ba', 15)).toMatchObject({ start: 2, end: 15, field: 'actor', typed: 'Bob Ba' });
    expect(tokenAt('action:user.lo', 9)).toMatchObject({ start: 0, end: 14, field: 'action', typed: 'us' });
    expect(tokenAt('(action:us', 10)).toMatchObject({ start: 1, field: 'action', typed: 'us' });
  });
});

describe('suggestions', () => {
  it('completes `act` to `action:` and `a` to every field starting with it', () => {
    expect(fieldSuggestions(tokenAt('act', 3)).map((s) => s.label)).toEqual(['action:', 'actor:']);
    expect(fieldSuggestions(tokenAt('acti', 4)).map((s) => s.label)).toEqual(['action:']);
    expect(fieldSuggestions(tokenAt('a', 1)).map((s) => s.label)).toEqual([
      'action:',
      'actor:',
      'after:',
      'annotated:',
    ]);
    expect(fieldSuggestions(tokenAt('action:', 7))).toEqual([]);
    expect(fieldSuggestions(tokenAt('zz', 2))).toEqual([]);
  });

  it('asks for values only for fields that have them', () => {
    expect(valueFieldOf(tokenAt('actor:m', 7))).toBe('actor');
    expect(valueFieldOf(tokenAt('after:2025', 10))).toBeNull();
    expect(valueFieldOf(tokenAt('raw:x', 5))).toBeNull();
  });

  it('inserts a field name with the caret after its colon', () => {
    expect(
      applySuggestion('ip:1.2.3.4 act', tokenAt('ip:1.2.3.4 act', 14), {
        kind: 'field',
        field: 'action',
        label: 'action:',
      }),
    ).toEqual({
      text: 'ip:1.2.3.4 action:',
      caret: 18,
    });
  });

  it('inserts a value quoted when it must be, keeping the minus, with one space after it', () => {
    const text = '-actor:bo ip:1.2.3.4';
    const picked = applySuggestion(text, tokenAt(text, 9), {
      kind: 'value',
      field: 'actor',
      value: 'Bob Baker',
      count: 3,
      label: 'Bob Baker',
    });
    expect(picked.text).toBe('-actor:"Bob Baker" ip:1.2.3.4');
    expect(picked.caret).toBe(18);
    expect(parseQuery(picked.text)?.kind).toBe('and');
    const end = applySuggestion('action:us', tokenAt('action:us', 9), {
      kind: 'value',
      field: 'action',
      value: 'user.login',
      count: 1,
      label: '',
    });
    expect(end).toEqual({ text: 'action:user.login ', caret: 18 });
  });

  it('offers the three first_seen: values, with what each means, and picks one as a clause', () => {
    const token = tokenAt('actor:maria first_seen:', 23);
    expect(fixedValueSuggestions(token).map((s) => s.label)).toEqual(['ip', 'country', 'ua']);
    expect(fixedValueSuggestions(tokenAt('first_seen:c', 12))).toEqual([
      {
        kind: 'value',
        field: 'first_seen',
        value: 'country',
        count: null,
        hint: "actor's first use of a country",
        label: 'country',
      },
    ]);
    expect(fixedValueSuggestions(tokenAt('actor:ma', 8))).toEqual([]);
    const [ip] = fixedValueSuggestions(token);
    expect(ip && applySuggestion('actor:maria first_seen:', token, ip).text).toBe('actor:maria first_seen:ip ');
  });

  it('suggests the new fields by name', () => {
    expect(fieldSuggestions(tokenAt('fir', 3)).map((s) => s.label)).toEqual(['first_seen:']);
    expect(fieldSuggestions(tokenAt('co', 2)).map((s) => s.label)).toEqual(['country:']);
    expect(valueFieldOf(tokenAt('country:D', 9))).toBe('country');
    expect(valueFieldOf(tokenAt('session:a', 9))).toBeNull();
  });

  it('replaces the whole text with a recent query', () => {
    expect(applySuggestion('act', tokenAt('act', 3), { kind: 'history', query: 'actor:alice', label: '' })).toEqual({
      text: 'actor:alice',
      caret: 11,
    });
  });

  it('gives the rest of the query as the context of a value', () => {
    expect(
      contextQuery('ip:1.2.3.4 actor:ma outcome:failure', tokenAt('ip:1.2.3.4 actor:ma outcome:failure', 19)),
    ).toBe('ip:1.2.3.4 outcome:failure');
  });
});
