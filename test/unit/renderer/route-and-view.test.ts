// The route (a copied link reproduces the view) and the table's column and density settings, read back from text
// that may have been edited by hand.
import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute } from '../../../src/renderer/src/features/investigation/route';
import { DEFAULT_COLUMNS, parseColumns, parseDensity, withColumn } from '../../../src/renderer/src/features/events/view-prefs';
import { clauseInstant } from '../../../src/renderer/src/features/query/clause-time';

describe('route', () => {
  it('round-trips the query, zone, order, open event, parked clauses, columns and density', () => {
    const state = {
      q: 'actor:"Bob Baker" ip:10.0.0.0/8 after:2025-10-16T02:00:00Z',
      tz: 'local' as const,
      order: 'asc' as const,
      sel: 14,
      off: [{ index: 1, text: '-outcome:success' }, { index: 3, text: 'a OR b~c' }],
      cols: 'time,actor,ip',
      density: 'compact',
    };
    expect(parseRoute(formatRoute(state))).toEqual(state);
  });

  it('ignores what it does not know and defaults the query to empty', () => {
    expect(parseRoute('#tz=mars&order=up&sel=-1&off=x&foo=1')).toEqual({ q: '', off: [] });
    expect(parseRoute('')).toEqual({ q: '', off: [] });
  });
});

describe('columns and density', () => {
  it('reads known columns in the order listed, Time always first, and nothing from junk', () => {
    expect(parseColumns('ip,actor,bogus')).toEqual(['time', 'ip', 'actor']);
    expect(parseColumns('actor,time,actor')).toEqual(['time', 'actor']);
    expect(parseColumns('bogus')).toBeNull();
    expect(parseColumns('')).toBeNull();
    expect(parseDensity('roomy')).toBe('roomy');
    expect(parseDensity('huge')).toBeNull();
  });

  it('shows and hides a column in place; Time cannot be hidden', () => {
    const hidden = withColumn(DEFAULT_COLUMNS, 'ip', false);
    expect(hidden).toEqual(['time', 'actor', 'action', 'target', 'outcome', 'description']);
    expect(withColumn(hidden, 'ip', true)).toEqual([...DEFAULT_COLUMNS]);
    expect(withColumn(DEFAULT_COLUMNS, 'category', true)).toEqual(['time', 'actor', 'action', 'target', 'outcome', 'ip', 'category', 'description']);
    expect(withColumn(DEFAULT_COLUMNS, 'time', false)).toEqual([...DEFAULT_COLUMNS]);
  });
});

describe('clauseInstant', () => {
  it('gives the UTC instant of a time clause, reading a zone-less value in the display zone', () => {
    expect(clauseInstant('after:2025-10-16T02:00:00Z', 'America/New_York')).toBe('2025-10-16T02:00:00.000Z');
    expect(clauseInstant('before:2025-10-15T22:00:00-04:00', 'UTC')).toBe('2025-10-16T02:00:00.000Z');
    expect(clauseInstant('after:2025-10-15', 'America/New_York')).toBe('2025-10-15T04:00:00.000Z');
    expect(clauseInstant('after:2025-10-15', 'UTC')).toBe('2025-10-15T00:00:00.000Z');
    expect(clauseInstant('actor:alice', 'UTC')).toBeNull();
  });
});
