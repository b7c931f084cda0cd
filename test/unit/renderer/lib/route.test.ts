// The route (a copied link reproduces the view), read back from text that may have been edited by hand.
import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute } from '../../../../src/renderer/src/lib/route';

describe('route', () => {
  it('round-trips the query, zone, order, open event (index and uid), parked clauses, columns and density', () => {
    const state = {
      q: 'actor:"Bob Baker" ip:10.0.0.0/8 after:2025-10-16T02:00:00Z',
      tz: 'local' as const,
      order: 'asc' as const,
      sel: 14,
      ev: 'evt_41c&x=1#y',
      off: [
        { index: 1, text: '-outcome:success' },
        { index: 3, text: 'a OR b~c' },
      ],
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
