// Saved-query names (any script; no control characters; a length in characters) and the scope a saved query runs
// with: its range replacing the query's own, in its zone, each overridable for one run.
import { describe, expect, it } from 'vitest';
import { savedNameKey, savedNameProblem, savedScope } from '@shared/domain/saved-queries';

describe('savedNameProblem', () => {
  it('accepts any script, emoji, and the characters SQL and shells care about', () => {
    for (const name of ['登录失败', 'Ошибки', 'تسجيل الدخول', '👩‍💻 admin', `it's "x"; DROP TABLE --`, 'a\u202eb'])
      expect(savedNameProblem(name), name).toBeNull();
  });

  it('names the control character and where it is', () => {
    expect(savedNameProblem('ab\tc')).toBe(
      "A saved query's name cannot hold control characters (U+0009 at character 3).",
    );
    expect(savedNameProblem('🔥\x7f')).toMatch(/U\+007F at character 2\)/);
    expect(savedNameProblem('')).toBe('A saved query needs a name.');
    expect(savedNameProblem('é'.repeat(101))).toBe(
      "A saved query's name has at most 100 characters; this one has 101.",
    );
  });
});

describe('savedNameKey', () => {
  it('is one key for names that differ only in case or composition', () => {
    expect(savedNameKey('Straße')).toBe(savedNameKey('STRASSE'));
    expect(savedNameKey('Café')).toBe(savedNameKey('CAFE\u0301'));
    expect(savedNameKey('a')).not.toBe(savedNameKey('b'));
  });
});

describe('savedScope', () => {
  const saved = { query: 'actor:alice after:2020-01-01', from: '2025-10-16', to: null, zone: 'Europe/Berlin' };

  it('puts the range in place of the query’s own, in the saved zone', () => {
    expect(savedScope(saved, 'UTC')).toEqual({ query: 'actor:alice after:2025-10-16', timeZone: 'Europe/Berlin' });
  });

  it('takes overrides for one run, and the fallback zone when none was saved', () => {
    expect(savedScope(saved, 'UTC', { to: '2025-10-17', zone: 'Asia/Tokyo' })).toEqual({
      query: 'actor:alice after:2025-10-16 before:2025-10-17',
      timeZone: 'Asia/Tokyo',
    });
    expect(savedScope({ ...saved, from: null, zone: null }, 'America/New_York')).toEqual({
      query: 'actor:alice after:2020-01-01',
      timeZone: 'America/New_York',
    });
    // No range at all, saved or given: the query's own after:/before: stand.
    expect(savedScope(saved, 'UTC', { from: null })).toEqual({
      query: 'actor:alice after:2020-01-01',
      timeZone: 'Europe/Berlin',
    });
  });
});
